/**
 * The action rules of the WorkSpaces API: the one source of truth for which action is valid in which
 * state. The policy (who may do what), the simulator and the renderers all read this table.
 */
import { type RunningMode, WORKSPACE_STATES, type WorkspaceState } from './workspace';

export const ACTIONS = ['reboot', 'start', 'stop', 'rebuild', 'restore', 'terminate'] as const;
export type Action = (typeof ACTIONS)[number];

export type Confirmation = 'none' | 'confirm' | 'typed';

export interface ActionRule {
  /** States in which the API accepts the action. */
  states: readonly WorkspaceState[];
  /** Running modes the action needs, when it needs one. */
  runningModes?: readonly RunningMode[];
  /** REBOOTING is accepted only once a reboot has been stuck this long. */
  stuckRebootMinutes?: number;
  /** How many WorkSpaces one API call takes. */
  batchSize: number;
  /** How hard the person must confirm: a dialog, or the WorkSpace id typed in. */
  confirmation: Confirmation;
  /** Only admins may ever do it, whatever the configuration says. */
  adminOnly: boolean;
  /** What is lost, said before a destructive action. */
  loses?: string;
  /** The state the WorkSpace moves to when the API accepts the request. */
  nextState: WorkspaceState;
  /** The WorkSpaces API operation. */
  operation:
    | 'RebootWorkspaces'
    | 'StartWorkspaces'
    | 'StopWorkspaces'
    | 'RebuildWorkspaces'
    | 'RestoreWorkspace'
    | 'TerminateWorkspaces';
  /** Verb phrases for messages: "Rebooting ws-1", "reboot". */
  progressive: string;
  verb: string;
}

export const ACTION_RULES: Readonly<Record<Action, ActionRule>> = {
  reboot: {
    states: ['AVAILABLE', 'UNHEALTHY', 'IMPAIRED', 'REBOOTING'],
    stuckRebootMinutes: 20,
    batchSize: 25,
    confirmation: 'none',
    adminOnly: false,
    nextState: 'REBOOTING',
    operation: 'RebootWorkspaces',
    progressive: 'Rebooting',
    verb: 'reboot',
  },
  start: {
    states: ['STOPPED'],
    runningModes: ['AUTO_STOP', 'MANUAL'],
    batchSize: 25,
    confirmation: 'none',
    adminOnly: false,
    nextState: 'STARTING',
    operation: 'StartWorkspaces',
    progressive: 'Starting',
    verb: 'start',
  },
  stop: {
    states: ['AVAILABLE', 'IMPAIRED', 'UNHEALTHY', 'ERROR'],
    runningModes: ['AUTO_STOP', 'MANUAL'],
    batchSize: 25,
    confirmation: 'none',
    adminOnly: false,
    nextState: 'STOPPING',
    operation: 'StopWorkspaces',
    progressive: 'Stopping',
    verb: 'stop',
  },
  rebuild: {
    states: ['AVAILABLE', 'ERROR', 'UNHEALTHY', 'STOPPED', 'REBOOTING'],
    batchSize: 1,
    confirmation: 'confirm',
    adminOnly: false,
    loses:
      'Everything on the system drive (C:) is replaced by the bundle image; the user volume (D:) is restored from its latest snapshot, so recent changes may be lost.',
    nextState: 'REBUILDING',
    operation: 'RebuildWorkspaces',
    progressive: 'Rebuilding',
    verb: 'rebuild',
  },
  restore: {
    states: ['AVAILABLE', 'ERROR', 'UNHEALTHY', 'STOPPED'],
    batchSize: 1,
    confirmation: 'confirm',
    adminOnly: false,
    loses: 'Both the system and user volumes go back to their latest snapshots; anything written since then is lost.',
    nextState: 'RESTORING',
    operation: 'RestoreWorkspace',
    progressive: 'Restoring',
    verb: 'restore',
  },
  terminate: {
    states: WORKSPACE_STATES.filter((state) => state !== 'SUSPENDED' && state !== 'ADMIN_MAINTENANCE'),
    batchSize: 25,
    confirmation: 'typed',
    adminOnly: true,
    loses: 'The WorkSpace and all its data are deleted for good. This cannot be undone.',
    nextState: 'TERMINATING',
    operation: 'TerminateWorkspaces',
    progressive: 'Terminating',
    verb: 'terminate',
  },
};

/** WorkSpaces in these states accept no action at all, whatever the table says. */
export const LOCKED_STATES: readonly WorkspaceState[] = ['ADMIN_MAINTENANCE'];

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);
}

/**
 * The actions a person may schedule for later: the ones that need no confirmation. A destructive action is asked
 * about when it happens, with the WorkSpace's state then, never hours ahead.
 */
export const SCHEDULABLE_ACTIONS: readonly Action[] = ACTIONS.filter((a) => ACTION_RULES[a].confirmation === 'none');
