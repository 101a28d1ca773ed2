/** A scanner and reaper wired to fresh tables and a running simulator, as the Lambda handlers wire them. */
import { loadConfig, type TableNames } from '../../core/config';
import type { Log } from '../../core/logger';
import { type SyncDeps, syncDeps } from '../../sync/deps';
import type { OnCallChannel, OnCallReport } from '../../sync/report';
import { testTables } from './dynamo';

export const quietLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** An on-call channel that keeps what it was sent. */
export class RecordingChannel implements OnCallChannel {
  readonly name = 'recording';
  readonly reports: OnCallReport[] = [];
  failing = false;
  async post(report: OnCallReport): Promise<void> {
    if (this.failing) throw new Error('channel unavailable');
    this.reports.push(report);
  }
}

/** `tables`: another fixture's tables, for a second scanner with other settings (a changed REGIONLIST, say). */
export async function syncFixture(
  env: Record<string, string> = {},
  channels: OnCallChannel[] = [],
  tables?: TableNames,
): Promise<SyncDeps & { now: { at: Date | undefined } }> {
  const names = tables ?? (await testTables(env)).config.tables;
  const config = loadConfig({ ...process.env, ...tablesEnv(names), ...env });
  const deps = syncDeps(config, channels, quietLog);
  // Tests may pin the clock; by default it is the real one.
  const now = { at: undefined as Date | undefined };
  const clock = () => now.at ?? new Date();
  deps.scanner.now = clock;
  deps.reaper.now = clock;
  return { ...deps, now };
}

function tablesEnv(tables: TableNames): Record<string, string> {
  return {
    WORKSPACES_TABLE: tables.workspaces,
    LINKS_TABLE: tables.links,
    SIGNIN_STATES_TABLE: tables.signinStates,
    AUDIT_TABLE: tables.audit,
    IDEMPOTENCY_TABLE: tables.idempotency,
    SYNC_TABLE: tables.sync,
  };
}
