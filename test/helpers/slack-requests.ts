/**
 * Requests as Slack sends them, for the tests: the playground's own builders (local/playground/slack-payloads.ts,
 * one source for the payload shapes and the v0 signature) with the tests' team, secret and defaults.
 */
import {
  appHomeOpenedBody,
  blockActionsBody,
  type ChannelRef,
  FORM,
  JSON_TYPE,
  newTriggerId,
  type SignedRequest,
  type SlackTeamRef,
  type SlackUserRef,
  signRequest,
  slashCommandBody,
  viewSubmissionBody,
} from '../../local/playground/slack-payloads';

export { FORM, JSON_TYPE, type SignedRequest, type SlackUserRef };

export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM_ID = 'T0TEST';
const TEAM: SlackTeamRef = { id: TEAM_ID, domain: 'test', appId: 'A0TEST', botUserId: 'U0BOT' };
const GENERAL: ChannelRef = { id: 'C0GENERAL', name: 'general' };

/** Signed with the tests' secret unless told otherwise; `retryNum` adds the headers of Slack's retries. */
export function signed(
  body: string,
  contentType: string,
  options: { secret?: string; timestamp?: number; retryNum?: number } = {},
): SignedRequest {
  const request = signRequest(
    options.secret ?? SIGNING_SECRET,
    body,
    contentType,
    options.timestamp !== undefined ? options.timestamp * 1000 : Date.now(),
  );
  if (options.retryNum === undefined) return request;
  return {
    ...request,
    headers: {
      ...request.headers,
      'x-slack-retry-num': String(options.retryNum),
      'x-slack-retry-reason': 'http_timeout',
    },
  };
}

/** `/workspace <text>` typed in #general, unless another channel (or a DM, `D…`) is given. */
export function slashCommand(
  user: SlackUserRef,
  text: string,
  responseUrl: string,
  channel: ChannelRef = GENERAL,
): string {
  return slashCommandBody({
    team: TEAM,
    user,
    channel,
    command: '/workspace',
    text,
    responseUrl,
    triggerId: newTriggerId(),
  });
}

/** A click on a button (or an overflow option) the bot rendered in a message; `clickedAt` (ms) sets its action_ts. */
export function blockAction(
  user: SlackUserRef,
  action: { action_id: string; value?: string; selected_option?: { value: string } },
  responseUrl: string,
  message: { ts: string; channel?: string } = { ts: '1700000000.000100' },
  clickedAt?: number,
): string {
  return blockActionsBody({
    team: TEAM,
    user,
    container: {
      type: 'message',
      channel: message.channel ? { id: message.channel, name: message.channel } : GENERAL,
      messageTs: message.ts,
      ephemeral: true,
      responseUrl,
    },
    action: { type: action.selected_option ? 'overflow' : 'button', block_id: 'b1', ...action },
    triggerId: newTriggerId(),
    ...(clickedAt !== undefined ? { now: clickedAt } : {}),
  });
}

/** A click on a button of the App Home tab: Slack sends the view as container and no response_url. */
export function homeTabAction(user: SlackUserRef, action: { action_id: string; value: string }): string {
  return blockActionsBody({
    team: TEAM,
    user,
    container: { type: 'view', view: { id: `V0HOME${Math.random().toString(36).slice(2, 8)}`, type: 'home' } },
    action: { type: 'button', block_id: 'b1', ...action },
    triggerId: newTriggerId(),
  });
}

/** The submission of a modal: the view as the bot opened it, and what was typed into it. */
export function viewSubmission(
  user: SlackUserRef,
  view: Record<string, unknown>,
  values: Record<string, Record<string, unknown>>,
): string {
  return viewSubmissionBody({ team: TEAM, user, view, values, triggerId: newTriggerId() });
}

export function appHomeOpened(user: SlackUserRef, eventId?: string): string {
  return appHomeOpenedBody({ team: TEAM, user, dmChannel: 'D0HOME', ...(eventId ? { eventId } : {}) });
}

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
