/**
 * What the admin fleet overview and the on-call report need without reading the whole cache: counts by
 * state, region and account, and the WorkSpaces that need attention. The scanner maintains it, with one run
 * record per region and account (TargetRun, kept apart so the summary's size does not grow with them).
 */
import { ATTENTION_STATES, minutesInState, TRANSITIONAL_STATES, type WorkspaceRecord } from './workspace';

export type TargetStatus = 'complete' | 'failed' | 'not-offered';

/** One region of one account, as the scanner last found it. */
export interface TargetRun {
  accountId: string;
  region: string;
  status: TargetStatus;
  /** When this run finished. */
  at: string;
  /** WorkSpaces found (on a failed run: found before it failed). */
  found: number;
  /** The last complete scan. */
  lastCompleteAt?: string;
  /** Since when every run has failed; unset while it succeeds. */
  failingSince?: string;
  lastError?: string;
}

export interface AttentionEntry {
  workspaceId: string;
  userName: string;
  region: string;
  accountId: string;
  state: string;
  since: string;
  reason: 'state' | 'stuck';
}

export interface FleetSummary {
  scannedAt: string;
  total: number;
  byState: Record<string, number>;
  byRegion: Record<string, number>;
  byAccount: Record<string, number>;
  /** The WorkSpaces needing attention, longest-suffering first, at most ATTENTION_LIMIT of them. */
  attention: AttentionEntry[];
  attentionTotal: number;
  /** The latest `since` of all the WorkSpaces needing attention, listed or not: how the reaper spots a new one. */
  attentionNewestSince?: string;
}

const ATTENTION_LIMIT = 200;

export function targetKey(target: { accountId: string; region: string }): string {
  return `${target.accountId}#${target.region}`;
}

/** Why a WorkSpace needs attention, or undefined when it does not. */
export function attentionReason(
  ws: WorkspaceRecord,
  now: Date,
  stuckMinutes: number,
): AttentionEntry['reason'] | undefined {
  if (ATTENTION_STATES.includes(ws.state)) return 'state';
  if (TRANSITIONAL_STATES.includes(ws.state) && minutesInState(ws, now) > stuckMinutes) return 'stuck';
  return undefined;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function summarizeFleet(workspaces: Iterable<WorkspaceRecord>, now: Date, stuckMinutes: number): FleetSummary {
  const summary: FleetSummary = {
    scannedAt: now.toISOString(),
    total: 0,
    byState: {},
    byRegion: {},
    byAccount: {},
    attention: [],
    attentionTotal: 0,
  };
  for (const ws of workspaces) {
    summary.total++;
    increment(summary.byState, ws.state);
    increment(summary.byRegion, ws.region);
    increment(summary.byAccount, ws.accountId);
    const reason = attentionReason(ws, now, stuckMinutes);
    if (reason) {
      summary.attention.push({
        workspaceId: ws.workspaceId,
        userName: ws.userName,
        region: ws.region,
        accountId: ws.accountId,
        state: ws.state,
        since: ws.stateSince,
        reason,
      });
    }
  }
  summary.attentionTotal = summary.attention.length;
  for (const entry of summary.attention) {
    if (!summary.attentionNewestSince || entry.since > summary.attentionNewestSince) {
      summary.attentionNewestSince = entry.since;
    }
  }
  summary.attention.sort((a, b) => a.since.localeCompare(b.since) || a.workspaceId.localeCompare(b.workspaceId));
  summary.attention = summary.attention.slice(0, ATTENTION_LIMIT);
  return summary;
}
