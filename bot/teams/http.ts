/**
 * The Teams entry point (`POST /teams/messages`): an API Gateway HTTP API event in, botbuilder's
 * `CloudAdapter.process(req, res, logic)` in the middle, its answer out. botbuilder authenticates the activity; the
 * shim refuses before that what no real activity is: a body past MAX_BODY_BYTES (413), one that is not a JSON
 * object (400), another channel than Teams or a serviceUrl the bot must not post its token to (401). Refusals carry a plain status text, never
 * botbuilder's internal message. An invoke answered by `logic` (`invokeResponse`) comes back as the HTTP body.
 */
import type { TurnContext } from 'botbuilder';
import type { Log } from '../../core/logger';
import type { HttpEvent, HttpHandler, HttpResult } from '../http/types';
import { isAuthenticatingAdapter, type TeamsAdapter } from './adapter';

/** The only channel served: a token endorsed for another (Web Chat, say) is not a Teams activity. */
const TEAMS_CHANNEL = 'msteams';

/** Activities are a few kilobytes; an Adaptive Card's submitted inputs stay far under this. */
export const MAX_BODY_BYTES = 64 * 1024;

const PLAIN = { 'content-type': 'text/plain; charset=utf-8' };

function plain(statusCode: number, text: string): HttpResult {
  return { statusCode, headers: { ...PLAIN }, body: text };
}

/** What botbuilder's `process` writes to: the minimal Node-style response it expects. */
class CapturedResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown;
  ended = false;
  readonly socket = undefined;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}

export function teamsHttpHandler(
  teams: TeamsAdapter,
  logic: (context: TurnContext) => Promise<void>,
  options: { log?: Log } = {},
): HttpHandler {
  // An adapter made any other way may have authentication off; the entry point is never built on one.
  if (!isAuthenticatingAdapter(teams)) {
    throw new Error('teamsHttpHandler serves only an adapter made by createTeamsAdapter (authentication on).');
  }
  return async (event: HttpEvent) => {
    const raw = event.body ?? '';
    const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) return plain(413, 'Request too large.');
    let activity: unknown;
    try {
      activity = JSON.parse(text);
    } catch {
      return plain(400, 'Bad request.');
    }
    if (!isActivity(activity)) return plain(400, 'Bad request.');
    const { serviceUrl, channelId } = activity;
    if (channelId !== TEAMS_CHANNEL || typeof serviceUrl !== 'string' || !teams.serviceUrlAllowed(serviceUrl)) {
      options.log?.warn('Teams activity refused: not from the Teams channel and service', {
        channelId: String(channelId).slice(0, 40),
      });
      return plain(401, 'Unauthorized.');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    const req = { method: event.requestContext.http.method, headers, body: activity };
    const res = new CapturedResponse();
    try {
      await teams.adapter.process(req, res, logic);
    } catch (error) {
      // botbuilder answers its own failures; what escapes it is ours to answer, without its text.
      options.log?.error('Teams activity failed', { error: error instanceof Error ? error.message : String(error) });
      return plain(500, 'Internal error.');
    }
    return answer(res, options.log);
  };
}

type Account = { id: string };
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isAccount = (value: unknown): value is Account => isObject(value) && typeof value.id === 'string';

/**
 * What every activity Teams posts has, and botbuilder and the conversation rely on: a type, and the conversation,
 * sender and recipient with their ids. Anything else is refused before any of it runs.
 */
function isActivity(value: unknown): value is Record<string, unknown> & {
  type: string;
  conversation: Account;
  from: Account;
  recipient: Account;
  serviceUrl?: unknown;
  channelId?: unknown;
} {
  return (
    isObject(value) &&
    typeof value.type === 'string' &&
    value.type !== '' &&
    isAccount(value.conversation) &&
    isAccount(value.from) &&
    isAccount(value.recipient)
  );
}

/** botbuilder's answer as an HTTP result; its error texts (strings) are logged, not sent. */
function answer(res: CapturedResponse, log: Log | undefined): HttpResult {
  const { statusCode, body } = res;
  if (typeof body === 'string' || (statusCode >= 400 && body === undefined)) {
    if (statusCode === 401) {
      log?.warn('Teams activity refused by authentication', { reason: body });
      return plain(401, 'Unauthorized.');
    }
    if (statusCode >= 500) {
      log?.error('Teams activity failed', { reason: body });
      return plain(statusCode, 'Internal error.');
    }
    if (statusCode >= 400) return plain(statusCode, 'Bad request.');
  }
  if (body === undefined || body === null) return { statusCode, headers: { ...res.headers }, body: '' };
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...res.headers },
    body: JSON.stringify(body),
  };
}
