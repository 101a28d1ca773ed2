import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ActionDeps, performAction } from '../../core/actions';
import { documentClient } from '../../core/aws/dynamodb';
import { Limiter } from '../../core/collections';
import { AuditLog } from '../../core/data/audit';
import { IdempotencyStore } from '../../core/data/idempotency';
import type { WorkspaceCache } from '../../core/data/workspace-cache';
import { fleetPartition } from '../../core/data/workspace-cache';
import { listFleet } from '../../core/fleet-list';
import type { Log } from '../../core/logger';
import { DEFAULT_ROLE_ACTIONS } from '../../core/policy';
import type { FleetSpec, RunningWorkspacesSimulator } from '../../local/workspaces-sim';
import { runReaper } from '../../sync/reaper';
import { scanTarget } from '../../sync/scan-target';
import { runScan } from '../../sync/scanner';
import { actor } from '../helpers/fleet';
import { startSimulator } from '../helpers/simulator';
import { RecordingChannel, syncFixture } from '../helpers/sync';

function fleet(): FleetSpec {
  const workspaces: FleetSpec['workspaces'] = [];
  // 60 WorkSpaces in one directory: three pages of at most 25.
  for (let i = 0; i < 60; i++) {
    workspaces.push({ workspaceId: `ws-east${i}`, directoryId: 'd-east', userName: `user${i}`, state: 'AVAILABLE' });
  }
  workspaces.push(
    { workspaceId: 'ws-west1', directoryId: 'd-west', userName: 'alice', state: 'UNHEALTHY', runningMode: 'AUTO_STOP' },
    { workspaceId: 'ws-west2', directoryId: 'd-west2', userName: 'bob', state: 'STOPPED', runningMode: 'AUTO_STOP' },
    { workspaceId: 'ws-sydney', directoryId: 'd-syd', userName: 'carol', state: 'AVAILABLE' },
  );
  return {
    regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'],
    directories: [
      { directoryId: 'd-east', region: 'us-east-1', name: 'corp.example.com', registrationCode: 'SLiad+EAST01' },
      { directoryId: 'd-west', region: 'eu-west-1', name: 'corp.example.com', registrationCode: 'WSdub+WEST01' },
      { directoryId: 'd-west2', region: 'eu-west-1', name: 'lab.example.com', registrationCode: 'WSdub+WEST02' },
      { directoryId: 'd-syd', region: 'ap-southeast-2', name: 'corp.example.com', registrationCode: 'WSsyd+SYD001' },
    ],
    workspaces,
  };
}

/** The WorkSpaces marked missing in one account and region. */
async function missingIn(cache: WorkspaceCache, target: string) {
  return (await cache.listMissing()).filter((ws) => ws.missingTarget === target);
}

/** A Log that keeps its warnings. */
function recordingLog(): Log & { warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  return { warnings, debug() {}, info() {}, warn: (...args: unknown[]) => warnings.push(args), error() {} };
}

let running: RunningWorkspacesSimulator;
beforeEach(async () => {
  running = await startSimulator({ fleet: fleet() });
});
afterEach(() => running.close());

describe('regions to scan', () => {
  it('takes REGIONLIST when set, spaces tolerated', async () => {
    const { scanner } = await syncFixture({ REGIONLIST: ' eu-west-1 , us-east-1 ' });
    const result = await runScan(scanner);
    expect(result.runs.map((r) => r.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(running.sim.callCount('DescribeRegions')).toBe(0);
    expect(result.total).toBe(62);
  });

  it("asks EC2 DescribeRegions for the account's regions when REGIONLIST is unset", async () => {
    const { scanner } = await syncFixture();
    const result = await runScan(scanner);
    expect(result.runs.map((r) => r.region).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'sa-east-1', 'us-east-1']);
    expect(running.sim.callCount('DescribeRegions')).toBe(1);
  });

  it('falls back to us-east-1 when DescribeRegions fails', async () => {
    running.sim.throttleNext({ operation: 'DescribeRegions', count: 100 });
    const { scanner } = await syncFixture({ AWS_MAX_ATTEMPTS: '2' });
    const result = await runScan(scanner);
    expect(result.runs.map((r) => r.region)).toEqual(['us-east-1']);
    expect(result.total).toBe(60);
  });

  it('drops the run record of a region left out of REGIONLIST, so it is not reported as unscanned', async () => {
    running.sim.setOutage('sa-east-1', 'down');
    const everywhere = await syncFixture({ AWS_MAX_ATTEMPTS: '2' });
    await runScan(everywhere.scanner);
    const regions = async () => (await everywhere.scanner.sync.runs()).map((r) => `${r.region} ${r.status}`).sort();
    expect(await regions()).toEqual([
      'ap-southeast-2 complete',
      'eu-west-1 complete',
      'sa-east-1 failed',
      'us-east-1 complete',
    ]);

    const narrowed = await syncFixture({ REGIONLIST: 'us-east-1,ap-southeast-2' }, [], everywhere.prefix);
    await runScan(narrowed.scanner);
    expect(await regions()).toEqual(['ap-southeast-2 complete', 'us-east-1 complete']);
    expect((await narrowed.scanner.sync.summary())?.total).toBe(61);
    // What was cached there stays: a scanner with other settings must not wipe what another one still scans.
    expect(await narrowed.scanner.cache.get('ws-west1')).toBeDefined();
  });

  it('takes an empty region list as unreadable: the regions it knew are failed, not dropped', async () => {
    const { scanner } = await syncFixture();
    await runScan(scanner);
    running.sim.setRegions([]);
    const result = await runScan(scanner);
    const byRegion = Object.fromEntries(result.runs.map((r) => [r.region, r]));
    expect(byRegion['us-east-1']).toMatchObject({ status: 'complete' });
    expect(byRegion['eu-west-1']).toMatchObject({
      status: 'failed',
      lastError: "the account's regions could not be listed (DescribeRegions: it listed no region)",
    });
  });

  it('when the region list cannot be read, fails the regions it knew (and reports them), and reaps nothing there', async () => {
    running.sim.setOutage('sa-east-1', 'not-offered');
    const channel = new RecordingChannel();
    const { scanner, reaper } = await syncFixture({ AWS_MAX_ATTEMPTS: '2' }, [channel]);
    await runScan(scanner);
    // Gone from AWS, and missed by two complete scans: proven gone, but not reaped yet.
    running.sim.removeWorkspace('ws-west1');
    await runScan(scanner);
    const lastComplete = (await runScan(scanner)).runs.find((r) => r.region === 'eu-west-1')?.lastCompleteAt;
    expect((await missingIn(scanner.cache, '123456789012#eu-west-1')).map((w) => w.missingScans)).toEqual([2]);

    // Both of the scan's attempts (AWS_MAX_ATTEMPTS=2) at DescribeRegions are throttled.
    running.sim.throttleNext({ operation: 'DescribeRegions', count: 2 });
    const result = await runScan(scanner);
    const byRegion = Object.fromEntries(result.runs.map((r) => [r.region, r]));
    expect(byRegion['us-east-1']).toMatchObject({ status: 'complete' });
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      expect(byRegion[region]).toMatchObject({ status: 'failed', found: 0 });
      expect(byRegion[region]?.lastError).toMatch(/^the account's regions could not be listed \(DescribeRegions: /);
    }
    expect(byRegion['eu-west-1']?.lastCompleteAt).toBe(lastComplete);
    // A region without WorkSpaces is still just that, not a failure.
    expect(byRegion['sa-east-1']).toMatchObject({ status: 'not-offered' });
    // What the failed regions held is still counted as last known.
    expect((await scanner.sync.summary())?.total).toBe(62);

    const reaped = await runReaper(reaper);
    expect(reaped.removed).toEqual([]);
    expect(await scanner.cache.get('ws-west1')).toBeDefined();
    expect(
      channel.reports
        .at(-1)
        ?.unscanned.map((u) => u.region)
        .sort(),
    ).toEqual(['ap-southeast-2', 'eu-west-1']);

    // The list readable again and the region scanned completely: now the proven absence is acted on.
    await runScan(scanner);
    expect((await runReaper(reaper)).removed.map((r) => r.workspaceId)).toEqual(['ws-west1']);
  });
});

describe('scanning', () => {
  it('pages through a directory 25 at a time and caches every WorkSpace with its directory facts', async () => {
    const { scanner } = await syncFixture();
    const result = await runScan(scanner);

    expect(result.runs.find((r) => r.region === 'us-east-1')).toMatchObject({ status: 'complete', found: 60 });
    expect(running.sim.stats().calls.DescribeWorkspaces?.['us-east-1']).toBe(3);
    expect(running.sim.stats().calls.DescribeWorkspacesConnectionStatus?.['us-east-1']).toBe(3);
    expect(result.writes.created).toBe(63);
    const cached = await scanner.cache.get('ws-west2');
    expect(cached).toMatchObject({
      userName: 'bob',
      region: 'eu-west-1',
      accountId: '123456789012',
      directoryDomain: 'lab.example.com',
      registrationCode: 'WSdub+WEST02',
      state: 'STOPPED',
      runningMode: 'AUTO_STOP',
    });
    expect(cached?.connectionState).toBeDefined();
    expect(await scanner.cache.listByOwner('BOB')).toHaveLength(1);
  });

  it('writes nothing for an unchanged fleet on a rescan, and only what changed after that', async () => {
    const { scanner } = await syncFixture();
    await runScan(scanner);
    const rescan = await runScan(scanner);
    expect(rescan.writes).toEqual({ created: 0, updated: 0, markedMissing: 0, stale: 0 });

    running.sim.setState('ws-east7', 'STOPPED');
    const third = await runScan(scanner);
    expect(third.writes).toMatchObject({ created: 0, updated: 1 });
    expect((await scanner.cache.get('ws-east7'))?.state).toBe('STOPPED');
  });

  it('maintains the fleet summary: counts by state, region and account, and the attention list', async () => {
    const { scanner } = await syncFixture();
    await runScan(scanner);
    const summary = await scanner.sync.summary();
    expect(summary).toMatchObject({
      total: 63,
      byState: { AVAILABLE: 61, UNHEALTHY: 1, STOPPED: 1 },
      byRegion: { 'us-east-1': 60, 'eu-west-1': 2, 'ap-southeast-2': 1 },
      byAccount: { '123456789012': 63 },
      attentionTotal: 1,
      attention: [expect.objectContaining({ workspaceId: 'ws-west1', state: 'UNHEALTHY', reason: 'state' })],
    });
  });

  it('flags a WorkSpace stuck in a transition for more than 30 minutes', async () => {
    const { scanner, now } = await syncFixture();
    running.sim.setState('ws-sydney', 'REBOOTING', { stuck: true });
    await runScan(scanner);
    expect((await scanner.sync.summary())?.attentionTotal).toBe(1);

    now.at = new Date(Date.now() + 31 * 60_000);
    await runScan(scanner);
    const attention = (await scanner.sync.summary())?.attention.map((a) => `${a.workspaceId}:${a.reason}`);
    expect(attention?.sort()).toEqual(['ws-sydney:stuck', 'ws-west1:state']);
  });

  it('records a region that is down or throttled without end as failed, marks nothing missing there, and scans the rest', async () => {
    const { scanner } = await syncFixture({ AWS_MAX_ATTEMPTS: '2', SCAN_THROTTLE_PATIENCE_SECONDS: '1' });
    await runScan(scanner);
    running.sim.removeWorkspace('ws-west1');
    running.sim.removeWorkspace('ws-east1');
    running.sim.setOutage('eu-west-1', 'down');
    running.sim.throttleNext({ region: 'us-east-1', operation: 'DescribeWorkspaces', count: 1000 });

    const result = await runScan(scanner);
    const byRegion = Object.fromEntries(result.runs.map((r) => [r.region, r]));
    expect(byRegion['eu-west-1']).toMatchObject({ status: 'failed' });
    expect(byRegion['eu-west-1']?.lastError).toContain('ServiceUnavailable');
    expect(byRegion['us-east-1']).toMatchObject({ status: 'failed' });
    expect(byRegion['us-east-1']?.lastError).toContain('throttled');
    expect(byRegion['us-east-1']?.failingSince).toBeDefined();
    expect(byRegion['ap-southeast-2']).toMatchObject({ status: 'complete' });
    expect(result.writes.markedMissing).toBe(0);
    expect(await missingIn(scanner.cache, '123456789012#eu-west-1')).toEqual([]);
    expect(await scanner.cache.get('ws-west1')).toBeDefined();
    // The overview still counts what it last knew of the regions it could not scan.
    expect((await scanner.sync.summary())?.total).toBe(63);
  });

  it("finds the whole fleet under WorkSpaces' token buckets and fails no region, even with no SDK retries", async () => {
    // One token a region and operation, then five a second: every region's second call of a kind is throttled.
    running.sim.setRateLimit({ rate: 5, burst: 1 });
    const { scanner } = await syncFixture({ AWS_MAX_ATTEMPTS: '1' });
    const result = await runScan(scanner);
    expect(running.sim.stats().throttled).toBeGreaterThan(0);
    expect(result.failedTargets).toEqual([]);
    expect(result.runs.every((run) => run.status === 'complete')).toBe(true);
    expect(result.total).toBe(63);
    expect((await scanner.cache.scanAll()).map((ws) => ws.workspaceId).sort()).toEqual(
      running.sim
        .list()
        .map((ws) => ws.workspaceId)
        .sort(),
    );
  });

  it('treats a region without WorkSpaces as normal, not as a failure', async () => {
    running.sim.setOutage('sa-east-1', 'not-offered');
    const { scanner } = await syncFixture();
    const result = await runScan(scanner);
    expect(result.runs.find((r) => r.region === 'sa-east-1')).toMatchObject({
      status: 'not-offered',
      failingSince: undefined,
    });
  });

  it('counts "not offered" as a failure in a region that had WorkSpaces', async () => {
    const { scanner } = await syncFixture();
    await runScan(scanner);
    running.sim.setOutage('eu-west-1', 'not-offered');
    const run = (await runScan(scanner)).runs.find((r) => r.region === 'eu-west-1');
    expect(run).toMatchObject({ status: 'failed', failingSince: expect.any(String) });
    expect(run?.lastError).toContain('yet it had 2 WorkSpaces');
  });

  it('counts a region whose endpoint cannot be reached (DNS) as failed, never as "not offered"', async () => {
    const target = { accountId: '123456789012', region: 'eu-west-1' };
    const client = new WorkSpacesClient({ region: 'eu-west-1', endpoint: 'http://workspaces.nowhere.invalid' });
    const log = recordingLog();
    const scan = await scanTarget(target, {
      client,
      limiter: new Limiter(4),
      now: () => new Date(),
      log,
      throttlePatienceMs: 1000,
    });
    client.destroy();
    expect(scan.status).toBe('failed');
  });

  it('holds no more pages than it may while DynamoDB falls behind: reading waits for the writes', async () => {
    const target = { accountId: '123456789012', region: 'us-east-1' };
    const client = new WorkSpacesClient({ region: 'us-east-1' });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const written: number[] = [];
    const scanning = scanTarget(target, {
      client,
      limiter: new Limiter(4),
      pages: new Limiter(1),
      now: () => new Date(),
      log: recordingLog(),
      throttlePatienceMs: 1000,
      onPage: async (page) => {
        await gate;
        written.push(page.length);
      },
    });
    // The first page's write is held up: with one page allowed, the second is not even asked for.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(running.sim.callCount('DescribeWorkspaces')).toBe(1);
    expect(written).toEqual([]);
    open();
    const scan = await scanning;
    client.destroy();
    expect(scan.status).toBe('complete');
    expect(written).toEqual([25, 25, 10]);
    expect(running.sim.callCount('DescribeWorkspaces')).toBe(3);
  });

  it('does not count the wait for a page slot as the region not answering: a throttled call after it is tried again', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let firstWrite: () => void = () => {};
    const writing = new Promise<void>((resolve) => {
      firstWrite = resolve;
    });
    const pages = new Limiter(1);
    const clients: WorkSpacesClient[] = [];
    const scan = (region: string, onPage: (page: unknown[]) => Promise<void>) => {
      // No SDK retries: the scanner's own patience is what is tested.
      const client = new WorkSpacesClient({ region, maxAttempts: 1 });
      clients.push(client);
      return scanTarget(
        { accountId: '123456789012', region },
        {
          client,
          limiter: new Limiter(4),
          pages,
          now: () => new Date(),
          log: recordingLog(),
          throttlePatienceMs: 200,
          onPage,
        },
      );
    };
    const east = scan('us-east-1', async () => {
      firstWrite();
      await gate;
    });
    await writing;
    // Sydney waits for the one page slot far longer than its patience, then its first call is throttled.
    running.sim.throttleNext({ operation: 'DescribeWorkspaces', region: 'ap-southeast-2', count: 1 });
    const sydney = scan('ap-southeast-2', async () => {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    open();
    const [eastScan, sydneyScan] = await Promise.all([east, sydney]);
    for (const client of clients) client.destroy();
    expect(eastScan.status).toBe('complete');
    expect(sydneyScan.status).toBe('complete');
    expect(sydneyScan.seen).toEqual(['ws-sydney']);
  });

  it('logs a connection-status failure with its region, account and error name, and still completes', async () => {
    running.sim.throttleNext({
      operation: 'DescribeWorkspacesConnectionStatus',
      region: 'ap-southeast-2',
      count: 1000,
    });
    const { scanner } = await syncFixture({ AWS_MAX_ATTEMPTS: '1', SCAN_THROTTLE_PATIENCE_SECONDS: '1' });
    const log = recordingLog();
    scanner.log = log;
    const result = await runScan(scanner);
    expect(result.runs.find((r) => r.region === 'ap-southeast-2')?.status).toBe('complete');
    expect(log.warnings).toContainEqual([
      'Connection status could not be read; the cached values stand',
      { region: 'ap-southeast-2', account: '123456789012', error: 'ThrottlingException', workspaces: 1 },
    ]);
    expect(JSON.stringify(log.warnings)).not.toMatch(/test|secret|token/i);
  });

  it('marks a WorkSpace that a complete scan did not see, once per scan', async () => {
    const { scanner } = await syncFixture();
    const seen = (await runScan(scanner)).runs.find((run) => run.region === 'us-east-1')?.lastCompleteAt;
    running.sim.removeWorkspace('ws-east5');
    await runScan(scanner);
    await runScan(scanner);
    const [missing] = await missingIn(scanner.cache, '123456789012#us-east-1');
    expect(missing).toMatchObject({ workspaceId: 'ws-east5', missingScans: 2 });
    // Last seen by the last complete scan that listed it, not moved by the scans that missed it.
    expect(missing?.lastSeenAt).toBe(seen);
    expect((await scanner.sync.summary())?.total).toBe(62);
  });

  it('clears the mark when the WorkSpace shows up again', async () => {
    const { scanner } = await syncFixture();
    await runScan(scanner);
    const gone = running.sim.get('ws-east5')!;
    running.sim.removeWorkspace('ws-east5');
    await runScan(scanner);
    expect((await missingIn(scanner.cache, '123456789012#us-east-1')).map((m) => m.workspaceId)).toEqual(['ws-east5']);
    running.sim.addWorkspace({ workspaceId: gone.workspaceId, directoryId: gone.directoryId, userName: gone.userName });
    await runScan(scanner);
    expect(await missingIn(scanner.cache, '123456789012#us-east-1')).toEqual([]);
  });

  it('moves a WorkSpace cached before the fleet index was sharded into its shard on the next scan', async () => {
    const { scanner } = await syncFixture();
    await runScan(scanner);
    const db = documentClient(scanner.config.aws);
    const unsharded = { TableName: scanner.cache.tableName, Key: { workspaceId: 'ws-east7' } };
    await db.send(
      new UpdateCommand({
        ...unsharded,
        UpdateExpression: 'SET fleetKey = :old',
        ExpressionAttributeValues: { ':old': 'fleet' },
      }),
    );
    const rescan = await runScan(scanner);
    expect(rescan.writes.updated).toBe(1);
    const { Item } = await db.send(new GetCommand(unsharded));
    expect(Item?.fleetKey).toBe(fleetPartition('ws-east7'));
    const listed: string[] = [];
    for (let page = await listFleet(scanner.cache, {}); ; page = await listFleet(scanner.cache, {}, page.next)) {
      listed.push(...page.records.map((r) => r.workspaceId));
      if (!page.next) break;
    }
    expect(listed).toContain('ws-east7');
    expect(listed).toHaveLength(63);
  });

  it("lets an action that lands during a scan win over the scan's older observation", async () => {
    const { scanner } = await syncFixture({ REGIONLIST: 'eu-west-1' });
    await runScan(scanner);
    // The cache is out of date (the WorkSpace was stopped and started outside the bot).
    await scanner.cache.put({
      ...(await scanner.cache.get('ws-west2'))!,
      state: 'STOPPING',
      observedAt: new Date().toISOString(),
    });
    running.sim.setState('ws-west2', 'AVAILABLE');

    const actionDeps: ActionDeps = {
      cache: scanner.cache,
      audit: new AuditLog(scanner.cache['db' as never], scanner.config.tables.audit, 1),
      idempotency: new IdempotencyStore(scanner.cache['db' as never], scanner.config.tables.idempotency, 90),
      workspaces: scanner.gateway,
      roleActions: DEFAULT_ROLE_ACTIONS,
      now: () => new Date(),
    };
    // The reboot happens after the scanner has read its page and before it writes.
    const racing = Object.create(scanner.cache) as WorkspaceCache;
    racing.put = async (record) => {
      await performAction(actionDeps, { actor: actor('bob', ['user']), action: 'reboot', workspaceIds: ['ws-west2'] });
      return scanner.cache.put(record);
    };
    const result = await runScan({ ...scanner, cache: racing });

    expect(result.writes).toMatchObject({ updated: 0, stale: 1 });
    expect((await scanner.cache.get('ws-west2'))?.state).toBe('REBOOTING');
  });
});

describe('one scan at a time', () => {
  it('skips while another scan holds the lease, and runs once that lease has run out', async () => {
    const { scanner, now } = await syncFixture({ REGIONLIST: 'us-east-1' });
    await scanner.sync.acquireLease('scanner', 'another-scan', new Date(), 60);
    expect((await runScan(scanner)).skipped).toBe('another scan is running');
    now.at = new Date(Date.now() + 61_000);
    const result = await runScan(scanner);
    expect(result.skipped).toBeUndefined();
    expect(result.total).toBe(60);
  });
});

describe('when the cache cannot be written', () => {
  it('fails the scan with the write error, after the other pages, and releases the lease', async () => {
    const { scanner } = await syncFixture({ REGIONLIST: 'us-east-1' });
    const failing = Object.create(scanner.cache) as WorkspaceCache;
    failing.putNew = async () => {
      throw new Error('DynamoDB is down');
    };
    await expect(runScan({ ...scanner, cache: failing })).rejects.toThrow('DynamoDB is down');
    // The lease was released: the next scan runs instead of being skipped.
    const next = await runScan(scanner);
    expect(next.skipped).toBeUndefined();
    expect(next.writes.created).toBe(60);
  });

  it('fails only once every region has finished writing, so the lease never frees a scan still at work', async () => {
    const { scanner } = await syncFixture({ REGIONLIST: 'us-east-1,eu-west-1' });
    const slow = Object.create(scanner.cache) as WorkspaceCache;
    let writing = 0;
    slow.putNew = async (records, concurrency) => {
      if (records[0]?.region === 'eu-west-1') throw new Error('DynamoDB is down');
      writing++;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const written = await scanner.cache.putNew(records, concurrency);
      writing--;
      return written;
    };
    await expect(runScan({ ...scanner, cache: slow })).rejects.toThrow('DynamoDB is down');
    expect(writing).toBe(0);
    expect((await scanner.cache.scanAll()).filter((ws) => ws.region === 'us-east-1')).toHaveLength(60);
  });
});

describe('several accounts', () => {
  it('assumes a role in each member account and tags every record with its account', async () => {
    await running.close();
    const spec = fleet();
    spec.accounts = ['123456789012', '210987654321'];
    spec.directories.push({
      directoryId: 'd-member',
      region: 'us-east-1',
      accountId: '210987654321',
      name: 'member.example.com',
    });
    spec.workspaces.push({ workspaceId: 'ws-member', directoryId: 'd-member', userName: 'dave' });
    running = await startSimulator({ fleet: spec });

    const { scanner } = await syncFixture({
      REGIONLIST: 'us-east-1,eu-west-1',
      ACCOUNT_ROLE_ARNS: 'arn:aws:iam::210987654321:role/WorkSpacesBotScan',
    });
    const result = await runScan(scanner);

    expect(result.runs.map((r) => `${r.accountId}#${r.region}:${r.status}:${r.found}`).sort()).toEqual([
      '123456789012#eu-west-1:complete:2',
      '123456789012#us-east-1:complete:60',
      '210987654321#eu-west-1:complete:0',
      '210987654321#us-east-1:complete:1',
    ]);
    expect(await scanner.cache.get('ws-member')).toMatchObject({ accountId: '210987654321', userName: 'dave' });
    // One AssumeRole for the member account, shared by its clients in both regions.
    expect(running.sim.callCount('AssumeRole')).toBe(1);
  });

  it('records an account whose role cannot be assumed as failed, and scans the others', async () => {
    await running.close();
    const spec = fleet();
    spec.accounts = ['123456789012'];
    running = await startSimulator({ fleet: spec });
    const { scanner } = await syncFixture({
      REGIONLIST: 'us-east-1',
      ACCOUNT_ROLE_ARNS: 'arn:aws:iam::333333333333:role/WorkSpacesBotScan',
    });
    const result = await runScan(scanner);
    expect(result.runs.map((r) => `${r.accountId}:${r.status}`).sort()).toEqual([
      '123456789012:complete',
      '333333333333:failed',
    ]);
  });
});
