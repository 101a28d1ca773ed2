/** The control object tests and benchmarks hold: the fleet, the clock, injected faults, identities and call counts. */
import { randomBytes } from 'node:crypto';
import type { WorkspaceState } from '../../core/workspace';
import { DueQueue, parseTime, SimClock } from './clock';
import { Fleet, type SetStateOptions } from './fleet';
import { loadFleetSpec } from './fleet-file';
import { RateLimits } from './rate-limits';
import type {
  InjectedFailure,
  NewDirectory,
  NewWorkspace,
  OutageMode,
  RateLimit,
  SimDirectory,
  SimOptions,
  SimStats,
  SimWorkspace,
  ThrottleRule,
} from './types';
import { isWorkspacesOperation } from './workspaces-api';

export const DEFAULT_HOME_ACCOUNT = '123456789012';

export interface Caller {
  accessKeyId: string;
  accountId: string;
  arn: string;
  userId: string;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  caller: Caller;
}

export class WorkspacesSim {
  private readonly snapshots = new Map<string, { restore: number[]; rebuild: number[] }>();
  readonly homeAccount: string;
  readonly fleet: Fleet;
  private readonly clock: SimClock;
  private latency: number;
  private readonly queueDepths = new Map<string, number>();
  private throttles: ThrottleRule[] = [];
  private readonly rateLimits: RateLimits;
  private readonly outages = new Map<string, OutageMode>();
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly issued = new Map<string, Caller>();
  /** Accounts AssumeRole may enter; undefined when the fleet lists none, and then any account may be entered. */
  private readonly knownAccounts?: Set<string>;
  private readonly accessKeys: Record<string, string>;
  private regionList: string[];
  private counters: SimStats = emptyStats();

  constructor(options: SimOptions = {}) {
    const spec = typeof options.fleet === 'string' ? loadFleetSpec(options.fleet) : options.fleet;
    this.homeAccount = options.homeAccount ?? spec?.homeAccount ?? DEFAULT_HOME_ACCOUNT;
    const start = options.startTime === undefined ? undefined : parseTime(options.startTime, Date.now());
    this.clock = new SimClock(options.clock ?? 'real', start);
    this.fleet = new Fleet(
      this.clock,
      new DueQueue(),
      this.homeAccount,
      options.durations,
      options.terminatedRetentionMs,
    );
    this.latency = options.latencyMs ?? 0;
    this.rateLimits = new RateLimits(options.rateClock);
    for (const limit of options.rateLimits ?? []) this.rateLimits.set(limit);
    this.accessKeys = { ...options.accessKeys };
    for (const directory of spec?.directories ?? []) this.fleet.addDirectory(directory);
    for (const workspace of spec?.workspaces ?? []) this.fleet.addWorkspace(workspace);
    if (spec?.accounts) {
      this.knownAccounts = new Set([this.homeAccount, ...spec.accounts, ...Object.values(this.accessKeys)]);
    }
    this.regionList = options.regions ?? spec?.regions ?? this.fleet.regions();
    if (this.regionList.length === 0) this.regionList = ['us-east-1'];
  }

  // --- clock -------------------------------------------------------------------------------------------------

  /** The simulated time, epoch milliseconds. */
  /**
   * The snapshots of a WorkSpace (epoch ms, newest first): as set, or else one taken at the last 12-hour mark, as
   * WorkSpaces snapshots its volumes about every 12 hours.
   */
  snapshotsOf(workspaceId: string): { restore: number[]; rebuild: number[] } {
    const set = this.snapshots.get(workspaceId);
    if (set) return { restore: [...set.restore], rebuild: [...set.rebuild] };
    const every = 12 * 3_600_000;
    const last = Math.floor(this.now() / every) * every;
    return { restore: [last], rebuild: [last] };
  }

  setSnapshots(workspaceId: string, snapshots: { restore: number[]; rebuild: number[] }): void {
    this.snapshots.set(workspaceId, {
      restore: [...snapshots.restore].sort((a, b) => b - a),
      rebuild: [...snapshots.rebuild].sort((a, b) => b - a),
    });
  }

  now(): number {
    return this.clock.now();
  }

  /** Fast-forwards the clock and ends every transition that became due. */
  advance(ms: number): void {
    this.clock.advance(ms);
    this.fleet.settle();
  }

  /** Changes how long a transitional state lasts (or how long TERMINATED WorkSpaces stay visible). */
  setDuration(state: WorkspaceState | 'TERMINATED_RETENTION', ms: number): void {
    this.fleet.setDuration(state, ms);
  }

  // --- fleet edits ---------------------------------------------------------------------------------------------

  addDirectory(directory: NewDirectory): SimDirectory {
    const added = this.fleet.addDirectory(directory);
    this.knownAccounts?.add(added.accountId);
    if (!this.regionList.includes(added.region)) this.regionList.push(added.region);
    return added;
  }

  addWorkspace(workspace: NewWorkspace): SimWorkspace {
    return this.fleet.addWorkspace(workspace);
  }

  removeWorkspace(workspaceId: string): boolean {
    return this.fleet.removeWorkspace(workspaceId);
  }

  setState(workspaceId: string, state: WorkspaceState, options?: SetStateOptions): SimWorkspace {
    this.fleet.settle();
    return this.fleet.setState(workspaceId, state, options);
  }

  get(workspaceId: string): SimWorkspace | undefined {
    this.fleet.settle();
    return this.fleet.get(workspaceId);
  }

  list(): SimWorkspace[] {
    this.fleet.settle();
    return this.fleet.list();
  }

  directories(): SimDirectory[] {
    return this.fleet.listDirectories();
  }

  /** What EC2 DescribeRegions answers. */
  regions(): string[] {
    return [...this.regionList];
  }

  setRegions(regions: string[]): void {
    this.regionList = [...regions];
  }

  // --- injected faults -----------------------------------------------------------------------------------------

  /** How many messages SQS says wait in the queue at `queueUrl` (a dead-letter queue, for the reaper's report). */
  setQueueDepth(queueUrl: string, messages: number): void {
    this.queueDepths.set(queueUrl, Math.max(0, Math.floor(messages)));
  }

  queueDepth(queueUrl: string): number {
    return this.queueDepths.get(queueUrl) ?? 0;
  }

  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  latencyMs(): number {
    return this.latency;
  }

  /** The next `count` matching calls answer a throttling error, which the SDK retries. */
  throttleNext(rule: ThrottleRule): void {
    if (rule.count > 0) this.throttles.push({ ...rule });
  }

  /** 'down': 503 ServiceUnavailable; 'not-offered': 400 UnrecognizedClientException; null: healthy again. */
  setOutage(region: string, mode: OutageMode | null): void {
    if (mode) this.outages.set(region, mode);
    else this.outages.delete(region);
  }

  outage(region: string): OutageMode | undefined {
    return this.outages.get(region);
  }

  /** The next action on this WorkSpace comes back as this FailedRequest (or, for RestoreWorkspace, this error). */
  failNext(workspaceId: string, failure: InjectedFailure): void {
    const queue = this.failures.get(workspaceId) ?? [];
    queue.push({ ...failure });
    this.failures.set(workspaceId, queue);
  }

  /** Consumes an injected failure for the WorkSpace, if one is waiting. */
  takeFailure(workspaceId: string): InjectedFailure | undefined {
    const queue = this.failures.get(workspaceId);
    const failure = queue?.shift();
    if (queue && queue.length === 0) this.failures.delete(workspaceId);
    return failure;
  }

  /** A token bucket per account, region and operation: `rate` a second, `burst` at most (see rate-limits.ts). */
  setRateLimit(limit: RateLimit): void {
    this.rateLimits.set(limit);
  }

  clearRateLimits(): void {
    this.rateLimits.clear();
  }

  /**
   * Whether WorkSpaces throttles this call: an injected throttleNext rule, else the caller's token bucket. Only
   * WorkSpaces operations have buckets; EC2 and STS answer throttleNext alone.
   */
  isThrottled(accountId: string, operation: string, region: string): boolean {
    if (this.takeThrottle(operation, region)) return true;
    if (!isWorkspacesOperation(operation) || this.rateLimits.take(accountId, region, operation)) return false;
    this.counters.throttled++;
    return true;
  }

  /** Consumes one throttle if the call matches a rule. */
  takeThrottle(operation: string, region: string): boolean {
    const rule = this.throttles.find(
      (r) =>
        r.count > 0 &&
        (r.region === undefined || r.region === region) &&
        // A rule without an operation throttles WorkSpaces calls only, never EC2 or STS.
        (r.operation === undefined ? isWorkspacesOperation(operation) : r.operation === operation),
    );
    if (!rule) return false;
    rule.count--;
    this.throttles = this.throttles.filter((r) => r.count > 0);
    this.counters.throttled++;
    return true;
  }

  // --- identities ----------------------------------------------------------------------------------------------

  /** Who is calling: STS-issued keys map to their account, configured keys to theirs, anything else is home. */
  caller(accessKeyId: string): Caller {
    const issued = this.issued.get(accessKeyId);
    if (issued) return issued;
    const accountId = this.accessKeys[accessKeyId] ?? this.homeAccount;
    return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:user/local-dev`, userId: 'AIDALOCALDEV000000001' };
  }

  /** Whether AssumeRole may enter the account: any account, unless the fleet file lists `accounts`. */
  isKnownAccount(accountId: string): boolean {
    return !this.knownAccounts || this.knownAccounts.has(accountId) || this.fleet.accounts().has(accountId);
  }

  issueCredentials(
    accountId: string,
    roleName: string,
    sessionName: string,
    durationSeconds: number,
  ): IssuedCredentials {
    const accessKeyId = `ASIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`;
    const roleId = `AROA${randomBytes(10).toString('hex').toUpperCase().slice(0, 17)}`;
    const caller: Caller = {
      accessKeyId,
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
    };
    this.issued.set(accessKeyId, caller);
    return {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiration: new Date(Date.now() + durationSeconds * 1000),
      caller,
    };
  }

  // --- call counts ---------------------------------------------------------------------------------------------

  recordCall(operation: string, region: string): void {
    const c = this.counters;
    c.total++;
    c.byOperation[operation] = (c.byOperation[operation] ?? 0) + 1;
    c.byRegion[region] = (c.byRegion[region] ?? 0) + 1;
    const perRegion = c.calls[operation] ?? {};
    perRegion[region] = (perRegion[region] ?? 0) + 1;
    c.calls[operation] = perRegion;
  }

  /** Who made a call, as CloudTrail would name them. */
  recordCaller(operation: string, callerArn: string): void {
    const list = this.counters.callers[operation] ?? [];
    list.push(callerArn);
    this.counters.callers[operation] = list;
  }

  recordOutage(): void {
    this.counters.outages++;
  }

  recordFailedRequests(count: number): void {
    this.counters.failedRequests += count;
  }

  stats(): SimStats {
    return structuredClone(this.counters);
  }

  /** Calls of one operation, in one region or all. */
  callCount(operation: string, region?: string): number {
    const perRegion = this.counters.calls[operation] ?? {};
    return region === undefined ? Object.values(perRegion).reduce((a, b) => a + b, 0) : (perRegion[region] ?? 0);
  }

  resetStats(): void {
    this.counters = emptyStats();
  }
}

function emptyStats(): SimStats {
  return {
    total: 0,
    byOperation: {},
    byRegion: {},
    calls: {},
    throttled: 0,
    outages: 0,
    failedRequests: 0,
    callers: {},
  };
}
