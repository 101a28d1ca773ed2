import type { AttentionEntry } from '../core/fleet-summary';

/**
 * The on-call report, built once as a platform-neutral structure; bot/slack renders it (and a Teams renderer would).
 */

export interface RemovedWorkspace {
  workspaceId: string;
  userName: string;
  region: string;
  accountId: string;
  /** When a complete scan last saw it, when known. */
  lastSeenAt?: string;
  /** How its absence was proven. */
  proof: 'two-complete-scans' | 'describe-by-id';
}

export interface UnscannedTarget {
  accountId: string;
  region: string;
  /** Since when every scan of it has failed. */
  failingSince: string;
  lastError: string;
  /** The last time it was scanned completely, if ever. */
  lastCompleteAt?: string;
}

export interface OnCallReport {
  generatedAt: string;
  /** 'changes' when something new happened; 'digest' for the daily summary. */
  kind: 'changes' | 'digest';
  /** Removals not yet delivered, oldest first, at most a page of them (sync/reaper.ts, REMOVALS_PER_REPORT). */
  removed: RemovedWorkspace[];
  /** Removals still waiting after these, which the next runs' reports carry; 0 when this report has them all. */
  removedStillPending?: number;
  /** Chat requests the worker gave up on after Lambda's retries, waiting in its dead-letter queue. */
  deadLetters?: number;
  unscanned: UnscannedTarget[];
  /** The WorkSpaces needing attention, as the scanner's fleet summary lists them. */
  attention: AttentionEntry[];
  fleet: { total: number; byState: Record<string, number>; scannedAt?: string };
}

/** Where reports go: one implementation per chat platform. */
export interface OnCallChannel {
  readonly name: string;
  post(report: OnCallReport): Promise<void>;
}
