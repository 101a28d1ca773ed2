/** The WorkSpace as the bot knows it: what DescribeWorkspaces says, plus what the bot observed and when. */

export const WORKSPACE_STATES = [
  'PENDING',
  'AVAILABLE',
  'IMPAIRED',
  'UNHEALTHY',
  'REBOOTING',
  'STARTING',
  'REBUILDING',
  'RESTORING',
  'MAINTENANCE',
  'ADMIN_MAINTENANCE',
  'TERMINATING',
  'TERMINATED',
  'SUSPENDED',
  'UPDATING',
  'STOPPING',
  'STOPPED',
  'ERROR',
] as const;
export type WorkspaceState = (typeof WORKSPACE_STATES)[number];

export const RUNNING_MODES = ['AUTO_STOP', 'ALWAYS_ON', 'MANUAL'] as const;
export type RunningMode = (typeof RUNNING_MODES)[number];

export type ConnectionState = 'CONNECTED' | 'DISCONNECTED' | 'UNKNOWN';

/** States a WorkSpace passes through on its way somewhere else; long stays here need attention. */
export const TRANSITIONAL_STATES: readonly WorkspaceState[] = [
  'PENDING',
  'REBOOTING',
  'STARTING',
  'REBUILDING',
  'RESTORING',
  'TERMINATING',
  'UPDATING',
  'STOPPING',
];

/** States that need a human's attention whatever their age. */
export const ATTENTION_STATES: readonly WorkspaceState[] = ['UNHEALTHY', 'ERROR', 'IMPAIRED'];

export interface WorkspaceRecord {
  workspaceId: string;
  /** The directory user name exactly as WorkSpaces reports it (no domain). */
  userName: string;
  directoryId: string;
  region: string;
  accountId: string;
  state: WorkspaceState;
  runningMode: RunningMode;
  computerName?: string;
  ipAddress?: string;
  bundleId?: string;
  /** The directory's registration code, which the WorkSpaces client asks for. */
  registrationCode?: string;
  /** The directory's DNS name (for example corp.example.com), used to tell same-named users of two domains apart. */
  directoryDomain?: string;
  /** ISO time of the last user connection, when known. */
  lastUserConnection?: string;
  connectionState?: ConnectionState;
  /** ISO time the bot first observed the current state; tells how long a WorkSpace has been stuck. */
  stateSince: string;
  /** ISO time of the observation this record reflects; newer observations win every write race. */
  observedAt: string;
  /**
   * ISO time a scan last wrote this WorkSpace (the scanner writes only changes); once complete scans stop
   * seeing it, the time the last complete scan did: what the on-call report shows for a removal.
   */
  lastSeenAt?: string;
}

/** A WorkSpace id as AWS makes them (ws- and up to 63 letters and digits); anything else names no WorkSpace. */
export const WORKSPACE_ID_PATTERN = /^ws-[a-z0-9]{1,63}$/i;

export function isWorkspaceId(value: unknown): value is string {
  return typeof value === 'string' && WORKSPACE_ID_PATTERN.test(value);
}

export function isWorkspaceState(value: unknown): value is WorkspaceState {
  return typeof value === 'string' && (WORKSPACE_STATES as readonly string[]).includes(value);
}

export function isRunningMode(value: unknown): value is RunningMode {
  return typeof value === 'string' && (RUNNING_MODES as readonly string[]).includes(value);
}

/** Minutes since the WorkSpace entered its current state, as far as the bot knows. */
export function minutesInState(ws: Pick<WorkspaceRecord, 'stateSince'>, now: Date): number {
  const since = Date.parse(ws.stateSince);
  if (Number.isNaN(since)) return 0;
  return Math.max(0, (now.getTime() - since) / 60_000);
}

/** A human name for a state or running mode, as people read it in chat: UNHEALTHY -> Unhealthy. */
export function label(value: WorkspaceState | RunningMode | ConnectionState): string {
  return value
    .toLowerCase()
    .split('_')
    .map((word, i) => (i === 0 ? word[0]!.toUpperCase() + word.slice(1) : word))
    .join(' ');
}

/**
 * The one name of a state wherever people read it (views, the on-call report, errors): ADMIN_MAINTENANCE -> Admin
 * maintenance. A value that is not a state the bot knows (stored by an older or newer version) is shown as it came.
 */
export function stateLabel(state: string): string {
  return isWorkspaceState(state) ? label(state) : state;
}
