/**
 * The commands people type after `/workspace` (Slack) or in a Teams chat: their words, usage and who may use them.
 * The parser reads the words, the help view the rest, so a command cannot be parsed but missing from help.
 */
import { ACTIONS, type Action, SCHEDULABLE_ACTIONS } from '../../core/rules';

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
  | 'whoami'
  | 'oncall'
  | 'schedules'
  | 'alerts';

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

/** The arguments of a command that names a WorkSpace or a person. */
const TARGET = { user: '[id]', admin: '[id or @person]' };
const NONE = { user: '', admin: '' };
/** An action that may be scheduled takes a time as well: `stop ws-1 friday 18:30`. */
const TARGET_AND_WHEN = { user: '[id] [when]', admin: '[id or @person] [when]' };

/** What each action's command says in help; the rest of its entry comes from the action itself. */
const ACTION_COMMANDS: Readonly<
  Record<Action, { words: readonly string[]; description: string; args?: CommandInfo['args'] }>
> = {
  reboot: { words: ['restart', 'reboot'], description: 'Restart a WorkSpace' },
  start: { words: ['start'], description: 'Start a stopped WorkSpace' },
  stop: { words: ['stop'], description: 'Stop a WorkSpace (AutoStop and Manual running modes)' },
  rebuild: {
    words: ['rebuild'],
    description: 'Rebuild a WorkSpace from its bundle (asks first: the system drive is replaced)',
  },
  restore: {
    words: ['restore'],
    description: 'Restore a WorkSpace to its latest snapshots (asks first: newer changes are lost)',
  },
  terminate: {
    words: ['terminate'],
    // Only by id: the id typed into the confirmation must name one WorkSpace.
    args: { user: '<id>', admin: '<id>' },
    description: 'Delete a WorkSpace for good (you type its id to confirm)',
  },
};

function actionCommand(action: Action): CommandInfo {
  const { args = SCHEDULABLE_ACTIONS.includes(action) ? TARGET_AND_WHEN : TARGET, ...rest } = ACTION_COMMANDS[action];
  return { name: action, args, audience: { kind: 'action', action }, ...rest };
}

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
  ...ACTIONS.map(actionCommand),
  {
    name: 'fleet',
    words: ['fleet'],
    args: { user: '', admin: '[region:..] [state:..] [user:..] [directory:..]' },
    description: 'The whole fleet: counts, what needs attention, and a paged list',
    audience: { kind: 'admin' },
  },
  {
    name: 'oncall',
    words: ['oncall'],
    args: { user: '', admin: '[here|off]' },
    description: 'Send on-call reports to this channel (here), stop them (off), or show where they go',
    audience: { kind: 'admin' },
  },
  {
    name: 'schedules',
    words: ['schedules', 'schedule'],
    args: { user: '', admin: '[user:..] [id]' },
    description:
      'Your schedules waiting to run, each with Cancel (schedule with a time: stop at 19:00, restart in 30m, start tomorrow 8:00)',
    audience: { kind: 'role' },
  },
  {
    name: 'alerts',
    words: ['alerts'],
    args: { user: 'on|off', admin: 'on|off' },
    description:
      'A message with a Reboot button when one of your WorkSpaces stays Unhealthy or in Error (off by default)',
    audience: { kind: 'role' },
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
