/**
 * Activities as Teams posts them to a bot, for the tests and the playground (one source for their shape): a message
 * in a personal chat, an @mention in a channel or group chat, an Adaptive Card's Action.Execute (`invoke`
 * `adaptiveCard/action`) and its Action.Submit fallback (a message carrying `value`). Fields are those Teams sends:
 * `29:` user ids with their AAD object id, the bot as `28:<app id>`, the tenant in the conversation and channelData,
 * the person's time zone in the `clientInfo` entity.
 */
import { createHash } from 'node:crypto';
import { DEMO_PEOPLE } from '../signin-provider/people';
import { TEAMS_CHANNEL } from './channel-tokens';
import type { TeamsMember } from './connector';

export type TeamsActivity = Record<string, unknown> & {
  type: string;
  id: string;
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; conversationType: ConversationType; tenantId: string; isGroup?: boolean };
};

export type ConversationType = 'personal' | 'channel' | 'groupChat';

/** Where an activity comes from: the chat, the person and the bot. */
export interface ActivityOrigin {
  serviceUrl: string;
  tenantId: string;
  /** The bot's Microsoft App ID; the bot is `28:<appId>`. */
  appId: string;
  botName: string;
  person: TeamsMember & { aadObjectId: string; name: string };
  chat: TeamsChat;
  /** IANA time zone the person's client reports; default UTC. */
  timezone?: string;
  locale?: string;
}

export interface TeamsChat {
  type: ConversationType;
  /** The conversation id: `a:…` personal, `19:…@thread.tacv2` channel, `19:…@thread.v2` group chat. */
  id: string;
  /** For a channel: the team's id (its General channel's id) and the channel's. */
  teamId?: string;
  channelId?: string;
}

/** A deterministic GUID-shaped id from a seed, so the same demo person always has the same AAD object id. */
export function guidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A demo person as a Teams member, with the sign-in page's key. */
export type DemoMember = TeamsMember &
  Required<Pick<TeamsMember, 'aadObjectId' | 'name' | 'email' | 'userPrincipalName'>> & { key: string };

/** The demo people as Teams members of a tenant: the same people as the sign-in page and the Slack stand-in. */
export function teamsMembers(tenantId: string): DemoMember[] {
  return DEMO_PEOPLE.map((person) => ({
    key: person.key,
    id: `29:1${createHash('sha256').update(`teams-user:${person.key}`).digest('base64url').slice(0, 40)}`,
    aadObjectId: guidFrom(`aad:${person.key}`),
    name: person.displayName,
    givenName: person.displayName.split(' ')[0]!,
    surname: person.displayName.split(' ').slice(1).join(' '),
    email: person.email,
    userPrincipalName: person.email,
    tenantId,
    userRole: 'user' as const,
  }));
}

/** The 1:1 chat of the bot with a person, with a stable id as Teams gives it. */
export function personalChat(person: { id: string }): TeamsChat {
  return {
    type: 'personal',
    id: `a:1${createHash('sha256').update(`chat:${person.id}`).digest('base64url').slice(0, 40)}`,
  };
}

/** A standard channel of a team; messages in it are threads (`;messageid=` names the thread's root). */
export function teamChannel(name: string): TeamsChat {
  const teamId = `19:${createHash('sha256').update(`team:${name}`).digest('hex').slice(0, 32)}@thread.tacv2`;
  const channelId = `19:${createHash('sha256').update(`channel:${name}`).digest('hex').slice(0, 32)}@thread.tacv2`;
  return { type: 'channel', id: channelId, teamId, channelId };
}

export function groupChat(name: string): TeamsChat {
  return {
    type: 'groupChat',
    id: `19:${createHash('sha256').update(`group:${name}`).digest('hex').slice(0, 32)}@thread.v2`,
  };
}

let lastId = 0;
/** Teams' activity ids are epoch milliseconds; these are too, and never repeat in a process. */
export function newActivityId(): string {
  lastId = Math.max(Date.now(), lastId + 1);
  return String(lastId);
}

function base(origin: ActivityOrigin, type: string): TeamsActivity {
  const { chat, person, tenantId } = origin;
  const timezone = origin.timezone ?? 'UTC';
  const locale = origin.locale ?? 'en-US';
  const isGroup = chat.type !== 'personal';
  const channelData: Record<string, unknown> = { tenant: { id: tenantId } };
  if (chat.type === 'channel') {
    Object.assign(channelData, {
      teamsChannelId: chat.channelId ?? chat.id,
      teamsTeamId: chat.teamId,
      channel: { id: chat.channelId ?? chat.id },
      team: { id: chat.teamId },
    });
  }
  return {
    type,
    id: newActivityId(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    localTimezone: timezone,
    serviceUrl: origin.serviceUrl,
    channelId: TEAMS_CHANNEL,
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    conversation: {
      ...(isGroup ? { isGroup: true } : {}),
      conversationType: chat.type,
      tenantId,
      id: chat.type === 'channel' ? `${chat.id};messageid=${newActivityId()}` : chat.id,
    },
    recipient: { id: `28:${origin.appId}`, name: origin.botName },
    locale,
    entities: [{ type: 'clientInfo', locale, country: locale.split('-')[1] ?? 'US', platform: 'Web', timezone }],
    channelData,
  };
}

/** A message in the person's 1:1 chat with the bot (`origin.chat` should be personal). */
export function personalMessage(origin: ActivityOrigin, text: string): TeamsActivity {
  return { ...base(origin, 'message'), textFormat: 'plain', text };
}

/** A message in a channel or group chat that @mentions the bot first, as Teams sends it (`<at>` and a mention entity). */
export function mentionMessage(origin: ActivityOrigin, text: string): TeamsActivity {
  const activity = base(origin, 'message');
  const mention = `<at>${origin.botName}</at>`;
  const entities = activity.entities as Record<string, unknown>[];
  return {
    ...activity,
    textFormat: 'plain',
    text: `${mention} ${text}`,
    entities: [
      { type: 'mention', text: mention, mentioned: { id: `28:${origin.appId}`, name: origin.botName } },
      ...entities,
    ],
  };
}

/** A click on an Action.Execute button (Universal Actions): an invoke the bot answers with the refreshed card. */
export function cardAction(
  origin: ActivityOrigin,
  action: { verb: string; data?: Record<string, unknown>; replyToId?: string },
): TeamsActivity {
  return {
    ...base(origin, 'invoke'),
    name: 'adaptiveCard/action',
    ...(action.replyToId ? { replyToId: action.replyToId } : {}),
    value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data ?? {} }, trigger: 'manual' },
  };
}

/** A click on an Action.Submit button (the fallback of clients without Universal Actions): a message with `value`. */
export function cardSubmit(
  origin: ActivityOrigin,
  submit: { value: Record<string, unknown>; replyToId?: string },
): TeamsActivity {
  return {
    ...base(origin, 'message'),
    ...(submit.replyToId ? { replyToId: submit.replyToId } : {}),
    value: submit.value,
  };
}
