/**
 * Teams activities as the chat port's inbound requests: who asks, what they asked, where answers go. Pure: the turn
 * (turn.ts) calls these, answers Teams, and hands the request off; nothing here reads or writes anything.
 */
import { createHash } from 'node:crypto';
import { type Activity, TurnContext } from 'botbuilder';
import { mentionToken } from '../chat/mentions';
import type { InboundRequest, Intent, ReplyAddress, ReplyAddresses, ScheduleIntent } from '../chat/port';

/** The channel id of Microsoft Teams in the Bot Framework. */
export const TEAMS_CHANNEL = 'msteams';

/** Who sent an activity, as far as Teams tells: the tenant, the Entra (AAD) object id and the Teams user id. */
export interface TeamsSender {
  tenantId: string;
  /** The Entra object id: the person's stable id in the tenant, and the chat identity's user id. */
  aadObjectId: string;
  /** The Teams user id (`29:…`) of this bot's conversations with them. */
  teamsUserId: string;
  name?: string;
}

/** The sender, or undefined when the activity lacks a tenant or the sender's object id (not a person in a tenant). */
export function senderOf(activity: Partial<Activity>): TeamsSender | undefined {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenantId = activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : undefined);
  const aadObjectId = activity.from?.aadObjectId;
  const teamsUserId = activity.from?.id;
  if (!tenantId || !aadObjectId || !teamsUserId) return undefined;
  return {
    tenantId: tenantId.toLowerCase(),
    aadObjectId,
    teamsUserId,
    ...(activity.from?.name ? { name: activity.from.name } : {}),
  };
}

/** The key of a Teams request: Teams' retry of an activity (after 15 s) and a second click get the same key. */
export function requestKey(tenantId: string, ...parts: string[]): string {
  return ['teams', tenantId, ...parts].join(':');
}

/**
 * Where a request's answers go: the conversation it came from (in place: the card clicked, or the command's own
 * answer once posted; below: a new message), with the person's personal chat as the fallback.
 */
export function replyAddresses(activity: Partial<Activity>, sender: TeamsSender, cardId?: string): ReplyAddresses {
  const serviceUrl = activity.serviceUrl ?? '';
  const conversationType = activity.conversation?.conversationType;
  const shared = conversationType !== 'personal';
  const conversation: ReplyAddress = {
    platform: 'teams',
    kind: 'conversation',
    serviceUrl,
    tenantId: sender.tenantId,
    conversationId: activity.conversation?.id ?? '',
    shared,
    userId: sender.teamsUserId,
  };
  return {
    inPlace: cardId ? { ...conversation, activityId: cardId } : conversation,
    below: conversation,
    ...(shared
      ? {
          fallback: {
            platform: 'teams',
            kind: 'personal',
            serviceUrl,
            tenantId: sender.tenantId,
            userId: sender.teamsUserId,
          } satisfies ReplyAddress,
        }
      : {}),
  };
}

/** The IANA time zone Teams sends in the activity's clientInfo entity, when it is one. */
export function timeZoneOf(activity: Partial<Activity>): string | undefined {
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as
    | { timezone?: unknown }
    | undefined;
  const zone = clientInfo?.timezone;
  if (typeof zone !== 'string' || zone.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/**
 * The command typed: the text without the @mention of this bot (in channels and group chats), other people's
 * mentions as the port's tokens, Teams' markup for them (`<at>Alice</at>`) removed.
 */
export function commandText(activity: Partial<Activity>): string {
  let text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    const mention = entity as { type?: string; text?: unknown; mentioned?: { id?: unknown; name?: unknown } };
    if (mention.type !== 'mention' || typeof mention.text !== 'string') continue;
    const id = mention.mentioned?.id;
    if (typeof id !== 'string' || id === activity.recipient?.id) continue;
    const name = typeof mention.mentioned?.name === 'string' ? mention.mentioned.name : undefined;
    text = text.split(mention.text).join(mentionToken(id, name));
  }
  // Teams may send the message as HTML-ish text: keep the words only.
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function requesterName(sender: TeamsSender): string {
  return `@${sender.name ?? sender.aadObjectId}`;
}

function base(activity: Partial<Activity>, sender: TeamsSender) {
  const timeZone = timeZoneOf(activity);
  return {
    chat: { platform: 'teams' as const, tenantId: sender.tenantId, userId: sender.aadObjectId },
    requestedBy: requesterName(sender),
    ...(timeZone ? { timeZone } : {}),
  };
}

/**
 * A typed message: a command. Teams' retry of the same activity carries its id again, and is answered once. In a
 * channel or group chat, the conversation is also where later posts can go (`oncall here`).
 */
export function commandRequest(activity: Partial<Activity>, sender: TeamsSender, text: string): InboundRequest {
  const reply = replyAddresses(activity, sender);
  return {
    ...base(activity, sender),
    intent: { kind: 'command', text },
    requestKey: requestKey(sender.tenantId, 'message', activity.id ?? ''),
    ...(activity.id ? { answerOnce: true as const } : {}),
    reply,
    ...(reply.below.kind === 'conversation' && reply.below.shared ? { here: channelOf(reply.below) } : {}),
  };
}

/**
 * A channel's conversation id names the thread a message was in (`19:…@thread.tacv2;messageid=…`); posts to the
 * channel itself go to its id without the thread.
 */
function channelOf(address: Extract<ReplyAddress, { kind: 'conversation' }>): ReplyAddress {
  // Nobody's in particular: the same channel named by any admin is the same address.
  return { ...address, conversationId: channelIdOf(address.conversationId), userId: '' };
}

/** A channel's id without the thread a message was in (`19:…@thread.tacv2;messageid=…`). */
export function channelIdOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

/**
 * A click on a card (an Action.Execute invoke or its Action.Submit fallback). Every click on one button of one card
 * shares the key; its time tells a retried invoke (same time) from a new click.
 */
export function cardRequest(
  activity: Partial<Activity>,
  sender: TeamsSender,
  intent: CardRequestIntent,
  raw: string,
  now: Date,
): InboundRequest {
  const cardId = activity.replyToId;
  const clickedAt = activity.timestamp ? new Date(activity.timestamp).getTime() / 1000 : Number.NaN;
  return {
    ...base(activity, sender),
    intent,
    requestKey: requestKey(sender.tenantId, sender.aadObjectId, cardId ?? '', digest(raw)),
    attemptAt: Number.isFinite(clickedAt) && clickedAt > 0 ? clickedAt : now.getTime() / 1000,
    reply: replyAddresses(activity, sender, cardId),
  };
}

/** What a click on a card can ask. */
export type CardRequestIntent = Extract<
  Intent,
  { kind: 'click' | 'unreadable-click' | 'fleet-page' | 'typed-confirmation' } | ScheduleIntent
>;

/** A card's data can be long (a fleet cursor): the key keeps a digest of it. */
function digest(raw: string): string {
  return createHash('sha256').update(raw).digest('base64url').slice(0, 32);
}
