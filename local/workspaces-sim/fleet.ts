/**
 * The simulated fleet: directories and WorkSpaces indexed by account+region (and directory, user, bundle) so a
 * DescribeWorkspaces page costs O(log n + page), and states that end by themselves on the simulator's clock.
 */
import { randomBytes } from 'node:crypto';
import { ACTION_RULES, type Action } from '../../core/rules';
import { isRunningMode, isWorkspaceState, type WorkspaceState } from '../../core/workspace';
import { type DueQueue, parseTime, type SimClock } from './clock';
import { SortedIds } from './sorted-ids';
import type { DirectorySpec, NewWorkspace, SimDirectory, SimWorkspace, TransitionDurations } from './types';

/** Where each transitional state ends up by itself. */
export const END_STATES: Partial<Record<WorkspaceState, WorkspaceState>> = {
  PENDING: 'AVAILABLE',
  REBOOTING: 'AVAILABLE',
  STARTING: 'AVAILABLE',
  REBUILDING: 'AVAILABLE',
  RESTORING: 'AVAILABLE',
  UPDATING: 'AVAILABLE',
  STOPPING: 'STOPPED',
  TERMINATING: 'TERMINATED',
};

export const DEFAULT_DURATIONS: Readonly<TransitionDurations> = {
  PENDING: 60_000,
  REBOOTING: 30_000,
  STARTING: 45_000,
  STOPPING: 30_000,
  REBUILDING: 120_000,
  RESTORING: 120_000,
  UPDATING: 60_000,
  TERMINATING: 30_000,
};

export const DEFAULT_TERMINATED_RETENTION_MS = 10 * 60_000;

export type WorkspaceFilter =
  | { kind: 'all' }
  | { kind: 'ids'; ids: readonly string[] }
  | { kind: 'directory'; directoryId: string }
  | { kind: 'user'; directoryId: string; userName: string }
  | { kind: 'bundle'; bundleId: string };

export interface Page<T> {
  items: T[];
  /** Id of the last item, present when more items follow. */
  nextAfter?: string;
}

interface Row extends SimWorkspace {
  /** Bumped on every state change so queued transitions for an older state are ignored. */
  generation: number;
}

interface Partition {
  all: SortedIds;
  directories: SortedIds;
  byDirectory: Map<string, SortedIds>;
  byUser: Map<string, SortedIds>;
  byBundle: Map<string, SortedIds>;
}

export interface SetStateOptions {
  /** When the WorkSpace entered the state (epoch ms, ISO, Date or relative like -25m); default now. */
  since?: number | string | Date;
  /** Keep it in this state until an action or another setState moves it. */
  stuck?: boolean;
}

const partitionKey = (accountId: string, region: string) => `${accountId}/${region}`;
const userKey = (directoryId: string, userName: string) => `${directoryId}\n${userName.toLowerCase()}`;

export class Fleet {
  private readonly directories = new Map<string, SimDirectory>();
  private readonly rows = new Map<string, Row>();
  private readonly partitions = new Map<string, Partition>();
  private readonly durations: TransitionDurations;

  constructor(
    private readonly clock: SimClock,
    private readonly queue: DueQueue,
    private readonly homeAccount: string,
    durations: TransitionDurations = {},
    private terminatedRetentionMs = DEFAULT_TERMINATED_RETENTION_MS,
  ) {
    this.durations = { ...DEFAULT_DURATIONS, ...durations };
  }

  setDuration(state: WorkspaceState | 'TERMINATED_RETENTION', ms: number): void {
    if (state === 'TERMINATED_RETENTION') this.terminatedRetentionMs = ms;
    else if (END_STATES[state]) this.durations[state] = ms;
    else throw new Error(`${state} is not a transitional state`);
  }

  addDirectory(spec: DirectorySpec): SimDirectory {
    if (this.directories.has(spec.directoryId)) throw new Error(`directory ${spec.directoryId} already exists`);
    if (!spec.region) throw new Error(`directory ${spec.directoryId}: region is required`);
    const directory: SimDirectory = {
      directoryId: spec.directoryId,
      region: spec.region,
      accountId: spec.accountId ?? this.homeAccount,
      name: spec.name,
      alias: spec.alias ?? spec.name.split('.')[0]!,
      registrationCode: spec.registrationCode ?? registrationCodeFor(spec.region),
      type: spec.type ?? 'AD_CONNECTOR',
    };
    this.directories.set(directory.directoryId, directory);
    this.partition(directory.accountId, directory.region).directories.add(directory.directoryId);
    return { ...directory };
  }

  addWorkspace(input: NewWorkspace): SimWorkspace {
    const directory = this.directories.get(input.directoryId);
    if (!directory) throw new Error(`WorkSpace ${input.workspaceId ?? '(new)'}: no directory ${input.directoryId}`);
    const workspaceId = input.workspaceId ?? `ws-${randomId(9)}`;
    if (this.rows.has(workspaceId)) throw new Error(`WorkSpace ${workspaceId} already exists`);
    const state = input.state ?? 'AVAILABLE';
    if (!isWorkspaceState(state)) throw new Error(`WorkSpace ${workspaceId}: "${state}" is not a WorkSpace state`);
    const runningMode = input.runningMode ?? 'AUTO_STOP';
    if (!isRunningMode(runningMode))
      throw new Error(`WorkSpace ${workspaceId}: "${runningMode}" is not a running mode`);
    const now = this.clock.now();
    const suffix = workspaceId.slice(3);
    const row: Row = {
      workspaceId,
      directoryId: directory.directoryId,
      userName: input.userName,
      region: directory.region,
      accountId: directory.accountId,
      state,
      runningMode,
      bundleId: input.bundleId ?? 'wsb-clj85qzj1',
      computerName: input.computerName ?? `WSAMZN-${suffix.slice(0, 8).toUpperCase()}`,
      ipAddress: input.ipAddress ?? ipFor(workspaceId),
      subnetId: `subnet-${directory.directoryId.slice(2, 10).padEnd(8, '0')}a1b2c3d4e`,
      computeType: input.computeType ?? 'STANDARD',
      stateSince: input.stateSince === undefined ? now : parseTime(input.stateSince, now),
      stuck: input.stuck ?? false,
      lastUserConnection: input.lastUserConnection === undefined ? undefined : parseTime(input.lastUserConnection, now),
      connectionState: input.connectionState ?? 'DISCONNECTED',
      connectionStateCheckedAt: now,
      generation: 0,
    };
    this.rows.set(workspaceId, row);
    this.index(row, 'add');
    this.schedule(row);
    return copy(row);
  }

  /** Gone without a trace, as if terminated and purged elsewhere. */
  removeWorkspace(workspaceId: string): boolean {
    const row = this.rows.get(workspaceId);
    if (!row) return false;
    this.rows.delete(workspaceId);
    this.index(row, 'remove');
    return true;
  }

  setState(workspaceId: string, state: WorkspaceState, options: SetStateOptions = {}): SimWorkspace {
    const row = this.rows.get(workspaceId);
    if (!row) throw new Error(`no WorkSpace ${workspaceId}`);
    if (!isWorkspaceState(state)) throw new Error(`"${state}" is not a WorkSpace state`);
    const now = this.clock.now();
    this.moveTo(row, state, options.since === undefined ? now : parseTime(options.since, now));
    row.stuck = options.stuck ?? false;
    this.schedule(row);
    return copy(row);
  }

  get(workspaceId: string): SimWorkspace | undefined {
    const row = this.rows.get(workspaceId);
    return row && copy(row);
  }

  list(): SimWorkspace[] {
    return [...this.rows.values()].map(copy);
  }

  listDirectories(): SimDirectory[] {
    return [...this.directories.values()].map((d) => ({ ...d }));
  }

  get size(): number {
    return this.rows.size;
  }

  /** The WorkSpace if it exists in this account and region: other partitions are invisible. */
  find(accountId: string, region: string, workspaceId: string): SimWorkspace | undefined {
    const row = this.rows.get(workspaceId);
    return row && row.accountId === accountId && row.region === region ? row : undefined;
  }

  directory(directoryId: string): SimDirectory | undefined {
    return this.directories.get(directoryId);
  }

  accounts(): Set<string> {
    return new Set([...this.directories.values()].map((d) => d.accountId));
  }

  regions(): string[] {
    return [...new Set([...this.directories.values()].map((d) => d.region))];
  }

  /** Applies an accepted action: the rule's next state, and the connection drops. */
  accept(workspace: SimWorkspace, action: Action): void {
    const row = this.rows.get(workspace.workspaceId);
    if (!row) return;
    // Terminating what is already going away changes nothing, as the API is idempotent there.
    if (action === 'terminate' && (row.state === 'TERMINATING' || row.state === 'TERMINATED')) return;
    const now = this.clock.now();
    this.moveTo(row, ACTION_RULES[action].nextState, now);
    row.stuck = false;
    row.connectionState = 'DISCONNECTED';
    row.connectionStateCheckedAt = now;
    this.schedule(row);
  }

  /** Ends every transition that is due by now, in due order. */
  settle(): void {
    const now = this.clock.now();
    for (let event = this.queue.popDue(now); event; event = this.queue.popDue(now)) {
      const row = this.rows.get(event.workspaceId);
      if (!row || row.generation !== event.generation) continue;
      if (row.state === 'TERMINATED') {
        this.removeWorkspace(row.workspaceId);
        continue;
      }
      const from = row.state;
      const to = END_STATES[from];
      if (!to) continue;
      this.moveTo(row, to, event.due);
      if (from === 'STARTING') {
        // Someone starts a WorkSpace to use it: their client connects as soon as it is up.
        row.connectionState = 'CONNECTED';
        row.lastUserConnection = event.due;
      } else if (to !== 'AVAILABLE') {
        row.connectionState = 'DISCONNECTED';
      }
      row.connectionStateCheckedAt = event.due;
      this.schedule(row);
    }
  }

  pageWorkspaces(
    accountId: string,
    region: string,
    filter: WorkspaceFilter,
    after: string | undefined,
    limit: number,
  ): Page<SimWorkspace> {
    const partition = this.partitions.get(partitionKey(accountId, region));
    if (!partition) return { items: [] };
    let ids: SortedIds | undefined;
    if (filter.kind === 'ids') {
      ids = new SortedIds();
      for (const id of new Set(filter.ids)) if (this.find(accountId, region, id)) ids.add(id);
    } else if (filter.kind === 'all') ids = partition.all;
    else if (filter.kind === 'directory') ids = partition.byDirectory.get(filter.directoryId);
    else if (filter.kind === 'user') ids = partition.byUser.get(userKey(filter.directoryId, filter.userName));
    else ids = partition.byBundle.get(filter.bundleId);
    if (!ids) return { items: [] };
    const page = ids.page(after, limit);
    const items = page.ids.map((id) => this.rows.get(id)!);
    return { items, nextAfter: page.more ? page.ids[page.ids.length - 1] : undefined };
  }

  pageDirectories(
    accountId: string,
    region: string,
    filter: { ids?: readonly string[]; names?: readonly string[] },
    after: string | undefined,
    limit: number,
  ): Page<SimDirectory> {
    const partition = this.partitions.get(partitionKey(accountId, region));
    if (!partition) return { items: [] };
    let ids = partition.directories;
    if (filter.ids || filter.names) {
      ids = new SortedIds();
      const wanted = new Set(filter.ids ?? []);
      const names = new Set((filter.names ?? []).map((n) => n.toLowerCase()));
      for (const id of partition.directories.page(undefined, Number.MAX_SAFE_INTEGER).ids) {
        const directory = this.directories.get(id)!;
        if (wanted.has(id) || names.has(directory.name.toLowerCase())) ids.add(id);
      }
    }
    const page = ids.page(after, limit);
    return {
      items: page.ids.map((id) => this.directories.get(id)!),
      nextAfter: page.more ? page.ids[page.ids.length - 1] : undefined,
    };
  }

  private moveTo(row: Row, state: WorkspaceState, since: number): void {
    row.state = state;
    row.stateSince = since;
    row.generation++;
  }

  private schedule(row: Row): void {
    if (row.stuck) return;
    const duration = row.state === 'TERMINATED' ? this.terminatedRetentionMs : this.durations[row.state];
    if (duration === undefined || !Number.isFinite(duration)) return;
    if (row.state !== 'TERMINATED' && !END_STATES[row.state]) return;
    this.queue.push({ due: row.stateSince + duration, workspaceId: row.workspaceId, generation: row.generation });
  }

  private partition(accountId: string, region: string): Partition {
    const key = partitionKey(accountId, region);
    let partition = this.partitions.get(key);
    if (!partition) {
      partition = {
        all: new SortedIds(),
        directories: new SortedIds(),
        byDirectory: new Map(),
        byUser: new Map(),
        byBundle: new Map(),
      };
      this.partitions.set(key, partition);
    }
    return partition;
  }

  private index(row: Row, op: 'add' | 'remove'): void {
    const partition = this.partition(row.accountId, row.region);
    const touch = (map: Map<string, SortedIds>, key: string) => {
      let ids = map.get(key);
      if (!ids) {
        ids = new SortedIds();
        map.set(key, ids);
      }
      if (op === 'add') ids.add(row.workspaceId);
      else ids.remove(row.workspaceId);
    };
    if (op === 'add') partition.all.add(row.workspaceId);
    else partition.all.remove(row.workspaceId);
    touch(partition.byDirectory, row.directoryId);
    touch(partition.byUser, userKey(row.directoryId, row.userName));
    touch(partition.byBundle, row.bundleId);
  }
}

function copy(row: Row): SimWorkspace {
  const { generation: _generation, ...rest } = row;
  return rest;
}

function randomId(length: number): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** A stable private address from the id, so the same fleet shows the same IPs. */
function ipFor(workspaceId: string): string {
  let hash = 0;
  for (const ch of workspaceId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `10.${(hash >>> 16) & 0xff}.${(hash >>> 8) & 0xff}.${(hash & 0xfd) + 2}`;
}

const AIRPORTS: Record<string, string> = {
  'us-east-1': 'iad',
  'us-west-2': 'pdx',
  'ca-central-1': 'yul',
  'sa-east-1': 'gru',
  'eu-west-1': 'dub',
  'eu-west-2': 'lhr',
  'eu-west-3': 'cdg',
  'eu-central-1': 'fra',
  'eu-north-1': 'arn',
  'af-south-1': 'cpt',
  'il-central-1': 'tlv',
  'ap-south-1': 'bom',
  'ap-northeast-1': 'nrt',
  'ap-northeast-2': 'icn',
  'ap-northeast-3': 'kix',
  'ap-southeast-1': 'sin',
  'ap-southeast-2': 'syd',
};

/** Registration codes look like `SLiad+ABC123`: a region prefix and six characters. */
export function registrationCodeFor(region: string, random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let tail = '';
  for (let i = 0; i < 6; i++) tail += alphabet[Math.floor(random() * alphabet.length)];
  return `SL${AIRPORTS[region] ?? region.replace(/[^a-z]/g, '').slice(0, 3)}+${tail}`;
}
