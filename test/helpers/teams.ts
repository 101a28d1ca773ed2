/**
 * Activities as Teams sends them, for the tests: the stand-in's own builders (local/botframework/activities.ts, one
 * source for their shape) with the tests' people, chats and bot, and `postActivity`, which posts one to the bot's
 * Teams entry point with a token from the stand-in.
 */
import {
  type ActivityOrigin,
  type BotFramework,
  cardAction,
  cardSubmit,
  type DemoMember,
  groupChat,
  mentionMessage,
  personalChat,
  personalMessage,
  type TeamsActivity,
  type TeamsChat,
  type TokenFault,
  teamChannel,
  teamsMembers,
} from '../../local/botframework';

export type { TeamsActivity, TeamsChat };

export const BOT_NAME = 'WorkSpaces';

export type TeamsPerson = DemoMember;

/** The demo people as members of the stand-in's tenant, by their sign-in key (alice, bob...). */
export function teamsPeople(bf: Pick<BotFramework, 'tenantId'>): Record<string, TeamsPerson> {
  const members = teamsMembers(bf.tenantId);
  return Object.fromEntries(members.map((member) => [member.key, member]));
}

export const CHANNEL = teamChannel('IT Operations');
export const GROUP_CHAT = groupChat('Desk support');

export interface Where {
  person: TeamsPerson;
  /** Default: the person's 1:1 chat with the bot. */
  chat?: TeamsChat;
  timezone?: string;
}

function origin(bf: Pick<BotFramework, 'serviceUrl' | 'tenantId' | 'appId'>, where: Where): ActivityOrigin {
  return {
    serviceUrl: bf.serviceUrl,
    tenantId: bf.tenantId,
    appId: bf.appId,
    botName: BOT_NAME,
    person: where.person,
    chat: where.chat ?? personalChat(where.person),
    timezone: where.timezone ?? 'Europe/Berlin',
  };
}

type Stand = Pick<BotFramework, 'serviceUrl' | 'tenantId' | 'appId'>;

/** A message the person types in their 1:1 chat with the bot. */
export function personalText(bf: Stand, where: Where, text: string): TeamsActivity {
  return personalMessage(origin(bf, where), text);
}

/** A message in a channel (default) or group chat that @mentions the bot. */
export function mentionText(bf: Stand, where: Where, text: string): TeamsActivity {
  return mentionMessage(origin(bf, { ...where, chat: where.chat ?? CHANNEL }), text);
}

/** An Action.Execute click (`invoke` `adaptiveCard/action`). */
export function executeAction(
  bf: Stand,
  where: Where,
  action: { verb: string; data?: Record<string, unknown>; replyToId?: string },
): TeamsActivity {
  return cardAction(origin(bf, where), action);
}

/** An Action.Submit click: a message carrying the card's data in `value`. */
export function submitAction(
  bf: Stand,
  where: Where,
  submit: { value: Record<string, unknown>; replyToId?: string },
): TeamsActivity {
  return cardSubmit(origin(bf, where), submit);
}

export interface PostedActivity {
  status: number;
  contentType: string | null;
  text: string;
  /** The body as JSON when it is JSON, else undefined. */
  json: unknown;
}

/**
 * Posts an activity to the bot's Teams entry point (`<botUrl>/teams/messages` unless botUrl already has a path) with
 * `Authorization: Bearer <token>`; no token, no header.
 */
export async function postActivity(botUrl: string, activity: unknown, token?: string): Promise<PostedActivity> {
  const url = new URL(botUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/teams/messages';
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, json };
}

/** Posts an activity signed by the stand-in (bad on purpose with `faults`). */
export function postSigned(
  bf: BotFramework,
  botUrl: string,
  activity: TeamsActivity,
  faults?: TokenFault | readonly TokenFault[],
): Promise<PostedActivity> {
  return postActivity(botUrl, activity, bf.tokenFor(activity, faults));
}
