/**
 * The reaper: removes a cached WorkSpace only once its absence is proven (two complete scans in a row did
 * not see it, or one did and a DescribeWorkspaces by id then succeeded without it), and tells on-call what
 * changed: removals, regions that could not be scanned, WorkSpaces that need attention. Nothing is posted
 * when nothing is new, except the optional daily digest.
 */
import type { WorkspacesGateway } from '../core/aws/workspaces-gateway';
import { chunks, mapConcurrent } from '../core/collections';
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
  channels: OnCallChannel[];
  now: () => Date;
  log: Log;
}

export interface ReapResult {
  removed: RemovedWorkspace[];
  /** The report, when there was news: posted to every channel but failedChannels, only logged when none is set up. */
  report?: OnCallReport;
  /** Channels that could not be reached; their report is tried again next run. */
  failedChannels: string[];
}

/** What the reaper remembers between runs so it only speaks when something is new. */
interface ReporterMemory {
  /** Removals not yet delivered to every channel. */
  pendingRemoved: RemovedWorkspace[];
  reportedUnscanned: string[];
  reportedAttention: string[];
  /** The newest attention `since` reported: a newer one is news even when it is past the summary's cut. */
  reportedAttentionNewest?: string;
  /** The UTC day (YYYY-MM-DD) of the last digest. */
  lastDigestDay?: string;
}

const MEMORY = 'oncall-report';
/** Complete scans in a row that must miss a WorkSpace before the reaper removes it without asking AWS. */
const PROOF_SCANS = 2;

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

async function reapTarget(deps: ReaperDeps, run: TargetRun): Promise<RemovedWorkspace[]> {
  const key = targetKey(run);
  const missing = await deps.cache.listMissing(key);
  const removed: RemovedWorkspace[] = [];
  for (const ws of missing.filter((m) => (m.missingScans ?? 0) >= PROOF_SCANS)) {
    if ((await deps.cache.deleteMissing(ws.workspaceId, PROOF_SCANS)) === 'written') {
      removed.push(removedEntry(ws, 'two-complete-scans'));
    }
  }
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
        target: key,
        error: error instanceof Error ? error.name : String(error),
      });
    }
  }
  return removed;
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

export async function runReaper(deps: ReaperDeps): Promise<ReapResult> {
  const [summary, runs] = await Promise.all([deps.sync.summary(), deps.sync.runs()]);
  if (!summary) {
    deps.log.info('No scan has finished yet; nothing to reap');
    return { removed: [], failedChannels: [] };
  }
  // Only where the last scan was complete: a failed, throttled or partial scan removes nothing in its region, even
  // what earlier scans marked.
  const complete = runs.filter((run) => run.status === 'complete');
  const removed = (await mapConcurrent(complete, 8, (run) => reapTarget(deps, run))).flat();

  const now = deps.now();
  const memory: ReporterMemory = (await deps.sync.get<ReporterMemory>(MEMORY)) ?? {
    pendingRemoved: [],
    reportedUnscanned: [],
    reportedAttention: [],
  };
  const pendingRemoved = [...memory.pendingRemoved, ...removed];
  const unscanned = unscannedOf(runs);
  const unscannedKeys = unscanned.map(targetKey);
  const attentionIds = summary.attention.map((a) => a.workspaceId);
  const somethingNew =
    pendingRemoved.length > 0 ||
    unscannedKeys.some((k) => !memory.reportedUnscanned.includes(k)) ||
    attentionIds.some((id) => !memory.reportedAttention.includes(id)) ||
    (summary.attentionNewestSince ?? '') > (memory.reportedAttentionNewest ?? '');
  const today = now.toISOString().slice(0, 10);
  const digestHour = deps.config.oncall.digestHourUtc;
  const digestDue = digestHour !== undefined && now.getUTCHours() >= digestHour && memory.lastDigestDay !== today;

  // Recovered regions and healed WorkSpaces drop out of memory, so a relapse counts as new.
  const remembered: ReporterMemory = {
    pendingRemoved,
    reportedUnscanned: unscannedKeys,
    reportedAttention: attentionIds,
    ...(summary.attentionNewestSince ? { reportedAttentionNewest: summary.attentionNewestSince } : {}),
    lastDigestDay: memory.lastDigestDay,
  };
  if (!somethingNew && !digestDue) {
    // Only a recovered region or a healed WorkSpace changes the memory of a quiet run.
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((item, i) => item === b[i]);
    const changed =
      !same(unscannedKeys, memory.reportedUnscanned) ||
      !same(attentionIds, memory.reportedAttention) ||
      summary.attentionNewestSince !== memory.reportedAttentionNewest;
    if (changed) {
      await deps.sync.put(MEMORY, remembered);
    }
    return { removed, failedChannels: [] };
  }

  // Removals are remembered before posting, so a failed post loses none of them.
  await deps.sync.put(MEMORY, remembered);
  const report: OnCallReport = {
    generatedAt: now.toISOString(),
    kind: somethingNew ? 'changes' : 'digest',
    removed: pendingRemoved,
    unscanned,
    attention: summary.attention,
    fleet: { total: summary.total, byState: summary.byState, scannedAt: summary.scannedAt },
  };
  const failedChannels: string[] = [];
  for (const channel of deps.channels) {
    try {
      await channel.post(report);
    } catch (error) {
      failedChannels.push(channel.name);
      deps.log.error('Could not post the on-call report', { channel: channel.name, error: String(error) });
    }
  }
  if (deps.channels.length === 0) deps.log.info('On-call report (no channel configured)', { report });
  await deps.sync.put(MEMORY, {
    ...remembered,
    pendingRemoved: failedChannels.length ? pendingRemoved : [],
    reportedUnscanned: failedChannels.length ? memory.reportedUnscanned : unscannedKeys,
    reportedAttention: failedChannels.length ? memory.reportedAttention : attentionIds,
    reportedAttentionNewest: failedChannels.length
      ? memory.reportedAttentionNewest
      : remembered.reportedAttentionNewest,
    lastDigestDay: digestDue && !failedChannels.length ? today : memory.lastDigestDay,
  });
  return { removed, report, failedChannels };
}
