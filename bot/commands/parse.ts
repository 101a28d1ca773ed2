/**
 * The text after `/workspace` (Slack) or a Teams chat message, as a typed command. Total: any input gives a command,
 * an `invalid` one that says what is wrong with a known command, or an `unknown` one with "did you mean" suggestions;
 * it never throws. It only parses: whether this person may name that WorkSpace or person is the policy's question.
 */
import { REGION_PATTERN } from '../../core/config';
import { type AdUser, parseAdUser } from '../../core/identity';
import { ACTIONS, type Action } from '../../core/rules';
import { isWorkspaceId, WORKSPACE_STATES, type WorkspaceState } from '../../core/workspace';
import { readMention } from '../chat/mentions';
import type { FleetFilters } from '../views/model';
import { COMMANDS, type CommandName } from './catalog';
import { closestWords } from './suggest';

/** A WorkSpace named by id, a chat user by mention (the port's `@{U123|alice}`), or a person by directory user name. */
export type Target =
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'chat-user'; chatUserId: string; name?: string }
  | { kind: 'ad-user'; user: AdUser };

export type ChatUserTarget = Extract<Target, { kind: 'chat-user' }>;

export type Command =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'status'; target?: Target }
  /** `when`: the time typed after it (`stop at 19:00`), for a schedule instead of acting now. */
  | { kind: 'action'; action: Action; target?: Target; when?: string }
  /** Pending schedules; admins may filter by person and WorkSpace. */
  | { kind: 'schedules'; filters: ScheduleListFilters; userMention?: ChatUserTarget }
  /** Owner alerts on or off; without a word, whether they are on. */
  | { kind: 'alerts'; on?: boolean }
  /** `user` filters given as a mention are in `userMention`, for the caller to resolve to a directory user name. */
  | { kind: 'fleet'; filters: FleetFilters; userMention?: ChatUserTarget }
  | { kind: 'link' }
  | { kind: 'unlink' }
  | { kind: 'whoami' }
  /** Where on-call reports go: shown, set to the conversation the command was typed in, or stopped. */
  | { kind: 'oncall'; mode: 'show' | 'here' | 'off' }
  /** A known command with arguments it cannot take; `problem` says what is wrong in plain words. */
  | { kind: 'invalid'; command: CommandName; problem: string }
  /** Not a command; `suggestions` are whole command lines ("reboot ws-1"), closest first. */
  | { kind: 'unknown'; word: string; suggestions: string[] };

export interface ScheduleListFilters {
  /** A directory user name, lower case. */
  user?: string;
  workspaceId?: string;
}

/** The first word of a time: `at 19:00`, `in 30m`, `tomorrow 8:00`, `friday 18:30`, `18:30`. */
const TIME_START =
  /^(?:at|in|on|tomorrow|today|tonight|yesterday|next|this|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)$|^\d/i;

const FLEET_FILTER_KEYS = ['region', 'state', 'user', 'directory'] as const;
type FilterKey = (typeof FLEET_FILTER_KEYS)[number];

/** Nobody types more; past it the rest is ignored rather than tokenised. */
const MAX_INPUT = 2000;
/** How much of a person's own text is quoted back in a problem. */
const QUOTE_CHARS = 60;

const DIRECTORY_ID = /^d-[a-z0-9]+$/i;
/** Letters, digits and the punctuation directory user names use, with an optional `DOMAIN\` or `@domain`. */
const USER_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._$'-]*(?:\\[\p{L}\p{N}][\p{L}\p{N}._$'-]*|@[\p{L}\p{N}][\p{L}\p{N}.-]*)?$/u;
const MAX_USER_NAME = 256;

const HELP_WORDS = new Set(['help', '?', '-h', '--help']);
/** Commands that take a WorkSpace or a person: status and every action. */
const TARGETED: ReadonlySet<CommandName> = new Set<CommandName>(['status', ...ACTIONS]);
/** Every word that names a command, to the command it names. */
const COMMAND_WORDS: ReadonlyMap<string, CommandName> = new Map(
  COMMANDS.flatMap((command) => command.words.map((word) => [word, command.name] as const)),
);

export function parseCommand(input: unknown): Command {
  const words = tokenize(typeof input === 'string' ? input : '');
  // Someone may type the command's own name in a Teams chat, or twice in Slack.
  if (/^\/?workspaces?$/i.test(words[0] ?? '')) words.shift();
  const [first, ...args] = words;
  if (first === undefined) return { kind: 'help' };
  const word = first.toLowerCase();
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  const name = COMMAND_WORDS.get(word);
  if (!name) return unknown(first, args);

  switch (name) {
    case 'help':
      return { kind: 'help' };
    case 'list':
    case 'link':
    case 'unlink':
    case 'whoami':
      return args.length === 0
        ? { kind: name }
        : invalid(name, `${word} takes nothing after it; “${quote(args.join(' '))}” is one word too many.`);
    case 'fleet':
      return parseFleet(args);
    case 'oncall':
      return parseOncall(args);
    case 'status':
      return withTarget(name, word, args, (target) => ({ kind: 'status', ...(target ? { target } : {}) }));
    case 'terminate':
      return parseTerminate(args);
    case 'schedules':
      return parseSchedules(args);
    case 'alerts': {
      const [choice, ...more] = args.map((a) => a.toLowerCase());
      if (more.length === 0 && (choice === 'on' || choice === 'off')) return { kind: 'alerts', on: choice === 'on' };
      if (choice === undefined) return { kind: 'alerts' };
      return invalid('alerts', `alerts takes on or off, as in “alerts on”; “${quote(args.join(' '))}” is neither.`);
    }
    default:
      // Every action but terminate: now, or at a time (the conversation says which ones can be scheduled).
      return parseSchedulable(name, word, args);
  }
}

/** Tokens separated by any run of white space; Slack's `<...>` markup stays one token and links become their text. */
function tokenize(input: string): string[] {
  const clean = input
    .slice(0, MAX_INPUT)
    .replace(/[\s\u200b-\u200d\u2060]+/gu, ' ')
    .trim();
  return (clean.match(/<[^<>]*>|[^\s<]+|</g) ?? []).map(unwrapLink).filter((token) => token !== '');
}

/** Slack turns `alice@corp.example.com` into `<mailto:alice@corp.example.com|alice@corp.example.com>`. */
function unwrapLink(token: string): string {
  const link = /^<(?:mailto:|https?:\/\/)([^|<>]*)(?:\|([^<>]*))?>$/i.exec(token);
  if (!link) return token;
  return (link[2] ?? link[1] ?? '').trim();
}

function invalid(command: CommandName, problem: string): Command {
  return { kind: 'invalid', command, problem };
}

function quote(text: string): string {
  return text.length <= QUOTE_CHARS ? text : `${text.slice(0, QUOTE_CHARS - 1)}…`;
}

function withTarget(
  name: CommandName,
  word: string,
  args: string[],
  build: (target: Target | undefined) => Command,
): Command {
  if (args.length === 0) return build(undefined);
  if (args.length > 1) {
    return invalid(name, `Name one WorkSpace or one person at a time, as in “${word} ws-a1b2c3d4e”.`);
  }
  const target = parseTarget(args[0]!);
  return typeof target === 'string' ? invalid(name, target) : build(target);
}

function parseOncall(args: string[]): Command {
  if (args.length === 0) return { kind: 'oncall', mode: 'show' };
  const mode = args.length === 1 ? args[0]!.toLowerCase() : undefined;
  if (mode === 'here' || mode === 'off') return { kind: 'oncall', mode };
  return invalid('oncall', `oncall takes “here” or “off”, or nothing to show where reports go.`);
}

/** An action now, or at a time: `stop`, `stop ws-1`, `stop at 19:00`, `stop ws-1 friday 18:30`. */
function parseSchedulable(name: Action, word: string, args: string[]): Command {
  const build = (target: Target | undefined, when?: string): Command => ({
    kind: 'action',
    action: name,
    ...(target ? { target } : {}),
    ...(when ? { when } : {}),
  });
  if (args.length === 0) return build(undefined);
  if (TIME_START.test(args[0]!)) return build(undefined, args.join(' '));
  const target = parseTarget(args[0]!);
  if (typeof target === 'string') return invalid(name, target);
  const rest = args.slice(1);
  if (rest.length === 0) return build(target);
  const second = parseTarget(rest[0]!);
  if (typeof second !== 'string' && second.kind !== 'ad-user') {
    return invalid(name, `Name one WorkSpace or one person at a time, as in “${word} ws-a1b2c3d4e”.`);
  }
  return build(target, rest.join(' '));
}

function parseSchedules(args: string[]): Command {
  const filters: ScheduleListFilters = {};
  let userMention: ChatUserTarget | undefined;
  for (const token of args) {
    const value = token.replace(/^user[:=]/i, '');
    const target = parseTarget(value);
    if (typeof target === 'string') return invalid('schedules', target);
    if (target.kind === 'workspace' && value === token) {
      if (filters.workspaceId) return invalid('schedules', 'Name at most one WorkSpace.');
      filters.workspaceId = target.workspaceId;
    } else if (target.kind === 'chat-user') {
      if (userMention || filters.user) return invalid('schedules', 'Name at most one person.');
      userMention = target;
    } else if (target.kind === 'ad-user') {
      if (userMention || filters.user) return invalid('schedules', 'Name at most one person.');
      filters.user = target.user.userName.toLowerCase();
    } else {
      return invalid('schedules', `“${quote(token)}” is not a person; filter by user:alice or a WorkSpace id.`);
    }
  }
  return { kind: 'schedules', filters, ...(userMention ? { userMention } : {}) };
}

function parseTerminate(args: string[]): Command {
  const why = 'naming a person is not enough for something that cannot be undone';
  if (args.length !== 1) {
    return invalid('terminate', `terminate needs the id of exactly one WorkSpace, as in “terminate ws-a1b2c3d4e”.`);
  }
  const target = parseTarget(args[0]!);
  if (typeof target === 'string') return invalid('terminate', target);
  if (target.kind !== 'workspace') return invalid('terminate', `terminate needs the WorkSpace's id: ${why}.`);
  return { kind: 'action', action: 'terminate', target };
}

/** A target, or the reason the token is not one. */
export function parseTarget(token: string): Target | string {
  const mention = readMention(token);
  if (mention) return { kind: 'chat-user', ...mention };
  if (isWorkspaceId(token)) return { kind: 'workspace', workspaceId: token.toLowerCase() };
  if (/^ws-/i.test(token)) return `“${quote(token)}” is not a WorkSpace id; ids look like ws-a1b2c3d4e.`;
  const user = parseUserName(token);
  return user ? { kind: 'ad-user', user } : `“${quote(token)}” is neither a WorkSpace id (ws-…) nor a user name.`;
}

function parseUserName(token: string): AdUser | undefined {
  const name = token.replace(/^@/, '');
  if (name.length > MAX_USER_NAME || !USER_NAME.test(name)) return undefined;
  return parseAdUser(name);
}

function parseFleet(args: string[]): Command {
  const filters: FleetFilters = {};
  let userMention: ChatUserTarget | undefined;
  const seen = new Set<FilterKey>();
  const example = 'region:us-east-1, state:unhealthy, user:alice or directory:d-1234567890';
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const pair = /^([^:=]+)[:=](.*)$/s.exec(token);
    let key: string;
    let value: string;
    if (pair) {
      key = pair[1]!.toLowerCase();
      value = pair[2]!;
      // `region: us-east-1`: the value came as the next token.
      if (value === '' && i + 1 < args.length) value = args[++i]!;
    } else {
      const inferred = inferFilterKey(token);
      if (!inferred) return invalid('fleet', `“${quote(token)}” is not a filter; filters look like ${example}.`);
      key = inferred;
      value = token;
    }
    if (!isFilterKey(key)) {
      const near = closestWords(key, FLEET_FILTER_KEYS, 1)[0];
      const hint = near ? ` Did you mean ${near}:?` : '';
      return invalid(
        'fleet',
        `There is no “${quote(key)}” filter.${hint} The filters are ${FLEET_FILTER_KEYS.map((k) => `${k}:`).join(', ')}.`,
      );
    }
    if (seen.has(key)) return invalid('fleet', `The ${key} filter is given twice; give each filter at most once.`);
    seen.add(key);
    if (value === '') return invalid('fleet', `The ${key} filter needs a value, as in ${example}.`);
    const problem = applyFilter(filters, key, value, (mention) => {
      userMention = mention;
    });
    if (problem) return invalid('fleet', problem);
  }
  return { kind: 'fleet', filters, ...(userMention ? { userMention } : {}) };
}

function isFilterKey(key: string): key is FilterKey {
  return (FLEET_FILTER_KEYS as readonly string[]).includes(key);
}

/** A bare word that can only be a region or a state (`fleet unhealthy`) needs no key. */
function inferFilterKey(token: string): FilterKey | undefined {
  if (REGION_PATTERN.test(token.toLowerCase())) return 'region';
  if (parseState(token)) return 'state';
  return undefined;
}

function parseState(value: string): WorkspaceState | undefined {
  const state = value.toUpperCase().replace(/[- ]/g, '_');
  return (WORKSPACE_STATES as readonly string[]).includes(state) ? (state as WorkspaceState) : undefined;
}

/** Sets one filter, or says why the value is not one. */
function applyFilter(
  filters: FleetFilters,
  key: FilterKey,
  value: string,
  mentioned: (target: ChatUserTarget) => void,
): string | undefined {
  switch (key) {
    case 'region': {
      const region = value.toLowerCase();
      if (!REGION_PATTERN.test(region)) return `“${quote(value)}” is not an AWS region name such as us-east-1.`;
      filters.region = region;
      return undefined;
    }
    case 'state': {
      const state = parseState(value);
      if (state) {
        filters.state = state;
        return undefined;
      }
      const near = closestWords(value.toUpperCase().replace(/[- ]/g, '_'), WORKSPACE_STATES, 1)[0];
      return `“${quote(value)}” is not a WorkSpace state.${near ? ` Did you mean ${near}?` : ''} The states are ${WORKSPACE_STATES.join(', ')}.`;
    }
    case 'user': {
      const target = parseTarget(value);
      if (typeof target !== 'string' && target.kind === 'chat-user') {
        mentioned(target);
        return undefined;
      }
      const user = parseUserName(value);
      if (!user) return `“${quote(value)}” is not a user name.`;
      filters.user = user.userName;
      return undefined;
    }
    case 'directory':
      if (!DIRECTORY_ID.test(value)) return `“${quote(value)}” is not a directory id such as d-1234567890.`;
      filters.directory = value.toLowerCase();
      return undefined;
  }
}

/**
 * Not a command: suggest the closest command words, keeping what followed (`rebot ws-1` -> `reboot ws-1`). A bare
 * WorkSpace id or person most likely wanted its status.
 */
function unknown(first: string, args: string[]): Command {
  const word = quote(first);
  const target = parseTarget(first);
  if (typeof target !== 'string' && target.kind !== 'ad-user') {
    // `ws-1 reboot`: the words the other way round.
    const next = args[0]?.toLowerCase() ?? '';
    const command = TARGETED.has(COMMAND_WORDS.get(next) ?? 'help') ? next : 'status';
    // A mention is shown back as the name it carries; its markup would be printed raw.
    const named = target.kind === 'chat-user' ? `@${target.name ?? target.chatUserId}` : first;
    return { kind: 'unknown', word, suggestions: [`${command} ${named}`] };
  }
  const rest = args.join(' ');
  const tail = rest && rest.length <= QUOTE_CHARS ? ` ${rest}` : '';
  const suggestions = closestWords(first, [...COMMAND_WORDS.keys()]).map((suggestion) =>
    TARGETED.has(COMMAND_WORDS.get(suggestion)!) || suggestion === 'fleet' ? `${suggestion}${tail}` : suggestion,
  );
  return { kind: 'unknown', word, suggestions };
}
