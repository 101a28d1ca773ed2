/**
 * The action and callback ids of everything the bot renders in Slack, with the value formats they carry:
 * one place, so a renderer and the listener that handles its clicks cannot disagree. Search for a
 * constant's name to find both.
 */
import { type Action, isAction } from '../../core/rules';
import { isWorkspaceId } from '../../core/workspace';
import { BLOCK_LIMITS, truncateText } from './blocks/limits';

/** A button or overflow entry asking for an action on a WorkSpace; value: `action:workspaceId`. */
export const WORKSPACE_ACTION = 'workspace_action';
/** An entry of the chooser shown when several WorkSpaces fit; value: `action:workspaceId` (action may be `status`). */
export const CHOOSE_WORKSPACE = 'choose_workspace';
/** Fleet paging buttons; value: an opaque cursor (at most 2000 characters). */
export const FLEET_PAGE = 'fleet_page';
/** A schedule's Confirm, Don't schedule or Cancel button; value: the intent (bot/chat/intent-buttons.ts). */
export const SCHEDULE_BUTTON = 'schedule_button';
/** The sign-in link button (a URL button; Slack still sends a click, which the bot acknowledges). */
export const SIGNIN_OPEN = 'signin_open';
/** The modal in which an admin types the WorkSpace id to terminate it. */
export const TERMINATE_MODAL = 'terminate_modal';
export const TERMINATE_INPUT_BLOCK = 'terminate_id_block';
export const TERMINATE_INPUT = 'terminate_id';

export function encodeActionValue(action: Action | 'status', workspaceId: string): string {
  return `${action}:${workspaceId}`;
}

export function decodeActionValue(
  value: string | undefined,
): { action: Action | 'status'; workspaceId: string } | undefined {
  if (!value) return undefined;
  const colon = value.indexOf(':');
  const action = value.slice(0, colon);
  const workspaceId = value.slice(colon + 1);
  // A click's value is as untrusted as typed text: it names one real-looking WorkSpace id or nothing.
  if (colon < 0 || !isWorkspaceId(workspaceId) || !(isAction(action) || action === 'status')) return undefined;
  return { action, workspaceId: workspaceId.toLowerCase() };
}

/**
 * Several buttons of one kind sit in one actions block, and Slack refuses a block whose elements share an action_id.
 * So each element's id is the kind's id above plus `:key`; listeners match the kind with actionIdPattern().
 */
export function elementActionId(kind: string, key: string): string {
  return truncateText(`${kind}:${key}`, BLOCK_LIMITS.actionId);
}

/** Matches every element id of one kind, bare or keyed: `workspace_action`, `workspace_action:reboot`. */
export function actionIdPattern(kind: string): RegExp {
  return new RegExp(`^${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:.*)?$`);
}
