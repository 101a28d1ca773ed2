/**
 * The commands people type after `/workspace` (Slack) or in a Teams chat: their words, usage and who may use them.
 * The parser reads the words, the help view the rest, so a command cannot be parsed but missing from help.
 */
import type { Action } from '../../core/rules';

export type CommandName =
  | 'help'
  | 'list'
  | 'status'
  | 'reboot'
  | 'start'
  | 'stop'
  | 'rebuild'
  | 'restore'
  | 'terminate'
  | 'fleet'
  | 'link'
  | 'unlink'
  | 'whoami';

/**
 * Who sees a command in help: anyone (even someone not linked), anyone with a WorkSpaces role, only those whose role
 * grants `action`, or only admins.
 */
export type Audience = { kind: 'anyone' } | { kind: 'role' } | { kind: 'action'; action: Action } | { kind: 'admin' };

export interface CommandInfo {
  name: CommandName;
  /** What a person may type; the first is the one help shows. */
  words: readonly string[];
  /** The arguments, as help shows them to a user and to an admin (who may name other people's WorkSpaces). */
  args: { user: string; admin: string };
  description: string;
  audience: Audience;
}

const TARGET = { user: '[id]', admin: '[id or @person]' };
const NONE = { user: '', admin: '' };

/** In the order help lists them: what most people need first. */
export const COMMANDS: readonly CommandInfo[] = [
  {
    name: 'list',
    words: ['list'],
    args: NONE,
    description: 'Your WorkSpaces, with what you can do with each now',
    audience: { kind: 'role' },
  },
  {
    name: 'status',
    words: ['status'],
    args: TARGET,
    description: 'State, region, registration code, IP and last connection of a WorkSpace',
    audience: { kind: 'role' },
  },
  {
    name: 'reboot',
    words: ['restart', 'reboot'],
    args: TARGET,
    description: 'Restart a WorkSpace',
    audience: { kind: 'action', action: 'reboot' },
  },
  {
    name: 'start',
    words: ['start'],
    args: TARGET,
    description: 'Start a stopped WorkSpace',
    audience: { kind: 'action', action: 'start' },
  },
  {
    name: 'stop',
    words: ['stop'],
    args: TARGET,
    description: 'Stop a WorkSpace (AutoStop and Manual running modes)',
    audience: { kind: 'action', action: 'stop' },
  },
  {
    name: 'rebuild',
    words: ['rebuild'],
    args: TARGET,
    description: 'Rebuild a WorkSpace from its bundle (asks first: the system drive is replaced)',
    audience: { kind: 'action', action: 'rebuild' },
  },
  {
    name: 'restore',
    words: ['restore'],
    args: TARGET,
    description: 'Restore a WorkSpace to its latest snapshots (asks first: newer changes are lost)',
    audience: { kind: 'action', action: 'restore' },
  },
  {
    name: 'terminate',
    words: ['terminate'],
    args: { user: '<id>', admin: '<id>' },
    description: 'Delete a WorkSpace for good (you type its id to confirm)',
    audience: { kind: 'action', action: 'terminate' },
  },
  {
    name: 'fleet',
    words: ['fleet'],
    args: { user: '', admin: '[region:..] [state:..] [user:..] [directory:..]' },
    description: 'The whole fleet: counts, what needs attention, and a paged list',
    audience: { kind: 'admin' },
  },
  {
    name: 'link',
    words: ['link'],
    args: NONE,
    description: 'Sign in with your company account to link this chat account (again)',
    audience: { kind: 'anyone' },
  },
  {
    name: 'unlink',
    words: ['unlink'],
    args: NONE,
    description: 'Stop the bot acting for you',
    audience: { kind: 'role' },
  },
  {
    name: 'whoami',
    words: ['whoami'],
    args: NONE,
    description: 'Who the bot thinks you are, your roles and when your sign-in expires',
    audience: { kind: 'anyone' },
  },
  {
    name: 'help',
    words: ['help'],
    args: NONE,
    description: 'This list',
    audience: { kind: 'anyone' },
  },
];

function commandInfo(name: CommandName): CommandInfo {
  return COMMANDS.find((command) => command.name === name)!;
}

/** "restart [id or @person]": a command's usage without any platform prefix (Slack adds `/workspace`). */
export function usageOf(name: CommandName, admin: boolean): string {
  const info = commandInfo(name);
  const args = admin ? info.args.admin : info.args.user;
  return args ? `${info.words[0]} ${args}` : info.words[0]!;
}
