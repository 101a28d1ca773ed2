/** A scanner and reaper wired to fresh tables and a running simulator, as the Lambda handlers wire them. */
import { loadConfig } from '../../core/config';
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

/** `prefix`: another fixture's tables, for a second scanner with other settings (a changed REGIONLIST, say). */
export async function syncFixture(
  env: Record<string, string> = {},
  channels: OnCallChannel[] = [],
  prefix?: string,
): Promise<SyncDeps & { prefix: string; now: { at: Date | undefined } }> {
  const tablePrefix = prefix ?? (await testTables(env)).prefix;
  const config = loadConfig({ ...process.env, TABLE_PREFIX: tablePrefix, ...env });
  const deps = syncDeps(config, channels, quietLog);
  // Tests may pin the clock; by default it is the real one.
  const now = { at: undefined as Date | undefined };
  const clock = () => now.at ?? new Date();
  deps.scanner.now = clock;
  deps.reaper.now = clock;
  return { ...deps, prefix: tablePrefix, now };
}
