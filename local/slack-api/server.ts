/**
 * The HTTP side: `/api/<method>` answers like Slack's Web API (rate limits, auth, armed failures, then the method),
 * and `/actions/<id>` takes `response_url` posts. Everything answered is recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { blocksTextLength, SLACK_LIMITS } from '../../bot/slack/blocks/limits';
import { readBody } from '../http/body';
import { sendJson } from '../http/send-json';
import { messageBlockProblems } from './block-kit';
import type { Faults } from './faults';
import { METHODS, MethodError } from './methods';
import type { Recorder } from './recorder';
import { decodeRequest, parseJsonObject, UnreadableBody } from './request';
import type { Team } from './team';
import type { ResponseUrlPost, SlackAnswer } from './types';

export const API_PATH = '/api/';
export const RESPONSE_URL_PATH = '/actions/';

export interface ServerParts {
  team: Team;
  recorder: Recorder;
  faults: Faults;
  tokens: ReadonlySet<string>;
  /** Known once the server listens. */
  url: () => string;
}

export async function handleRequest(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const body = (await readBody(req)).toString('utf8');
  if (parts.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, parts.faults.latencyMs));
  if (url.pathname.startsWith(API_PATH)) {
    await handleApiCall(parts, decodeURIComponent(url.pathname.slice(API_PATH.length)), req, url, body, res);
  } else if (url.pathname.startsWith(RESPONSE_URL_PATH) && req.method === 'POST') {
    handleResponseUrl(parts, decodeURIComponent(url.pathname.slice(RESPONSE_URL_PATH.length)), body, res);
  } else {
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }
}

async function handleApiCall(
  parts: ServerParts,
  method: string,
  req: IncomingMessage,
  url: URL,
  body: string,
  res: ServerResponse,
): Promise<void> {
  const retryAfterSeconds = parts.faults.takeRateLimit();
  if (retryAfterSeconds !== undefined) {
    parts.recorder.emit({ type: 'rate-limited', method, retryAfterSeconds });
    sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(retryAfterSeconds) });
    return;
  }
  const warnings: string[] = [];
  let decoded: ReturnType<typeof decodeRequest> | undefined;
  let answer: SlackAnswer;
  try {
    decoded = decodeRequest(req, url, body);
    answer = { ok: true, ...answerCall(parts, method, decoded, (warning) => warnings.push(warning)) };
  } catch (error) {
    if (error instanceof MethodError) answer = error.answer() as SlackAnswer;
    else if (error instanceof UnreadableBody) answer = { ok: false, error: error.error };
    else throw error;
  }
  // Slack names an unknown method in its answer; every other answer is about the call itself.
  if (answer.error === 'unknown_method') answer.req_method = method;
  parts.recorder.emit({
    type: 'call',
    call: {
      method,
      args: decoded?.args ?? {},
      contentType: decoded?.contentType ?? 'form',
      token: decoded?.token,
      answer,
      warnings,
      at: new Date(),
    },
  });
  sendJson(res, 200, answer);
}

function answerCall(
  parts: ServerParts,
  method: string,
  decoded: ReturnType<typeof decodeRequest>,
  warn: (warning: string) => void,
): Record<string, unknown> {
  const handler = METHODS[method];
  if (!handler) throw new MethodError('unknown_method');
  if (decoded.token === undefined) throw new MethodError('not_authed');
  if (!parts.tokens.has(decoded.token)) throw new MethodError('invalid_auth');
  const failure = parts.faults.takeFailure(method);
  if (failure !== undefined) throw new MethodError(failure);
  return handler({ team: parts.team, args: decoded.args, url: parts.url(), warn });
}

/** A response_url post: refused with HTTP 400 and Slack's error code when its blocks would not render. */
function handleResponseUrl(parts: ServerParts, id: string, body: string, res: ServerResponse): void {
  const fault = parts.faults.responseUrlFault(id);
  if (fault === 'hang') {
    parts.recorder.emit({ type: 'response-refused', id, fault });
    return;
  }
  if (fault !== undefined) {
    parts.recorder.emit({ type: 'response-refused', id, fault });
    res.writeHead(fault, { 'Content-Type': 'text/plain' }).end(fault === 404 ? 'no_active_hooks' : 'error');
    return;
  }
  let post: ResponseUrlPost;
  try {
    const payload = parseJsonObject(body);
    const problems = payload.blocks === undefined ? [] : messageBlockProblems(payload.blocks);
    const empty = payload.text === undefined && payload.blocks === undefined && payload.delete_original !== true;
    const tooLong = payload.blocks !== undefined && blocksTextLength(payload.blocks) > SLACK_LIMITS.messageBlocksText;
    const error =
      problems.length > 0 ? 'invalid_blocks' : tooLong ? 'msg_blocks_too_long' : empty ? 'no_text' : undefined;
    post = { id, body: payload, ok: error === undefined, problems, at: new Date(), ...(error ? { error } : {}) };
  } catch (error) {
    if (!(error instanceof UnreadableBody)) throw error;
    post = { id, body: {}, ok: false, error: 'invalid_payload', problems: [], at: new Date() };
  }
  parts.recorder.emit({ type: 'response', post });
  sendJson(res, post.ok ? 200 : 400, post.ok ? { ok: true } : { ok: false, error: post.error });
}
