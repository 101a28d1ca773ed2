/**
 * The scanner: reads every region of every account into the cache, writing only what changed, marks
 * WorkSpaces a complete scan did not see (so the reaper can prove their absence without a write per
 * WorkSpace per scan), records each region's run, and maintains the fleet summary.
 */
import { randomUUID } from 'node:crypto';
import type { AwsWorkspacesGateway, Target } from '../core/aws/workspaces-gateway';
import { groupBy, Limiter, settleAll } from '../core/collections';
import type { Config } from '../core/config';
import type { SyncStore } from '../core/data/sync-store';
import type { CachedWorkspace, WorkspaceCache } from '../core/data/workspace-cache';
import { type FleetSummary, summarizeFleet, type TargetRun, targetKey } from '../core/fleet-summary';
import type { Log } from '../core/logger';
import type { WorkspaceRecord } from '../core/workspace';
import { type ScannedWorkspace, scanTarget, type TargetScan } from './scan-target';
import { type AccountTargets, targetsOf } from './targets';

export interface ScannerDeps {
  config: Config;
  cache: WorkspaceCache;
  sync: SyncStore;
  gateway: AwsWorkspacesGateway;
  /** The accounts and their regions to scan. */
  accounts: () => Promise<AccountTargets[]>;
  now: () => Date;
  log: Log;
  /** Owner alerts from the summary this scan wrote (core/owner-alerts.ts); a failure there fails no scan. */
  ownerAlerts?: (summary: FleetSummary) => Promise<unknown>;
}

export interface ScanResult {
  /** Set when another scan held the lease, and nothing was done. */
  skipped?: string;
  runs: TargetRun[];
  /** The targets (`account#region`) whose run failed: what the CLI's exit code and the Lambda's alarm go by. */
  failedTargets: string[];
  total: number;
  writes: { created: number; updated: number; markedMissing: number; stale: number };
  durationMs: number;
}

const SCAN_LEASE = 'scanner';
/** Pages a scan may hold (read, not yet written) per request it may have in flight. */
const PAGES_PER_REQUEST = 2;
/**
 * How long a scan holds the lease when its caller does not say: a crashed scan frees it by itself this
 * soon. The Lambda handler passes its own remaining time, so a timed-out scan never blocks the next one.
 */
const DEFAULT_LEASE_SECONDS = 5 * 60;

/** The fields whose change is worth a write; observation times alone are not. */
const COMPARED_FIELDS = [
  'userName',
  'directoryId',
  'directoryDomain',
  'registrationCode',
  'region',
  'accountId',
  'state',
  'runningMode',
  'computerName',
  'ipAddress',
  'bundleId',
  'lastUserConnection',
  'connectionState',
] as const satisfies readonly (keyof WorkspaceRecord)[];

function hasChanged(cached: CachedWorkspace, next: WorkspaceRecord): boolean {
  return (
    cached.missingTarget !== undefined ||
    cached.misfiled === true ||
    COMPARED_FIELDS.some((field) => cached[field] !== next[field])
  );
}

function toRecord(
  scanned: ScannedWorkspace,
  target: Target,
  cached: CachedWorkspace | undefined,
  scanAt: string,
): WorkspaceRecord {
  return {
    workspaceId: scanned.workspaceId,
    userName: scanned.userName,
    directoryId: scanned.directoryId,
    directoryDomain: scanned.directoryDomain,
    registrationCode: scanned.registrationCode,
    region: target.region,
    accountId: target.accountId,
    state: scanned.state,
    runningMode: scanned.runningMode,
    computerName: scanned.computerName,
    ipAddress: scanned.ipAddress,
    bundleId: scanned.bundleId,
    lastUserConnection: scanned.connection ? scanned.connection.lastUserConnection : cached?.lastUserConnection,
    connectionState: scanned.connection ? scanned.connection.state : cached?.connectionState,
    stateSince: cached && cached.state === scanned.state ? cached.stateSince : scanned.observedAt,
    observedAt: scanned.observedAt,
    lastSeenAt: scanAt,
  };
}

function nextRun(scan: TargetScan, previous: TargetRun | undefined): TargetRun {
  const complete = scan.status === 'complete';
  // "Not offered here" from a region that had WorkSpaces is a broken endpoint or credentials, not the normal case.
  const vanished = scan.status === 'not-offered' && (previous?.found ?? 0) > 0;
  const status = vanished ? 'failed' : scan.status;
  return {
    accountId: scan.target.accountId,
    region: scan.target.region,
    status,
    at: scan.finishedAt,
    found: scan.seen.length,
    lastCompleteAt: complete ? scan.finishedAt : previous?.lastCompleteAt,
    failingSince: status === 'failed' ? (previous?.failingSince ?? scan.startedAt) : undefined,
    lastError: vanished ? `${scan.error}, yet it had ${previous?.found} WorkSpaces` : scan.error,
  };
}

/** A region the scanner knew but could not ask about, because the account's region list could not be read. */
function unlistedRun(previous: TargetRun, regionError: string, at: string): TargetRun {
  return {
    accountId: previous.accountId,
    region: previous.region,
    status: 'failed',
    at,
    found: 0,
    lastCompleteAt: previous.lastCompleteAt,
    failingSince: previous.failingSince ?? at,
    lastError: `the account's regions could not be listed (DescribeRegions: ${regionError})`,
  };
}

/** What the scanner knew before this scan: read side by side with the first API calls. */
interface Known {
  cache: Promise<{ byId: Map<string, CachedWorkspace>; byTarget: Map<string, CachedWorkspace[]> }>;
  previousRuns: Promise<Map<string, TargetRun>>;
}

function readKnown(deps: ScannerDeps): Known {
  const cache = deps.cache.scanAll().then((items) => {
    return { byId: new Map(items.map((item) => [item.workspaceId, item])), byTarget: groupBy(items, targetKey) };
  });
  const previousRuns = deps.sync.runs().then((runs) => new Map(runs.map((run) => [targetKey(run), run])));
  // Their failures surface where they are awaited; until then they must not count as unhandled.
  cache.catch(() => {});
  previousRuns.catch(() => {});
  return { cache, previousRuns };
}

/** One scan under the lease: the fleet view the summary is built from, and the writes counted as they land. */
class ScanSession {
  readonly view = new Map<string, WorkspaceRecord>();
  readonly writes = { created: 0, updated: 0, markedMissing: 0, stale: 0 };
  private readonly limiter: Limiter;
  private readonly pages: Limiter;

  constructor(
    private readonly deps: ScannerDeps,
    private readonly known: Known,
  ) {
    this.limiter = new Limiter(deps.config.scan.maxConcurrentRequests);
    // Twice the requests in flight: enough pages to keep every request busy while their writes trail behind.
    this.pages = new Limiter(PAGES_PER_REQUEST * deps.config.scan.maxConcurrentRequests);
  }

  async scanTarget(target: Target): Promise<TargetRun> {
    const key = targetKey(target);
    const scan = await scanTarget(target, {
      client: this.deps.gateway.client(target),
      limiter: this.limiter,
      now: this.deps.now,
      log: this.deps.log,
      throttlePatienceMs: this.deps.config.scan.throttlePatienceSeconds * 1000,
      onPage: (page) => this.writePage(target, page),
      pages: this.pages,
    });
    const [cache, previousRuns] = await Promise.all([this.known.cache, this.known.previousRuns]);
    const previous = previousRuns.get(key);
    const seen = new Set(scan.seen);
    const unseen = (cache.byTarget.get(key) ?? []).filter((cached) => !seen.has(cached.workspaceId));
    if (scan.status === 'complete') await this.markMissing(unseen, key, scan.startedAt, previous);
    else {
      // What a failed scan did not list stays in the overview as last known (unless complete scans missed it).
      this.keepAsLastKnown(unseen);
      if (scan.status === 'failed') {
        this.deps.log.warn('Region scan failed; nothing in it is marked missing', { target: key, error: scan.error });
      }
    }
    return nextRun(scan, previous);
  }

  /** Writes what is new or changed in one page; an unchanged WorkSpace is not written at all. */
  private async writePage(target: Target, page: ScannedWorkspace[]): Promise<void> {
    const cache = await this.known.cache;
    const scanAt = this.deps.now().toISOString();
    const created: WorkspaceRecord[] = [];
    const updated: WorkspaceRecord[] = [];
    for (const scanned of page) {
      const cached = cache.byId.get(scanned.workspaceId);
      const record = toRecord(scanned, target, cached, scanAt);
      this.view.set(record.workspaceId, record);
      if (!cached) created.push(record);
      else if (hasChanged(cached, record)) updated.push(record);
    }
    // Count only after the await: `writes.created += await ...` would lose other pages' counts.
    const createdCount = await this.deps.cache.putNew(created);
    this.writes.created += createdCount;
    await Promise.all(
      updated.map(async (record) => {
        if ((await this.deps.cache.put(record)) === 'written') this.writes.updated++;
        else this.writes.stale++;
      }),
    );
  }

  /** Absent from a complete scan: marked, so the reaper can prove the absence without a write per scan. */
  private async markMissing(
    unseen: CachedWorkspace[],
    key: string,
    scanStartedAt: string,
    previous: TargetRun | undefined,
  ): Promise<void> {
    await Promise.all(
      unseen.map(async (cached) => {
        const lastSeen = cached.missingTarget ? undefined : previous?.lastCompleteAt;
        const result = await this.deps.cache.markMissing(cached.workspaceId, key, scanStartedAt, lastSeen);
        if (result === 'written') this.writes.markedMissing++;
        else this.writes.stale++;
      }),
    );
  }

  keepAsLastKnown(cached: readonly CachedWorkspace[]): void {
    for (const ws of cached) if (!ws.missingTarget) this.view.set(ws.workspaceId, ws);
  }

  /**
   * Regions scanned before but not this time. When the account's region list could not be read, they are failed
   * (a region without WorkSpaces stays so): their WorkSpaces stay as last known and nothing is reaped there. When
   * the list left them out (REGIONLIST changed, an account or a region gone), their run records go, so they are not
   * reported as unscanned. Their cached WorkSpaces stay: a scanner started with other settings, or a region list
   * that comes back short once, must not wipe what is still there (docs/sync.md).
   */
  async unscanned(
    runs: readonly TargetRun[],
    accounts: readonly AccountTargets[],
  ): Promise<{ failed: TargetRun[]; dropped: TargetRun[] }> {
    const [cache, previousRuns] = await Promise.all([this.known.cache, this.known.previousRuns]);
    const scanned = new Set(runs.map(targetKey));
    const unlistable = new Map(accounts.flatMap((a) => (a.regionError ? [[a.account.accountId, a.regionError]] : [])));
    const failed: TargetRun[] = [];
    const dropped: TargetRun[] = [];
    for (const previous of previousRuns.values()) {
      const key = targetKey(previous);
      if (scanned.has(key)) continue;
      const regionError = unlistable.get(previous.accountId);
      if (regionError === undefined) {
        dropped.push(previous);
        continue;
      }
      const at = this.deps.now().toISOString();
      failed.push(previous.status === 'not-offered' ? previous : unlistedRun(previous, regionError, at));
      this.keepAsLastKnown(cache.byTarget.get(key) ?? []);
    }
    return { failed, dropped };
  }
}

async function listTargets(deps: ScannerDeps): Promise<AccountTargets[]> {
  const accounts = await deps.accounts();
  for (const { account, regionError } of accounts) {
    if (regionError)
      deps.log.warn('DescribeRegions failed; scanning us-east-1 only', { account: account.accountId, regionError });
  }
  return accounts;
}

async function scanUnderLease(deps: ScannerDeps, started: Date): Promise<ScanResult> {
  const session = new ScanSession(deps, readKnown(deps));
  const accounts = await listTargets(deps);
  // Every target settles before a failure is thrown: the lease is released only when no write is under way.
  const runs = await settleAll(targetsOf(accounts).map((target) => session.scanTarget(target)));
  const { failed, dropped } = await session.unscanned(runs, accounts);
  runs.push(...failed);
  await deps.sync.putRuns(runs, dropped);
  const summary = summarizeFleet(session.view.values(), deps.now(), deps.config.scan.stuckMinutes);
  await deps.sync.putSummary(summary);
  await deps
    .ownerAlerts?.(summary)
    .catch((error: unknown) => deps.log.error('Owner alerts could not be sent', { error: String(error) }));
  const result: ScanResult = {
    runs,
    failedTargets: runs.filter((r) => r.status === 'failed').map(targetKey),
    total: summary.total,
    writes: session.writes,
    durationMs: deps.now().getTime() - started.getTime(),
  };
  deps.log.info('Scan finished', {
    total: result.total,
    writes: result.writes,
    complete: runs.filter((r) => r.status === 'complete').length,
    failed: result.failedTargets,
    notOffered: runs.filter((r) => r.status === 'not-offered').length,
    durationMs: result.durationMs,
  });
  return result;
}

export async function runScan(deps: ScannerDeps, leaseSeconds = DEFAULT_LEASE_SECONDS): Promise<ScanResult> {
  const started = deps.now();
  const holder = randomUUID();
  if (!(await deps.sync.acquireLease(SCAN_LEASE, holder, started, leaseSeconds))) {
    deps.log.warn('Another scan holds the lease; skipping this run');
    const writes = { created: 0, updated: 0, markedMissing: 0, stale: 0 };
    return { skipped: 'another scan is running', runs: [], failedTargets: [], total: 0, writes, durationMs: 0 };
  }
  try {
    return await scanUnderLease(deps, started);
  } finally {
    await deps.sync.releaseLease(SCAN_LEASE, holder);
  }
}
