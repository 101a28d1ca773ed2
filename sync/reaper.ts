/**
 * The reaper: removes a cached WorkSpace only once its absence is proven (two complete scans in a row did
 * not see it, or one did and a DescribeWorkspaces by id then succeeded without it), and tells on-call what
 * changed: removals, regions that could not be scanned, WorkSpaces that need attention. Nothing is posted
 * when nothing is new, except the optional daily digest.
 */
import type { WorkspacesGateway } from '../core/aws/workspaces-gateway';
import { chunks, groupBy, mapConcurrent } from '../core/collections';
import type { Config } from '../core/config';
import type { SyncStore } from '../core/data/sync-store';
import type { CachedWorkspace, WorkspaceCache } from '../core/data/workspace-cache';
import { type TargetRun, targetKey } from '../core/fleet-summary';
import type { Log } from '../core/logger';
import type { OnCallChannel, OnCallReport, RemovedWorkspace, UnscannedTarget } from './report';

export interface ReaperDeps {
  config: Config;
  cache: WorkspaceCache;
  sync: SyncStore;
  workspaces: WorkspacesGateway;
  /** Where reports go: fixed, or read at each report (channels registered in chat can change between runs). */
  channels: OnCallChannel[] | (() => Promise<OnCallChannel[]>);
  /** How many chat requests wait in the worker's dead-letter queue; unset when no queue is configured. */
  deadLetters?: () => Promise<number>;
  now: () => Date;
  log: Log;
}

export interface ReapResult {
  removed: RemovedWorkspace[];
  /** The report, when there was news: posted to every channel but failedChannels, only logged when none is set up. */
  report?: OnCallReport;
  /** Channels that could not be reached; their report is tried again next run. */
  failedChannels: string[];
  /** Channels the report reached. */
  postedTo: string[];
}

/**
 * What the reaper remembers between runs so it only speaks when something is new. Undelivered removals are not
 * here: they are items of their own (SyncStore.addPendingRemovals), so a mass decommission during a long chat outage
 * cannot push this item past DynamoDB's 400 KB.
 */
interface ReporterMemory {
  reportedUnscanned: string[];
  reportedAttention: string[];
  /** The newest attention `since` reported: a newer one is news even when it is past the summary's cut. */
  reportedAttentionNewest?: string;
  /** The UTC day (YYYY-MM-DD) of the last digest. */
  lastDigestDay?: string;
  /** The dead letters waiting when last reported: more than that is news; an emptied queue starts again at 0. */
  reportedDeadLetters?: number;
  /** Written by versions that kept undelivered removals here; moved to their own items on the next run. */
  pendingRemoved?: RemovedWorkspace[];
}

const MEMORY = 'oncall-report';
/** Complete scans in a row that must miss a WorkSpace before the reaper removes it without asking AWS. */
const PROOF_SCANS = 2;
/** Removals a report carries at most; the rest follow in the next runs' reports, oldest first. */
export const REMOVALS_PER_REPORT = 200;
/** Conditional deletes in flight at once. */
const DELETE_CONCURRENCY = 32;

function removedEntry(ws: CachedWorkspace, proof: RemovedWorkspace['proof']): RemovedWorkspace {
  return {
    workspaceId: ws.workspaceId,
    userName: ws.userName,
    region: ws.region,
    accountId: ws.accountId,
    lastSeenAt: ws.lastSeenAt,
    proof,
  };
}

async function reapTarget(deps: ReaperDeps, run: TargetRun, missing: CachedWorkspace[]): Promise<RemovedWorkspace[]> {
  const removed: RemovedWorkspace[] = [];
  const twice = missing.filter((m) => (m.missingScans ?? 0) >= PROOF_SCANS);
  await mapConcurrent(twice, DELETE_CONCURRENCY, async (ws) => {
    if ((await deps.cache.deleteMissing(ws.workspaceId, PROOF_SCANS)) === 'written') {
      removed.push(removedEntry(ws, 'two-complete-scans'));
    }
  });
  // Missed by one complete scan: ask AWS directly; only a successful answer without it is proof.
  const once = missing.filter((m) => (m.missingScans ?? 0) < PROOF_SCANS);
  for (const batch of chunks(once, 25)) {
    try {
      const live = await deps.workspaces.describe(
        run,
        batch.map((ws) => ws.workspaceId),
      );
      const provenAt = deps.now().toISOString();
      const present = new Set(live.map((ws) => ws.workspaceId));
      for (const ws of batch) {
        if (present.has(ws.workspaceId)) continue;
        if ((await deps.cache.delete(ws.workspaceId, provenAt)) === 'written')
          removed.push(removedEntry(ws, 'describe-by-id'));
      }
    } catch (error) {
      deps.log.warn('Could not verify missing WorkSpaces; nothing removed', {
        target: targetKey(run),
        error: error instanceof Error ? error.name : String(error),
      });
    }
  }
  return removed;
}

/**
 * Removes what is proven gone, only where the last scan was complete: a failed, throttled or partial scan removes
 * nothing in its region, even what earlier scans marked. The marked WorkSpaces of every region come from one Scan of
 * the sparse missing index.
 */
async function reap(deps: ReaperDeps, runs: readonly TargetRun[]): Promise<RemovedWorkspace[]> {
  const complete = runs.filter((run) => run.status === 'complete');
  if (!complete.length) return [];
  const missing = groupBy(await deps.cache.listMissing(), (ws) => ws.missingTarget ?? '');
  const marked = complete.filter((run) => missing.has(targetKey(run)));
  const removed = await mapConcurrent(marked, 8, (run) => reapTarget(deps, run, missing.get(targetKey(run))!));
  return removed.flat();
}

function unscannedOf(runs: readonly TargetRun[]): UnscannedTarget[] {
  return runs
    .filter((run) => run.status === 'failed')
    .map((run) => ({
      accountId: run.accountId,
      region: run.region,
      failingSince: run.failingSince ?? run.at,
      lastError: run.lastError ?? 'unknown error',
      lastCompleteAt: run.lastCompleteAt,
    }));
}

/** Keeps removals until every channel has them: written before any post, so a failed post loses none. */
async function keepUndelivered(deps: ReaperDeps, removed: readonly RemovedWorkspace[], at: Date): Promise<void> {
  if (!removed.length) return;
  await deps.sync.addPendingRemovals(
    removed.map((removal) => ({ id: removal.workspaceId, removal })),
    at,
  );
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

async function post(deps: ReaperDeps, report: OnCallReport): Promise<{ failedChannels: string[]; postedTo: string[] }> {
  const failedChannels: string[] = [];
  const postedTo: string[] = [];
  const channels = typeof deps.channels === 'function' ? await deps.channels() : deps.channels;
  for (const channel of channels) {
    try {
      await channel.post(report);
      postedTo.push(channel.name);
    } catch (error) {
      failedChannels.push(channel.name);
      deps.log.error('Could not post the on-call report', { channel: channel.name, error: String(error) });
    }
  }
  if (channels.length === 0) deps.log.info('On-call report (no channel configured)', { report });
  return { failedChannels, postedTo };
}

/** The dead letters waiting, or undefined when there is no queue or it cannot be read now (said in the log). */
async function deadLettersWaiting(deps: ReaperDeps): Promise<number | undefined> {
  if (!deps.deadLetters) return undefined;
  try {
    return await deps.deadLetters();
  } catch (error) {
    deps.log.warn("Could not read the worker's dead-letter queue", { error: String(error) });
    return undefined;
  }
}

export async function runReaper(deps: ReaperDeps): Promise<ReapResult> {
  const [summary, runs, stored] = await Promise.all([
    deps.sync.summary(),
    deps.sync.runs(),
    deps.sync.get<ReporterMemory>(MEMORY),
  ]);
  if (!summary) {
    deps.log.info('No scan has finished yet; nothing to reap');
    return { removed: [], failedChannels: [], postedTo: [] };
  }
  const now = deps.now();
  const removed = await reap(deps, runs);
  const { pendingRemoved: legacy = [], ...memory } = stored ?? { reportedUnscanned: [], reportedAttention: [] };
  await keepUndelivered(deps, [...legacy, ...removed], now);
  const pending = await deps.sync.pendingRemovals<RemovedWorkspace>(REMOVALS_PER_REPORT);

  const unscanned = unscannedOf(runs);
  const unscannedKeys = unscanned.map(targetKey);
  const attentionIds = summary.attention.map((a) => a.workspaceId);
  const deadLetters = await deadLettersWaiting(deps);
  const somethingNew =
    pending.page.length > 0 ||
    (deadLetters ?? 0) > (memory.reportedDeadLetters ?? 0) ||
    unscannedKeys.some((k) => !memory.reportedUnscanned.includes(k)) ||
    attentionIds.some((id) => !memory.reportedAttention.includes(id)) ||
    (summary.attentionNewestSince ?? '') > (memory.reportedAttentionNewest ?? '');
  const today = now.toISOString().slice(0, 10);
  const digestHour = deps.config.oncall.digestHourUtc;
  const digestDue = digestHour !== undefined && now.getUTCHours() >= digestHour && memory.lastDigestDay !== today;

  // Recovered regions and healed WorkSpaces drop out of memory, so a relapse counts as new.
  const reported: ReporterMemory = {
    reportedUnscanned: unscannedKeys,
    reportedAttention: attentionIds,
    ...(summary.attentionNewestSince ? { reportedAttentionNewest: summary.attentionNewestSince } : {}),
    lastDigestDay: memory.lastDigestDay,
    // Unknown this run (the queue could not be read): what was last reported stands.
    ...((deadLetters ?? memory.reportedDeadLetters) !== undefined
      ? { reportedDeadLetters: deadLetters ?? memory.reportedDeadLetters }
      : {}),
  };
  if (!somethingNew && !digestDue) {
    // Only a recovered region or a healed WorkSpace changes the memory of a quiet run.
    const changed =
      !same(unscannedKeys, memory.reportedUnscanned) ||
      !same(attentionIds, memory.reportedAttention) ||
      summary.attentionNewestSince !== memory.reportedAttentionNewest ||
      reported.reportedDeadLetters !== memory.reportedDeadLetters;
    if (changed) await deps.sync.put(MEMORY, reported);
    return { removed, failedChannels: [], postedTo: [] };
  }

  const report: OnCallReport = {
    generatedAt: now.toISOString(),
    kind: somethingNew ? 'changes' : 'digest',
    removed: pending.page.map((entry) => entry.removal),
    removedStillPending: pending.total - pending.page.length,
    unscanned,
    attention: summary.attention,
    ...(deadLetters ? { deadLetters } : {}),
    fleet: { total: summary.total, byState: summary.byState, scannedAt: summary.scannedAt },
  };
  const { failedChannels, postedTo } = await post(deps, report);
  if (failedChannels.length) {
    // Nothing counts as told: the same news (and the kept removals) go out on the next run.
    if (legacy.length) await deps.sync.put(MEMORY, memory);
    return { removed, report, failedChannels, postedTo };
  }
  await deps.sync.deletePendingRemovals(pending.page.map((entry) => entry.key));
  await deps.sync.put(MEMORY, { ...reported, lastDigestDay: digestDue ? today : memory.lastDigestDay });
  return { removed, report, failedChannels, postedTo };
}
