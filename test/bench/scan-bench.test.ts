/**
 * The scan benchmark end to end at a tiny size, so it cannot rot: its own simulator process, the run's DynamoDB
 * Local, the real scanner and the baseline, and the one JSON line it prints.
 */
import { criticalPath, floorSeconds, throttledFloorSeconds } from '../../bench/floor';
import { main } from '../../bench/run';
import { runScanBench, SCANNER_LAMBDA, type ScanBenchLine } from '../../bench/scan';
import { itemWrites } from '../../bench/write-counter';
import { type FleetSpec, generateFleet } from '../../local/workspaces-sim';
import { buildStack, resources } from '../infra/stack-fixture';

function collector() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('the scan benchmark', () => {
  it('prints one sane JSON line for a tiny fleet', async () => {
    const { out, err, io } = collector();
    // Two accounts, so the member account's role is assumed; buckets tight enough that the throttled scan waits.
    const options = { workspaces: 60, regions: 2, directoriesPerRegion: 2, accounts: 2, latencyMs: 2 };
    const throttle = { rate: 20, burst: 1 };
    const result = await runScanBench(
      { ...options, baseline: true, throttle, dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB },
      io,
    );

    expect(result.problems).toEqual([]);
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]!) as ScanBenchLine;
    expect(Object.keys(line)).toEqual([
      'bench',
      'workspaces',
      'regions',
      'accounts',
      'latency_ms',
      'scanner_s',
      'baseline_s',
      'floor_s',
      'store_s',
      'speedup_vs_baseline',
      'ratio_to_floor',
      'ratio_to_floors',
      'scanner_cpu_ms_per_1k',
      'rescan_writes',
      'full_writes',
      'throttled_s',
      'throttled_floor_s',
      'throttled_failed_regions',
      'peak_rss_mb',
      'memory_mb',
      'timeout_ratio',
      'fleet_first_page_items_read',
      'fleet_shards',
    ]);
    expect(line).toMatchObject({ bench: 'scan', workspaces: 60, regions: 2, accounts: 2, latency_ms: 2 });
    const fleet = generateFleet({ ...options, accounts: ['123456789012', '100000000001'], seed: 1 });
    expect(line.floor_s).toBeCloseTo(floorSeconds(fleet, 2), 3);
    expect(line.throttled_floor_s).toBeCloseTo(throttledFloorSeconds(fleet, 2, throttle), 3);
    for (const key of [
      'scanner_s',
      'baseline_s',
      'floor_s',
      'store_s',
      'speedup_vs_baseline',
      'ratio_to_floor',
      'ratio_to_floors',
      'scanner_cpu_ms_per_1k',
      'throttled_s',
      'peak_rss_mb',
      'timeout_ratio',
    ] as const) {
      expect(line[key]).toBeGreaterThan(0);
    }
    // The line's figures are rounded; at a tiny size a few ms of rounding move the ratio by a few percent.
    const ratio = line.scanner_s / Math.max(line.floor_s, line.store_s);
    expect(Math.abs(line.ratio_to_floors - ratio) / ratio).toBeLessThan(0.05);
    expect(line.throttled_failed_regions).toBe(0);
    expect(line.memory_mb).toBe(SCANNER_LAMBDA.memoryMb);
    // The first fleet page reads the summary and what the shards hold of the first page: the whole tiny fleet at most.
    expect(line.fleet_first_page_items_read).toBeGreaterThan(1);
    expect(line.fleet_first_page_items_read).toBeLessThanOrEqual(line.fleet_shards * 10 + 1);
    // Every WorkSpace written once, plus the scanner's own bookkeeping (lease, runs, summary).
    expect(line.full_writes).toBeGreaterThanOrEqual(60);
    // The rescan rewrites no WorkSpace: one run record per region and account, the summary, the lease taken and freed.
    expect(line.rescan_writes).toBeLessThanOrEqual(options.regions * options.accounts + 3);
    expect(err.some((text) => text.startsWith('target '))).toBe(true);
    // The store's own floor is measured in the same run, with as many item writes as the full scan made.
    for (const round of [1, 2, 3]) {
      expect(
        err.some((text) =>
          text.startsWith(`(e) round ${round}: DynamoDB Local alone, ${line.full_writes} item writes`),
        ),
      ).toBe(true);
      expect(err.some((text) => text.startsWith(`(a) round ${round}: scanner, empty cache`))).toBe(true);
    }
  }, 60_000);

  it('answers an unknown benchmark with its usage', async () => {
    const { err, io } = collector();
    expect(await main(['nope'], io)).toBe(64);
    expect(err.join('\n')).toMatch(/Usage: npm run bench/);
    // Sizes other than the ones the benchmarks know are refused the same way, before anything runs.
    expect(await main(['scan', '--size', '1m'], io)).toBe(64);
    expect(err.at(-1)).toMatch(/^Unknown: --size=1m/);
  });
});

describe("the scanner Lambda's limits the benchmark reports against", () => {
  it('are the memory and timeout the stack gives the scanner', () => {
    const functions = resources(buildStack().template, 'AWS::Lambda::Function');
    const scanner = Object.values(functions).find((fn) => String(fn.Properties?.Description).includes('scanner'));
    expect(scanner?.Properties).toMatchObject({
      MemorySize: SCANNER_LAMBDA.memoryMb,
      Timeout: SCANNER_LAMBDA.timeoutSeconds,
    });
  });
});

describe('the throttled floor', () => {
  it("is the buckets' wait for the longest target, after regions and directories, or the plain floor if longer", () => {
    // 60 WorkSpaces in one directory: 3 pages and 3 status calls; burst 1 at 2 a second: 1 s of waiting each.
    const fleet = {
      directories: [{ directoryId: 'd-a', region: 'us-east-1', name: 'corp.example.com' }],
      workspaces: Array.from({ length: 60 }, (_, i) => ({ workspaceId: `ws-${i}`, directoryId: 'd-a', userName: 'u' })),
    };
    expect(throttledFloorSeconds(fleet, 50, { rate: 2, burst: 1 })).toBeCloseTo(0.2 + 1, 5);
    // A burst that covers every call leaves the plain floor: regions, directories, 3 pages, connection status.
    expect(throttledFloorSeconds(fleet, 50, { rate: 2, burst: 10 })).toBeCloseTo(floorSeconds(fleet, 50), 5);
  });
});

describe('the critical-path floor', () => {
  const fleet = (counts: Record<string, number>, regions: string[] = []): FleetSpec => ({
    regions,
    directories: Object.keys(counts).map((id) => ({
      directoryId: id,
      region: id.split(':')[0]!,
      name: 'corp.example.com',
    })),
    workspaces: Object.entries(counts).flatMap(([directoryId, n]) =>
      Array.from({ length: n }, (_, i) => ({ workspaceId: `ws-${directoryId}-${i}`, directoryId, userName: `u${i}` })),
    ),
  });

  it('is regions, then directories, then the largest directory page by page, then its last connection status', () => {
    // 51 WorkSpaces: 3 pages; 50 would be 2. The other region's 70 in two directories are shorter chains.
    const path = criticalPath(fleet({ 'us-east-1:a': 51, 'us-east-1:b': 3, 'eu-west-1:c': 35, 'eu-west-1:d': 35 }));
    expect(path).toMatchObject({ requests: 1 + 1 + 3 + 1, region: 'us-east-1', directoryId: 'us-east-1:a' });
    expect(criticalPath(fleet({ 'us-east-1:a': 50 })).requests).toBe(1 + 1 + 2 + 1);
  });

  it('counts an empty directory as one empty page and a region with none as its directory listing', () => {
    expect(criticalPath(fleet({ 'us-east-1:a': 0 })).requests).toBe(1 + 1 + 1);
    expect(criticalPath(fleet({}, ['us-east-1'])).requests).toBe(1 + 1);
    expect(floorSeconds(fleet({ 'us-east-1:a': 25 }), 50)).toBeCloseTo(0.2);
  });
});

describe('counting item writes', () => {
  it('counts single writes, processed batch items and transaction writes by table', () => {
    expect(itemWrites('PutItemCommand', { TableName: 't' }, {})).toEqual(new Map([['t', 1]]));
    expect(itemWrites('UpdateItemCommand', { TableName: 't' }, undefined)).toEqual(new Map([['t', 1]]));
    expect(itemWrites('GetItemCommand', { TableName: 't' }, {})).toEqual(new Map());
    const batch = { RequestItems: { a: [{}, {}, {}], b: [{}] } };
    expect(itemWrites('BatchWriteItemCommand', batch, { UnprocessedItems: { a: [{}] } })).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    const transaction = { TransactItems: [{ Put: { TableName: 'a' } }, { ConditionCheck: { TableName: 'a' } }] };
    expect(itemWrites('TransactWriteItemsCommand', transaction, {})).toEqual(new Map([['a', 1]]));
  });
});
