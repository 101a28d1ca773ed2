/**
 * Requests as Slack sends them: form-encoded slash commands and interaction payloads, Events API JSON,
 * each signed with the signing secret (v0 HMAC-SHA256 over `v0:timestamp:body`).
 */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM_ID = 'T0TEST';

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

export function signed(
  body: string,
  contentType: string,
  options: { secret?: string; timestamp?: number; retryNum?: number } = {},
): SignedRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature(body, timestamp, options.secret),
      ...(options.retryNum !== undefined
        ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {}),
    },
  };
}

export interface SlackUserRef {
  id: string;
  name: string;
}

export function slashCommand(
  user: SlackUserRef,
  text: string,
  responseUrl: string,
  extra: Record<string, string> = {},
): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: user.id,
    user_name: user.name,
    command: '/workspace',
    text,
    api_app_id: 'A0TEST',
    response_url: responseUrl,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    ...extra,
  }).toString();
}

/** What every interaction payload carries: who, from which workspace and app, with a fresh trigger id. */
function interaction(type: string, user: SlackUserRef) {
  return {
    type,
    team: { id: TEAM_ID, domain: 'test' },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
    api_app_id: 'A0TEST',
    token: 'deprecated-verification-token',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  };
}

function form(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A click on a button (or overflow option) the bot rendered. */
export function blockAction(
  user: SlackUserRef,
  action: { action_id: string; value?: string; selected_option?: { value: string } },
  responseUrl: string,
  message: { ts: string; channel?: string } = { ts: '1700000000.000100' },
): string {
  const payload = {
    ...interaction('block_actions', user),
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel ?? 'C0GENERAL',
      is_ephemeral: true,
    },
    channel: { id: message.channel ?? 'C0GENERAL', name: 'general' },
    response_url: responseUrl,
    actions: [
      {
        block_id: 'b1',
        type: action.selected_option ? 'overflow' : 'button',
        action_ts: `${Date.now() / 1000}`,
        ...action,
      },
    ],
  };
  return form(payload);
}

/** A click on a button of the App Home tab: Slack sends the view as container and no response_url. */
export function homeTabAction(user: SlackUserRef, action: { action_id: string; value: string }): string {
  const payload = {
    ...interaction('block_actions', user),
    container: { type: 'view', view_id: `V0HOME${Math.random().toString(36).slice(2, 8)}` },
    view: { id: 'V0HOME', type: 'home' },
    actions: [{ block_id: 'b1', type: 'button', action_ts: `${Date.now() / 1000}`, ...action }],
  };
  return form(payload);
}

/** The submission of a modal. */
export function viewSubmission(user: SlackUserRef, view: Record<string, unknown>): string {
  const payload = {
    ...interaction('view_submission', user),
    view,
  };
  return form(payload);
}

export function appHomeOpened(user: SlackUserRef, eventId = `Ev${Date.now()}`): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: user.id, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` },
  });
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export async function post(
  url: string,
  request: SignedRequest,
): Promise<{ status: number; body: string; json?: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const body = await response.text();
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, body, json };
}
