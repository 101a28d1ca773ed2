/**
 * The Web API methods the bot uses, answered with the fields Slack answers and refused with Slack's error codes.
 * A handler returns the answer (without `ok`) or throws a MethodError.
 */

import { blocksTextLength, SLACK_LIMITS } from '../../bot/slack/blocks/limits';
import { isRecord } from '../json';
import { messageBlockProblems, viewProblems } from './block-kit';
import { APP_ID, BOT_ID, BOT_USER_ID, type StoredView, TEAM_ID, TEAM_NAME, type Team } from './team';
import type { SlackUser } from './types';

export interface MethodContext {
  team: Team;
  args: Record<string, unknown>;
  /** The stand-in's base URL, which `auth.test` answers as the workspace URL. */
  url: string;
  /** What Slack would accept but warn about. */
  warn(warning: string): void;
}

type Handler = (context: MethodContext) => Record<string, unknown>;

/** Slack's refusal: an error code and, for invalid blocks, the explanations Slack gives. */
export class MethodError extends Error {
  constructor(
    readonly error: string,
    readonly problems: readonly string[] = [],
  ) {
    super(error);
  }

  answer(): Record<string, unknown> {
    if (this.problems.length === 0) return { ok: false, error: this.error };
    return {
      ok: false,
      error: this.error,
      errors: this.problems,
      response_metadata: { messages: this.problems.map((problem) => `[ERROR] ${problem}`) },
    };
  }
}

export const METHODS: Readonly<Record<string, Handler>> = {
  'auth.test': ({ url }) => ({
    url: `${url}/`,
    team: TEAM_NAME,
    user: 'workspaces-bot',
    team_id: TEAM_ID,
    user_id: BOT_USER_ID,
    bot_id: BOT_ID,
    is_enterprise_install: false,
  }),

  'chat.postMessage': ({ team, args, warn }) => {
    const channel = resolveChannel(team, required(args, 'channel', 'channel_not_found'));
    const content = messageContent(args, warn);
    // A reply in a thread names the message that starts it, in the same channel.
    const threadTs = stringArg(args, 'thread_ts');
    if (threadTs !== undefined && !team.message(channel, threadTs)) throw new MethodError('thread_not_found');
    const ts = team.nextTs();
    team.saveMessage({ channel, ts, ...content, ...(threadTs ? { threadTs } : {}) });
    return { channel, ts, message: { ...botMessage(ts, content), ...(threadTs ? { thread_ts: threadTs } : {}) } };
  },

  'chat.postEphemeral': ({ team, args, warn }) => {
    resolveChannel(team, required(args, 'channel', 'channel_not_found'));
    const user = required(args, 'user', 'user_not_in_channel');
    if (!team.user(user)) throw new MethodError('user_not_in_channel');
    messageContent(args, warn);
    return { message_ts: team.nextTs() };
  },

  'chat.update': ({ team, args, warn }) => {
    const channel = resolveChannel(team, required(args, 'channel', 'channel_not_found'));
    const ts = required(args, 'ts', 'message_not_found');
    if (!team.message(channel, ts)) throw new MethodError('message_not_found');
    const content = messageContent(args, warn);
    team.saveMessage({ channel, ts, ...content });
    return { channel, ts, text: content.text ?? '', message: botMessage(ts, content) };
  },

  'chat.delete': ({ team, args }) => {
    const channel = resolveChannel(team, required(args, 'channel', 'channel_not_found'));
    const ts = required(args, 'ts', 'message_not_found');
    if (!team.deleteMessage(channel, ts)) throw new MethodError('message_not_found');
    return { channel, ts };
  },

  'views.open': ({ team, args }) => {
    required(args, 'trigger_id', 'invalid_trigger_id');
    return { view: storeView(team, team.nextId('V'), args.view) };
  },

  'views.update': ({ team, args }) => {
    const existing = team.view({ id: stringArg(args, 'view_id'), externalId: stringArg(args, 'external_id') });
    if (!existing) throw new MethodError('not_found');
    const hash = stringArg(args, 'hash');
    if (hash && hash !== existing.hash) throw new MethodError('hash_conflict');
    return { view: storeView(team, existing.id, args.view) };
  },

  'views.publish': ({ team, args }) => {
    const userId = required(args, 'user_id', 'invalid_arguments');
    if (!team.user(userId)) throw new MethodError('user_not_found');
    if (isRecord(args.view) && args.view.type !== 'home') {
      throw new MethodError('invalid_arguments', ['must be home [json-pointer:/view/type]']);
    }
    return { view: storeView(team, team.homeViewId(userId), args.view) };
  },

  'conversations.open': ({ team, args }) => {
    const channel = stringArg(args, 'channel');
    if (channel) return { channel: { id: channel } };
    const users = (stringArg(args, 'users') ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (users.length === 0) throw new MethodError('users_list_not_supplied');
    if (users.some((id) => !team.user(id))) throw new MethodError('user_not_found');
    // A group DM's id is not predictable in Slack either; a stable one is enough here.
    const id = users.length === 1 ? team.dmChannel(users[0]!) : `G${users.map((user) => user.slice(1)).join('')}`;
    return { channel: { id } };
  },

  'users.info': ({ team, args }) => {
    const user = team.user(required(args, 'user', 'user_not_found'));
    if (!user) throw new MethodError('user_not_found');
    return { user: slackUserJson(user) };
  },
};

function stringArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function required(args: Record<string, unknown>, name: string, error: string): string {
  const value = stringArg(args, name);
  if (value === undefined) throw new MethodError(error);
  return value;
}

/** Posting to a person's user id lands in the bot's DM with them, and Slack answers with that channel. */
function resolveChannel(team: Team, channel: string): string {
  return /^[UW]/.test(channel) ? team.dmChannel(channel) : channel;
}

/** The text and blocks of a message, refused the way Slack refuses them. */
function messageContent(args: Record<string, unknown>, warn: (warning: string) => void) {
  const text = stringArg(args, 'text');
  const blocks = args.blocks;
  if (text === undefined && blocks === undefined && args.attachments === undefined) throw new MethodError('no_text');
  if (text !== undefined && text.length > SLACK_LIMITS.messageText) throw new MethodError('msg_too_long');
  if (blocks !== undefined) {
    if (!Array.isArray(blocks)) throw new MethodError('invalid_blocks_format');
    const problems = messageBlockProblems(blocks);
    if (problems.length > 0) throw new MethodError('invalid_blocks', problems);
    if (blocksTextLength(blocks) > SLACK_LIMITS.messageBlocksText) throw new MethodError('msg_blocks_too_long');
    if (text === undefined) {
      warn('missing_text: blocks without a fallback `text` leave notifications and screen readers with nothing');
    }
  }
  return { text, blocks };
}

function botMessage(ts: string, content: { text: string | undefined; blocks: unknown }) {
  return {
    type: 'message',
    text: content.text ?? '',
    user: BOT_USER_ID,
    bot_id: BOT_ID,
    app_id: APP_ID,
    team: TEAM_ID,
    ts,
    ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
  };
}

function storeView(team: Team, id: string, view: unknown): StoredView {
  const problems = viewProblems(view);
  if (problems.length > 0) throw new MethodError('invalid_arguments', problems);
  const given = view as Record<string, unknown>;
  const stored: StoredView = {
    private_metadata: '',
    callback_id: '',
    external_id: '',
    clear_on_close: false,
    notify_on_close: false,
    ...given,
    id,
    team_id: TEAM_ID,
    app_id: APP_ID,
    bot_id: BOT_ID,
    root_view_id: id,
    previous_view_id: null,
    state: { values: {} },
    hash: team.nextId('h'),
  };
  team.saveView(stored);
  return stored;
}

function slackUserJson(user: SlackUser) {
  const tz = user.tz ?? 'UTC';
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: TEAM_ID,
    name: user.name,
    real_name: realName,
    deleted: false,
    is_bot: user.isBot ?? false,
    is_admin: false,
    tz,
    tz_offset: tzOffsetSeconds(tz),
    profile: { real_name: realName, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
  };
}

/** The zone's current offset from UTC in seconds, as Slack gives it in `tz_offset`. */
function tzOffsetSeconds(tz: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}
