import { documentClient } from '../../core/aws/dynamodb';
import { writeAll } from '../../core/data/batch-write';
import { fleetPartition, fleetSort } from '../../core/data/workspace-cache';
import { summarizeFleet, targetKey } from '../../core/fleet-summary';
import type { FleetSpec, RunningWorkspacesSimulator } from '../../local/workspaces-sim';
import { REMOVALS_PER_REPORT, runReaper } from '../../sync/reaper';
import { runScan } from '../../sync/scanner';
import { workspace } from '../helpers/fleet';
import { startSimulator } from '../helpers/simulator';
import { RecordingChannel, syncFixture } from '../helpers/sync';

const FLEET: FleetSpec = {
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  directories: [
    { directoryId: 'd-east', region: 'us-east-1', name: 'corp.example.com' },
    { directoryId: 'd-west', region: 'eu-west-1', name: 'corp.example.com' },
    { directoryId: 'd-syd', region: 'ap-southeast-2', name: 'corp.example.com' },
  ],
  workspaces: [
    { workspaceId: 'ws-e1', directoryId: 'd-east', userName: 'alice' },
    { workspaceId: 'ws-e2', directoryId: 'd-east', userName: 'bob' },
    { workspaceId: 'ws-w1', directoryId: 'd-west', userName: 'carol' },
    { workspaceId: 'ws-w2', directoryId: 'd-west', userName: 'dave', state: 'ERROR' },
    { workspaceId: 'ws-s1', directoryId: 'd-syd', userName: 'erin' },
  ],
};

let running: RunningWorkspacesSimulator;
let channel: RecordingChannel;
beforeEach(async () => {
  running = await startSimulator({ fleet: structuredClone(FLEET) });
  channel = new RecordingChannel();
});
afterEach(() => running.close());

async function fixture(env: Record<string, string> = {}) {
  return syncFixture({ AWS_MAX_ATTEMPTS: '2', SCAN_THROTTLE_PATIENCE_SECONDS: '1', ...env }, [channel]);
}

describe('the reaper', () => {
  it('removes a WorkSpace terminated between scans once DescribeWorkspaces by id confirms it, and reports it', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    await runReaper(reaper);
    const firstScanAt = (await scanner.sync.runs()).find((r) => r.region === 'us-east-1')?.lastCompleteAt;
    running.sim.removeWorkspace('ws-e2');
    await runScan(scanner);

    const result = await runReaper(reaper);

    expect(result.removed).toEqual([
      {
        workspaceId: 'ws-e2',
        userName: 'bob',
        region: 'us-east-1',
        accountId: '123456789012',
        lastSeenAt: firstScanAt,
        proof: 'describe-by-id',
      },
    ]);
    expect(await scanner.cache.get('ws-e2')).toBeUndefined();
    expect(await scanner.cache.get('ws-e1')).toBeDefined();
    expect(channel.reports.at(-1)).toMatchObject({ kind: 'changes', removed: result.removed });
  });

  it('removes after two complete scans without asking AWS again', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    running.sim.removeWorkspace('ws-s1');
    await runScan(scanner);
    await runScan(scanner);
    running.sim.resetStats();

    const result = await runReaper(reaper);

    expect(result.removed).toEqual([expect.objectContaining({ workspaceId: 'ws-s1', proof: 'two-complete-scans' })]);
    expect(running.sim.callCount('DescribeWorkspaces')).toBe(0);
  });

  it('keeps a WorkSpace that a scan missed when AWS still lists it by id', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    // Marked missing by a (wrong) complete scan, but AWS knows it.
    await scanner.cache.markMissing('ws-w1', '123456789012#eu-west-1', new Date(Date.now() + 1000).toISOString());

    const result = await runReaper(reaper);

    expect(result.removed).toEqual([]);
    expect(await scanner.cache.get('ws-w1')).toBeDefined();
  });

  it('removes nothing when the lookup by id fails', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    running.sim.removeWorkspace('ws-w1');
    await runScan(scanner);
    running.sim.setOutage('eu-west-1', 'down');

    const result = await runReaper(reaper);

    expect(result.removed).toEqual([]);
    expect(await scanner.cache.get('ws-w1')).toBeDefined();
  });

  it('removes nothing in a region that is down or throttled, and reports those regions with since when', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    running.sim.removeWorkspace('ws-w1');
    running.sim.removeWorkspace('ws-e1');
    running.sim.setOutage('eu-west-1', 'down');
    running.sim.throttleNext({ region: 'us-east-1', operation: 'DescribeWorkspaces', count: 1000 });
    await runScan(scanner);
    await runScan(scanner);
    running.sim.setOutage('eu-west-1', null);

    const result = await runReaper(reaper);

    expect(result.removed).toEqual([]);
    expect(await scanner.cache.get('ws-w1')).toBeDefined();
    expect(await scanner.cache.get('ws-e1')).toBeDefined();
    const report = channel.reports.at(-1)!;
    expect(report.unscanned.map((u) => u.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    const west = report.unscanned.find((u) => u.region === 'eu-west-1')!;
    const runs = await scanner.sync.runs();
    expect(west.failingSince < runs.find((r) => r.region === 'eu-west-1')!.at).toBe(true);
    expect(west.lastCompleteAt).toBeDefined();
    expect(west.lastError).toContain('ServiceUnavailable');
    expect(report.unscanned.find((u) => u.region === 'us-east-1')?.lastError).toContain('throttled');
  });

  it('reports the WorkSpaces that need attention, and stays quiet when nothing is new', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    const first = await runReaper(reaper);
    expect(first.report?.attention.map((a) => a.workspaceId)).toEqual(['ws-w2']);
    expect(first.report?.fleet).toMatchObject({ total: 5, byState: { AVAILABLE: 4, ERROR: 1 } });

    await runScan(scanner);
    const second = await runReaper(reaper);
    expect(second.report).toBeUndefined();
    expect(channel.reports).toHaveLength(1);

    running.sim.setState('ws-e1', 'UNHEALTHY');
    await runScan(scanner);
    const third = await runReaper(reaper);
    expect(third.report?.attention.map((a) => a.workspaceId).sort()).toEqual(['ws-e1', 'ws-w2']);
    expect(channel.reports).toHaveLength(2);
  });

  it('reports a WorkSpace newly needing attention even when more than the summary lists already do', async () => {
    await running.close();
    const many = structuredClone(FLEET);
    for (let i = 0; i < 205; i++) {
      many.workspaces.push({
        workspaceId: `ws-sick${String(i).padStart(3, '0')}`,
        directoryId: 'd-east',
        userName: `user${i}`,
        state: 'UNHEALTHY',
        stateSince: '-2d',
      });
    }
    running = await startSimulator({ fleet: many });
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    expect((await runReaper(reaper)).report).toBeDefined();
    await runScan(scanner);
    expect((await runReaper(reaper)).report).toBeUndefined();

    // The newest problem sorts last, past the 200 the summary keeps; it is news all the same.
    running.sim.setState('ws-e1', 'UNHEALTHY');
    await runScan(scanner);
    const summary = await scanner.sync.summary();
    expect(summary?.attention.map((a) => a.workspaceId)).not.toContain('ws-e1');
    expect((await runReaper(reaper)).report).toMatchObject({ kind: 'changes' });
  });

  it('keeps removals it could not deliver and reports them on the next run', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    await runReaper(reaper);
    running.sim.removeWorkspace('ws-e2');
    await runScan(scanner);
    channel.failing = true;

    const failed = await runReaper(reaper);
    expect(failed.failedChannels).toEqual(['recording']);
    expect(await scanner.cache.get('ws-e2')).toBeUndefined();

    channel.failing = false;
    const retried = await runReaper(reaper);
    expect(retried.report?.removed.map((r) => r.workspaceId)).toEqual(['ws-e2']);
    expect((await runReaper(reaper)).report).toBeUndefined();
  });

  it('keeps a mass removal during a chat outage as items of its own and delivers it in pages, saying how many are left', async () => {
    const { reaper } = await fixture();
    const target = { accountId: '123456789012', region: 'us-east-1' };
    const key = targetKey(target);
    const count = 2500;
    const seenAt = new Date(Date.now() - 3_600_000).toISOString();
    const records = Array.from({ length: count }, (_, i) =>
      workspace({
        ...target,
        workspaceId: `ws-gone${String(i).padStart(5, '0')}`,
        userName: `departed.colleague.${i}@corp.example.com`,
        observedAt: seenAt,
        lastSeenAt: seenAt,
      }),
    );
    // Cached, and marked by two complete scans in a row that did not see them (written as such: thousands of WorkSpaces
    // marked one by one would take most of this test's time).
    const scanAt = new Date().toISOString();
    await writeAll(documentClient(reaper.config.aws), reaper.cache.tableName, {
      put: records.map((ws) => ({
        ...ws,
        ownerKey: ws.userName,
        fleetKey: fleetPartition(ws.workspaceId),
        fleetSort: fleetSort(ws),
        missingTarget: key,
        missingScans: 2,
        missingSince: scanAt,
      })),
    });
    await reaper.sync.putRuns([{ ...target, status: 'complete', at: scanAt, found: 0, lastCompleteAt: scanAt }]);
    await reaper.sync.putSummary(summarizeFleet([], new Date(), 30));

    channel.failing = true;
    const failed = await runReaper(reaper);
    expect(failed.removed).toHaveLength(count);
    // Kept in one item, as before, these removals would pass DynamoDB's 400 KB limit.
    expect(Buffer.byteLength(JSON.stringify(failed.removed))).toBeGreaterThan(400 * 1024);
    expect(failed.failedChannels).toEqual(['recording']);

    channel.failing = false;
    const delivered: string[] = [];
    for (let run = 0; run < 20; run++) {
      const { report } = await runReaper(reaper);
      if (!report) break;
      expect(report.removed.length).toBeLessThanOrEqual(REMOVALS_PER_REPORT);
      delivered.push(...report.removed.map((r) => r.workspaceId));
      expect(report.removedStillPending).toBe(count - delivered.length);
    }
    // Every removal once, oldest first, and then silence.
    expect(delivered).toEqual(records.map((r) => r.workspaceId));
    expect(channel.reports).toHaveLength(Math.ceil(count / REMOVALS_PER_REPORT));
  }, 60_000);

  it('delivers the removals an earlier version kept in its memory item', async () => {
    const { scanner, reaper } = await fixture();
    await runScan(scanner);
    await runReaper(reaper);
    const legacy = { workspaceId: 'ws-old', userName: 'olga', region: 'us-east-1', accountId: '123456789012' };
    await reaper.sync.put('oncall-report', {
      pendingRemoved: [{ ...legacy, proof: 'two-complete-scans' }],
      reportedUnscanned: [],
      reportedAttention: ['ws-w2'],
    });
    expect((await runReaper(reaper)).report?.removed).toEqual([expect.objectContaining(legacy)]);
    expect(await reaper.sync.get('oncall-report')).not.toHaveProperty('pendingRemoved');
    expect((await runReaper(reaper)).report).toBeUndefined();
  });

  it('posts a daily digest when one is configured, once a day', async () => {
    const { scanner, reaper, now } = await fixture({ ONCALL_DIGEST_HOUR_UTC: '8' });
    await runScan(scanner);
    now.at = new Date('2026-11-23T07:00:00Z');
    await runReaper(reaper);
    expect(channel.reports.map((r) => r.kind)).toEqual(['changes']);

    now.at = new Date('2026-11-23T09:00:00Z');
    expect((await runReaper(reaper)).report?.kind).toBe('digest');
    now.at = new Date('2026-11-23T15:00:00Z');
    expect((await runReaper(reaper)).report).toBeUndefined();
    now.at = new Date('2026-11-24T08:30:00Z');
    expect((await runReaper(reaper)).report?.kind).toBe('digest');
  });

  it('does nothing before the first scan', async () => {
    const { reaper } = await fixture();
    expect(await runReaper(reaper)).toEqual({ removed: [], failedChannels: [], postedTo: [] });
    expect(channel.reports).toEqual([]);
  });
});
