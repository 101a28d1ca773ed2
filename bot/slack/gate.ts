/**
 * What Slack's requests must be before Bolt sees them: at most MAX_BODY_BYTES, a timestamp within 5 minutes either
 * way, a `v0=` signature that verifies, a body that parses, and (when SLACK_TEAM_IDS is set) a workspace the bot
 * was installed for. Anything else is refused with a plain status and no internal text, and nothing is done.
 * The signature is verified before anything is parsed, so an unsigned request learns nothing about the parser.
 */
import { isValidSlackRequest } from '@slack/bolt';
import type { HttpEvent, HttpResult } from '../http/types';

/** Slack's payloads are a few kilobytes; a modal's state stays far under this. */
export const MAX_BODY_BYTES = 64 * 1024;
/** How far a request's timestamp may be from now, either way. */
const MAX_SKEW_SECONDS = 5 * 60;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

function refuse(statusCode: number, text: string): HttpResult {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

function header(event: HttpEvent, name: string): string | undefined {
  return event.headers?.[name] ?? undefined;
}

/** The team (or enterprise) a verified body names, when it names one. */
function teamsOf(body: string, contentType: string): string[] | 'unreadable' {
  try {
    if (contentType.startsWith('application/json')) {
      const json = JSON.parse(body) as { team_id?: string; enterprise_id?: string; type?: string };
      return [json.team_id, json.enterprise_id].filter((id): id is string => typeof id === 'string');
    }
    if (!contentType.startsWith('application/x-www-form-urlencoded')) return 'unreadable';
    const form = new URLSearchParams(body);
    const payload = form.get('payload');
    if (payload === null) return [form.get('team_id'), form.get('enterprise_id')].filter((id) => id !== null);
    const parsed = JSON.parse(payload) as {
      team?: { id?: string } | null;
      user?: { team_id?: string };
      enterprise?: { id?: string } | null;
    };
    return [parsed.team?.id, parsed.user?.team_id, parsed.enterprise?.id].filter(
      (id): id is string => typeof id === 'string',
    );
  } catch {
    return 'unreadable';
  }
}

export interface GateOptions {
  signingSecret: string;
  /** Workspaces (or an enterprise grid) the bot serves; unset: any that signs with the secret. */
  teamIds?: readonly string[];
  now?: () => number;
}

/** Undefined when the request may go on to Bolt; else the answer that refuses it. */
export function refusal(event: HttpEvent, options: GateOptions): HttpResult | undefined {
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return refuse(413, 'Request too large.');
  const timestamp = Number(header(event, 'x-slack-request-timestamp'));
  const signature = header(event, 'x-slack-signature') ?? '';
  const nowSeconds = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const signed =
    Number.isInteger(timestamp) &&
    Math.abs(nowSeconds - timestamp) <= MAX_SKEW_SECONDS &&
    SIGNATURE.test(signature) &&
    isValidSlackRequest({
      signingSecret: options.signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: nowSeconds * 1000,
    });
  if (!signed) return refuse(401, 'Unauthorized.');
  const teams = teamsOf(body, header(event, 'content-type') ?? '');
  if (teams === 'unreadable') return refuse(400, 'Bad request.');
  if (options.teamIds && teams.length > 0 && !teams.some((team) => options.teamIds!.includes(team))) {
    return refuse(403, 'This Slack workspace is not served by this bot.');
  }
  return undefined;
}
