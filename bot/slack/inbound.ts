/**
 * Slack's payloads as the chat port's inbound requests: who asks, what they asked, where answers go. Pure: the
 * listeners call these, ack, and hand the request off; nothing here reads or writes anything.
 */
import type { BlockAction, SlashCommand } from '@slack/bolt';
import { mentionToken } from '../chat/mentions';
import type { InboundRequest, Intent, ReplyAddress, ReplyAddresses, ScheduleIntent } from '../chat/port';

/** The key of a Slack request for idempotency: a retry or a second click on the same button gets the same key. */
export function requestKey(teamId: string, ...parts: (string | undefined)[]): string {
  return ['slack', teamId, ...parts.map((p) => p ?? '')].join(':');
}

/** The workspace a Slack interaction came from (interactions carry it in `team`, or on the user). */
export function teamOf(body: { team?: { id: string } | null; user: { team_id?: string } }): string {
  return body.team?.id ?? body.user.team_id ?? '';
}

/** How the person is named in "requested by ...": their Slack handle. */
export function requesterName(user: { id: string; name?: string; username?: string }): string {
  return `@${user.username ?? user.name ?? user.id}`;
}

function dm(userId: string): ReplyAddress {
  return { platform: 'slack', kind: 'message', channel: userId };
}

/**
 * Where a request's answers go: through its response_url (in place, or as a new message below), with the person's
 * DM with the bot as the fallback; a click on the App Home tab, which has no response_url, is answered in the DM.
 */
export function replyAddresses(responseUrl: string | undefined, userId: string): ReplyAddresses {
  if (!responseUrl) return { inPlace: dm(userId), below: dm(userId) };
  return {
    inPlace: { platform: 'slack', kind: 'response-url', url: responseUrl, replaceOriginal: true },
    below: { platform: 'slack', kind: 'response-url', url: responseUrl, replaceOriginal: false },
    fallback: dm(userId),
  };
}

/** Slack's user mentions (`<@U123>`, `<@U123|alice>` when the command escapes names) as the port's tokens. */
export function withPortMentions(text: string): string {
  return text.replace(/<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>/g, (_, id: string, name?: string) => mentionToken(id, name));
}

export function commandRequest(command: SlashCommand): InboundRequest {
  return {
    chat: { platform: 'slack', tenantId: command.team_id, userId: command.user_id },
    requestedBy: requesterName({ id: command.user_id, name: command.user_name }),
    intent: { kind: 'command', text: withPortMentions(command.text) },
    requestKey: requestKey(command.team_id, 'command', command.trigger_id),
    reply: replyAddresses(command.response_url, command.user_id),
    formTrigger: command.trigger_id,
    ...(isChannel(command.channel_id)
      ? { here: { platform: 'slack', kind: 'message', channel: command.channel_id } }
      : {}),
  };
}

/** A public or private channel (C…, G…): a DM (D…) is no place for on-call reports. */
function isChannel(channelId: string | undefined): channelId is string {
  return typeof channelId === 'string' && /^[CG][A-Z0-9]+$/.test(channelId);
}

/**
 * A click on a button or menu. Every click on one button of one message shares the key; its action_ts (when it was
 * clicked) tells a double click or a redelivery from a new click. Without one, `now` is close: this runs inside
 * Slack's request.
 */
export function clickRequest(
  body: BlockAction,
  intent: Extract<Intent, { kind: 'click' | 'unreadable-click' | 'fleet-page' }> | ScheduleIntent,
  raw: string,
  actionTs: string | undefined,
  now: Date,
): InboundRequest {
  const teamId = teamOf(body);
  const messageTs = body.container?.message_ts ?? body.message?.ts ?? body.container?.view_id;
  const clickedAt = Number(actionTs);
  return {
    chat: { platform: 'slack', tenantId: teamId, userId: body.user.id },
    requestedBy: requesterName(body.user),
    intent,
    requestKey: requestKey(teamId, body.user.id, messageTs, raw),
    attemptAt: Number.isFinite(clickedAt) && clickedAt > 0 ? clickedAt : now.getTime() / 1000,
    reply: replyAddresses(body.response_url, body.user.id),
    formTrigger: body.trigger_id,
  };
}

export function typedConfirmationRequest(
  body: { team?: { id: string } | null; user: { id: string; name?: string; username?: string; team_id?: string } },
  viewId: string,
  workspaceId: string,
  reply: ReplyAddresses,
): InboundRequest {
  const teamId = teamOf(body);
  return {
    chat: { platform: 'slack', tenantId: teamId, userId: body.user.id },
    requestedBy: requesterName(body.user),
    intent: { kind: 'typed-confirmation', action: 'terminate', workspaceId },
    requestKey: requestKey(teamId, 'modal', viewId),
    reply,
  };
}

export function homeRequest(teamId: string, userId: string, eventTs: string): InboundRequest {
  const home: ReplyAddress = { platform: 'slack', kind: 'home', userId };
  return {
    chat: { platform: 'slack', tenantId: teamId, userId },
    requestedBy: `@${userId}`,
    intent: { kind: 'home' },
    requestKey: requestKey(teamId, 'home', userId, eventTs),
    reply: { inPlace: home, below: dm(userId) },
  };
}
