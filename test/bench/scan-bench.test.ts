/**
 * The scan benchmark end to end at a tiny size, so it cannot rot: its own simulator process, the run's DynamoDB
 * Local, the real scanner and the baseline, and the one JSON line it prints.
 */
import { criticalPath, floorSeconds } from '../../bench/floor';
import { main } from '../../bench/run';
import { runScanBench, type ScanBenchLine } from '../../bench/scan';
import { itemWrites } from '../../bench/write-counter';
import { type FleetSpec, generateFleet } from '../../local/workspaces-sim';

function collector() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('the scan benchmark', () => {
  it('prints one sane JSON line for a tiny fleet', async () => {
    const { out, err, io } = collector();
    const options = { workspaces: 60, regions: 2, directoriesPerRegion: 2, latencyMs: 2 };
    const result = await runScanBench({ ...options, dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB }, io);

    expect(result.problems).toEqual([]);
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]!) as ScanBenchLine;
    expect(Object.keys(line)).toEqual([
      'bench',
      'workspaces',
      'regions',
      'latency_ms',
      'scanner_s',
      'baseline_s',
      'floor_s',
      'speedup_vs_baseline',
      'ratio_to_floor',
      'rescan_writes',
      'full_writes',
    ]);
    expect(line).toMatchObject({ bench: 'scan', workspaces: 60, regions: 2, latency_ms: 2 });
    expect(line.floor_s).toBeCloseTo(floorSeconds(generateFleet({ ...options, seed: 1 }), 2), 3);
    for (const key of ['scanner_s', 'baseline_s', 'floor_s', 'speedup_vs_baseline', 'ratio_to_floor'] as const) {
      expect(line[key]).toBeGreaterThan(0);
    }
    // Every WorkSpace written once, plus the scanner's own bookkeeping (lease, runs, summary).
    expect(line.full_writes).toBeGreaterThanOrEqual(60);
    // The rescan rewrites no WorkSpace: one run record per region, the summary, and the lease taken and freed.
    expect(line.rescan_writes).toBeLessThanOrEqual(options.regions + 3);
    expect(err.some((text) => text.startsWith('target '))).toBe(true);
    // The store's own share is measured in the same run, so a missed ratio can be read against it.
    expect(err.some((text) => /^\(e\) DynamoDB Local alone: 60 item writes .* in [\d.]+ s/.test(text))).toBe(true);
  }, 60_000);

  it('answers an unknown benchmark with its usage', async () => {
    const { err, io } = collector();
    expect(await main(['nope'], io)).toBe(64);
    expect(err.join('\n')).toMatch(/Usage: npm run bench/);
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
