/**
 * Who may do what to which WorkSpace, now. One function, decide(), answers every question the bot asks:
 * the buttons it shows, the commands it accepts and the last check before it calls the API.
 */
import { type AdUser, ownerMatches, type Role } from './identity';
import { ACTION_RULES, ACTIONS, type Action, LOCKED_STATES } from './rules';
import { label, minutesInState, type WorkspaceRecord } from './workspace';

export type ChatPlatform = 'slack' | 'teams' | 'cli';

export interface ChatIdentity {
  platform: ChatPlatform;
  /** Slack team id or Teams tenant id. */
  tenantId: string;
  userId: string;
}

/** A person acting through the bot: their chat identity, their AD identity and the roles it proved. */
export interface Actor {
  chat: ChatIdentity;
  ad: AdUser;
  roles: ReadonlySet<Role>;
}

/** Which role may do which action: configuration, with safe defaults. */
export type RoleActions = Readonly<Record<Role, ReadonlySet<Action>>>;

export const DEFAULT_ROLE_ACTIONS: RoleActions = {
  user: new Set<Action>(['reboot', 'start', 'stop', 'rebuild']),
  admin: new Set<Action>(ACTIONS),
};

export type RefusalCode =
  | 'NO_ROLE'
  | 'ROLE_NOT_PERMITTED'
  | 'NOT_OWNER'
  | 'LOCKED'
  | 'WRONG_STATE'
  | 'WRONG_RUNNING_MODE'
  | 'REBOOT_NOT_STUCK';

/** Refusals about who asks (their roles, whose WorkSpace it is), not about the WorkSpace's state: final at once. */
export function isRoleRefusal(code: RefusalCode): boolean {
  return code === 'NO_ROLE' || code === 'ROLE_NOT_PERMITTED' || code === 'NOT_OWNER';
}

export type Decision =
  | { action: Action; allowed: true; asAdmin: boolean }
  | { action: Action; allowed: false; code: RefusalCode; reason: string };

type WorkspaceFacts = Pick<
  WorkspaceRecord,
  'workspaceId' | 'userName' | 'directoryDomain' | 'state' | 'runningMode' | 'stateSince'
>;

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function refuse(action: Action, code: RefusalCode, reason: string): Decision {
  return { action, allowed: false, code, reason };
}

/** Whether this person may take this action on this WorkSpace now, and if not, why in plain words. */
export function decide(
  actor: Actor,
  ws: WorkspaceFacts,
  action: Action,
  roleActions: RoleActions,
  now: Date,
): Decision {
  const rule = ACTION_RULES[action];
  const id = ws.workspaceId;
  if (actor.roles.size === 0) {
    return refuse(
      action,
      'NO_ROLE',
      'Your Active Directory account is in neither the WorkSpaces users group nor the admins group, so the bot cannot act for you. Ask IT to add you to the right group.',
    );
  }
  const granting = [...actor.roles].filter(
    (role) => roleActions[role].has(action) && (!rule.adminOnly || role === 'admin'),
  );
  if (granting.length === 0) {
    return refuse(
      action,
      'ROLE_NOT_PERMITTED',
      rule.adminOnly || !actor.roles.has('admin')
        ? `Only admins can ${rule.verb} a WorkSpace.`
        : `${rule.progressive} is not enabled for your role here.`,
    );
  }
  const asAdmin = granting.includes('admin');
  if (!asAdmin && !ownerMatches(actor.ad, ws)) {
    return refuse(action, 'NOT_OWNER', `${id} is not one of your WorkSpaces.`);
  }
  if (LOCKED_STATES.includes(ws.state)) {
    return refuse(action, 'LOCKED', `${id} is in admin maintenance and accepts no actions until it ends.`);
  }
  if (!rule.states.includes(ws.state)) {
    const valid = rule.states.filter((s) => s !== 'REBOOTING' || rule.stuckRebootMinutes === undefined).map(label);
    const stuck = rule.stuckRebootMinutes
      ? ` (or after a reboot has taken more than ${rule.stuckRebootMinutes} minutes)`
      : '';
    return refuse(
      action,
      'WRONG_STATE',
      `${id} is ${label(ws.state)}; ${rule.verb} works only when it is ${listWords(valid)}${stuck}.`,
    );
  }
  if (rule.runningModes && !rule.runningModes.includes(ws.runningMode)) {
    return refuse(
      action,
      'WRONG_RUNNING_MODE',
      `${id} runs ${label(ws.runningMode)}; only ${listWords(rule.runningModes.map(label))} WorkSpaces can be ${rule.verb === 'stop' ? 'stopped' : 'started'}.`,
    );
  }
  if (ws.state === 'REBOOTING' && rule.stuckRebootMinutes !== undefined) {
    const minutes = minutesInState(ws, now);
    if (minutes <= rule.stuckRebootMinutes) {
      return refuse(
        action,
        'REBOOT_NOT_STUCK',
        `${id} has been rebooting for ${Math.floor(minutes)} minutes; it can be rebooted again once a reboot has taken more than ${rule.stuckRebootMinutes} minutes.`,
      );
    }
  }
  return { action, allowed: true, asAdmin };
}

/** Every action's decision for this person and WorkSpace, in the table's order. */
function decideAll(actor: Actor, ws: WorkspaceFacts, roleActions: RoleActions, now: Date): Decision[] {
  return ACTIONS.map((action) => decide(actor, ws, action, roleActions, now));
}

/** The actions this person can take on this WorkSpace now: the buttons to show. */
export function availableActions(actor: Actor, ws: WorkspaceFacts, roleActions: RoleActions, now: Date): Action[] {
  return decideAll(actor, ws, roleActions, now)
    .filter((d) => d.allowed)
    .map((d) => d.action);
}
