/**
 * One WorkSpace as a person sees it: its facts and the actions valid for them now, each with the confirmation its
 * rule asks for. The policy decides which actions; ACTION_RULES decide how hard to ask and what to say is lost.
 */
import { type Actor, availableActions, type RoleActions } from '../../core/policy';
import { ACTION_RULES, type Action } from '../../core/rules';
import { label, type WorkspaceRecord } from '../../core/workspace';
import type { ActionControl, ConfirmSpec, ConnectionView, Fact, Text, WorkspaceView } from './model';
import { id, words } from './text';

/** "Reboot", "Terminate". */
export function actionLabel(action: Action): string {
  const verb = ACTION_RULES[action].verb;
  return verb[0]!.toUpperCase() + verb.slice(1);
}

/** True for the actions that destroy data and therefore ask first. */
function isDestructive(action: Action): boolean {
  return ACTION_RULES[action].confirmation !== 'none';
}

/**
 * What to ask before `action`, if anything: a dialog naming what will be lost, or (terminate) the id typed in.
 * Without a WorkSpace id it speaks of "this WorkSpace", for a chooser whose pick is the click that acts.
 */
export function confirmSpec(action: Action, workspaceId?: string): ConfirmSpec | undefined {
  const rule = ACTION_RULES[action];
  if (rule.confirmation === 'none') return undefined;
  const name = workspaceId ?? 'this WorkSpace';
  const loses = rule.loses ?? 'This cannot be undone.';
  const typed = rule.confirmation === 'typed';
  return {
    title: `${actionLabel(action)} ${name}?`,
    text: typed ? `${loses} Type ${workspaceId ?? 'its id'} to confirm.` : loses,
    confirmLabel: actionLabel(action),
    denyLabel: 'Cancel',
    typed,
  };
}

export function actionControl(action: Action, workspaceId: string): ActionControl {
  const confirm = confirmSpec(action, workspaceId);
  return {
    action,
    workspaceId,
    label: actionLabel(action),
    ...(isDestructive(action) ? { style: 'danger' as const } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

/** The WorkSpace with the actions this person may take on it now, in the rules table's order. */
export function workspaceView(
  record: WorkspaceRecord,
  actor: Actor,
  roleActions: RoleActions,
  now: Date,
): WorkspaceView {
  const connection = lastConnectionOf(record);
  return {
    workspaceId: record.workspaceId,
    userName: record.userName,
    state: record.state,
    stateLabel: label(record.state),
    region: record.region,
    accountId: record.accountId,
    runningMode: record.runningMode,
    runningModeLabel: label(record.runningMode),
    ...(record.registrationCode ? { registrationCode: record.registrationCode } : {}),
    ...(record.ipAddress ? { ipAddress: record.ipAddress } : {}),
    ...(record.computerName ? { computerName: record.computerName } : {}),
    ...(record.lastUserConnection ? { lastConnection: record.lastUserConnection } : {}),
    ...(record.connectionState ? { connectionState: record.connectionState } : {}),
    connection,
    facts: factsOf(record, connection),
    observedAt: record.observedAt,
    actions: availableActions(actor, record, roleActions, now).map((action) =>
      actionControl(action, record.workspaceId),
    ),
  };
}

function factsOf(record: WorkspaceRecord, connection: ConnectionView): Fact[] {
  return [
    { label: 'State', text: label(record.state) },
    { label: 'Region', text: record.region },
    ...(record.registrationCode ? [{ label: 'Registration code', text: record.registrationCode, code: true }] : []),
    { label: 'Running mode', text: label(record.runningMode) },
    ...(record.ipAddress ? [{ label: 'IP address', text: record.ipAddress }] : []),
    connection.kind === 'last'
      ? { label: 'Last connection', at: connection.at }
      : { label: 'Last connection', text: connection.text },
  ];
}

/**
 * "Last connection", by one rule for the list, status, Home and every other view: "Connected now" only when the last
 * check found a session on a WorkSpace that can hold one (Available); a WorkSpace rebooting, stopped or broken has no
 * session, whatever an older connection status said, so it shows the time of its last connection instead.
 */
export function lastConnectionOf(
  record: Pick<WorkspaceRecord, 'state' | 'connectionState' | 'lastUserConnection'>,
): ConnectionView {
  if (record.connectionState === 'CONNECTED' && record.state === 'AVAILABLE') {
    return { kind: 'connected', text: 'Connected now' };
  }
  return record.lastUserConnection
    ? { kind: 'last', at: record.lastUserConnection }
    : { kind: 'none', text: 'None recorded' };
}

/** "ws-a1b2 (Available, ALICE-PC)": how a WorkSpace is named in a chooser or a one-line summary. */
export function workspaceLabel(record: Pick<WorkspaceRecord, 'workspaceId' | 'state' | 'computerName' | 'region'>) {
  return `${record.workspaceId} (${label(record.state)}, ${record.computerName ?? record.region})`;
}

/** The words of the form in which an admin types a WorkSpace's id to terminate it; the renderer lays them out. */
export interface TerminateFormWords {
  title: string;
  /** What is lost, said first. */
  loses: string;
  /** "You are about to terminate", followed by the id. */
  intro: Text;
  facts: { label: string; text: string; code?: boolean }[];
  inputLabel: string;
  inputHint: string;
  submit: string;
  cancel: string;
}

export function terminateForm(workspace: WorkspaceView): TerminateFormWords {
  return {
    title: 'Terminate WorkSpace',
    loses: ACTION_RULES.terminate.loses ?? 'This cannot be undone.',
    intro: words('You are about to terminate ', id(workspace.workspaceId), '.'),
    facts: [
      { label: 'WorkSpace', text: workspace.workspaceId, code: true },
      { label: 'User', text: workspace.userName },
      { label: 'State', text: workspace.stateLabel },
      { label: 'Region', text: workspace.region },
      ...(workspace.computerName ? [{ label: 'Computer name', text: workspace.computerName }] : []),
    ],
    inputLabel: 'Type the WorkSpace id to confirm',
    inputHint: `Type ${workspace.workspaceId} exactly; anything else terminates nothing.`,
    submit: 'Terminate',
    cancel: 'Cancel',
  };
}

/** What the form says when the typed id is not the WorkSpace's. */
export function terminateMismatch(workspaceId: string): string {
  return `That is not ${workspaceId}. Type the id exactly to terminate it, or cancel.`;
}

/**
 * Whether what the person typed confirms terminating `workspaceId`: the id exactly, give or take surrounding spaces.
 * Case counts too: the point is to read the id, not to come close to it.
 */
export function typedConfirmationMatches(typed: string | null | undefined, workspaceId: string): boolean {
  return typeof typed === 'string' && typed.trim() === workspaceId;
}
