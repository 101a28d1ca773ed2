/**
 * What Slack sends an app, built the way Slack builds it: form-encoded slash commands and interaction payloads,
 * Events API JSON, each signed with the app's signing secret (v0 HMAC-SHA256 over `v0:timestamp:body`). The
 * playground's server side uses these; the browser never sees the secret.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
/** Slack still sends the deprecated verification token; the bot must not rely on it. */
const VERIFICATION_TOKEN = 'playground-verification-token';

export interface SlackTeamRef {
  id: string;
  domain: string;
  appId: string;
  botUserId: string;
}

export interface SlackUserRef {
  id: string;
  name: string;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

function slackSignature(secret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signRequest(secret: string, body: string, contentType: string, now = Date.now()): SignedRequest {
  const timestamp = Math.floor(now / 1000);
  return {
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(secret, body, timestamp),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    },
  };
}

/** A trigger id as Slack makes them: good for one views.open within 3 seconds. */
export function newTriggerId(): string {
  return `${Date.now()}.${randomBytes(6).toString('hex')}`;
}

export interface ChannelRef {
  id: string;
  name: string;
}

export function slashCommandBody(input: {
  team: SlackTeamRef;
  user: SlackUserRef;
  channel: ChannelRef;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}): string {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: input.team.id,
    team_domain: input.team.domain,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: input.team.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  }).toString();
}

/** The action as Slack reports it: what was clicked or chosen, and when. */
export interface ClickedAction {
  type: string;
  action_id: string;
  block_id: string;
  value?: string;
  text?: unknown;
  style?: string;
  selected_option?: unknown;
}

/** Where the click happened: a message (with its response_url) or a view (the home tab, a modal). */
export type ActionContainer =
  | {
      type: 'message';
      channel: ChannelRef;
      messageTs: string;
      ephemeral: boolean;
      responseUrl: string;
      /** The message as Slack has it; Slack sends it for messages that are not ephemeral. */
      message?: Record<string, unknown>;
    }
  | { type: 'view'; view: Record<string, unknown> };

function userJson(team: SlackTeamRef, user: SlackUserRef) {
  return { id: user.id, username: user.name, name: user.name, team_id: team.id };
}

export function blockActionsBody(input: {
  team: SlackTeamRef;
  user: SlackUserRef;
  container: ActionContainer;
  action: ClickedAction;
  triggerId: string;
  now?: number;
}): string {
  const { team, container } = input;
  const actionTs = ((input.now ?? Date.now()) / 1000).toFixed(6);
  const where =
    container.type === 'message'
      ? {
          container: {
            type: 'message',
            message_ts: container.messageTs,
            channel_id: container.channel.id,
            is_ephemeral: container.ephemeral,
          },
          channel: container.channel,
          ...(container.message && !container.ephemeral ? { message: container.message } : {}),
          response_url: container.responseUrl,
        }
      : {
          container: { type: 'view', view_id: String(container.view.id ?? '') },
          view: container.view,
        };
  const payload = {
    type: 'block_actions',
    user: userJson(team, input.user),
    api_app_id: team.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    team: { id: team.id, domain: team.domain },
    enterprise: null,
    is_enterprise_install: false,
    ...where,
    state: { values: {} },
    actions: [{ ...input.action, action_ts: actionTs }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function viewSubmissionBody(input: {
  team: SlackTeamRef;
  user: SlackUserRef;
  view: Record<string, unknown>;
  values: Record<string, Record<string, unknown>>;
  triggerId: string;
}): string {
  const payload = {
    type: 'view_submission',
    team: { id: input.team.id, domain: input.team.domain },
    user: userJson(input.team, input.user),
    api_app_id: input.team.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    view: { ...input.view, state: { values: input.values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function appHomeOpenedBody(input: {
  team: SlackTeamRef;
  user: SlackUserRef;
  dmChannel: string;
  view?: Record<string, unknown>;
  now?: number;
  /** The event's id; Slack's retries of one event carry the same. Default: a fresh one. */
  eventId?: string;
}): string {
  const now = input.now ?? Date.now();
  return JSON.stringify({
    token: VERIFICATION_TOKEN,
    team_id: input.team.id,
    api_app_id: input.team.appId,
    event: {
      type: 'app_home_opened',
      user: input.user.id,
      channel: input.dmChannel,
      tab: 'home',
      ...(input.view ? { view: input.view } : {}),
      event_ts: (now / 1000).toFixed(6),
    },
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(now / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: input.team.id,
        user_id: input.team.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}
