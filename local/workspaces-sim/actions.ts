/** Whether a WorkSpace can take an action now, judged by core/rules.ts (the one source of truth). */
import { ACTION_RULES, type Action, LOCKED_STATES } from '../../core/rules';
import type { InjectedFailure, SimWorkspace } from './types';

export const FAILURE_CODES = {
  /** Wrong state for the action (including locked states and a reboot that is not stuck long enough). */
  state: 'InvalidResourceState',
  /** Start/stop on a running mode that cannot be started or stopped (ALWAYS_ON). */
  runningMode: 'UnsupportedWorkspaceConfiguration',
  /** No such WorkSpace in the caller's account and region. */
  notFound: 'ResourceNotFound',
} as const;

const INVALID_STATE = 'The specified WorkSpace has an invalid state for this operation.';
export const NOT_FOUND_MESSAGE =
  'The specified WorkSpace cannot be found. Confirm that the workspace exists in your AWS account, and try again.';

/** Why the API would refuse the action, or undefined when it accepts it. */
export function refusal(ws: SimWorkspace, action: Action, now: number): InjectedFailure | undefined {
  const rule = ACTION_RULES[action];
  const id = ws.workspaceId;
  if (LOCKED_STATES.includes(ws.state)) {
    return { errorCode: FAILURE_CODES.state, errorMessage: `${INVALID_STATE} ${id} is ${ws.state}.` };
  }
  if (rule.runningModes && !rule.runningModes.includes(ws.runningMode)) {
    return {
      errorCode: FAILURE_CODES.runningMode,
      errorMessage: `The WorkSpace does not have the supported configuration for this operation. ${id} has running mode ${ws.runningMode}; ${rule.verb} needs ${rule.runningModes.join(' or ')}.`,
    };
  }
  if (!rule.states.includes(ws.state)) {
    return {
      errorCode: FAILURE_CODES.state,
      errorMessage: `${INVALID_STATE} ${id} is ${ws.state}; ${rule.verb} needs ${rule.states.join(', ')}.`,
    };
  }
  if (ws.state === 'REBOOTING' && rule.stuckRebootMinutes !== undefined) {
    const minutes = (now - ws.stateSince) / 60_000;
    if (minutes <= rule.stuckRebootMinutes) {
      return {
        errorCode: FAILURE_CODES.state,
        errorMessage: `${INVALID_STATE} ${id} has been REBOOTING for ${Math.floor(minutes)} minutes; it can be rebooted again once stuck for over ${rule.stuckRebootMinutes} minutes.`,
      };
    }
  }
  return undefined;
}
