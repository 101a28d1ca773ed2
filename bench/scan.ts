/**
 * The scan benchmark (issue 3): in one run, against the WorkSpaces simulator (its own process) and DynamoDB Local
 * (its own Java process), both started here,
 *   (a) the project's scanner on an empty cache, wired by syncDeps exactly as the Lambda wires it: scanner_s;
 *   (b) the seed portal's import into a fresh table of its own: baseline_s;
 *   (c) the critical-path floor of the generated fleet (bench/floor.ts): floor_s;
 *   (d) a rescan of the unchanged fleet by the same scanner, counting DynamoDB item writes: rescan_writes, against
 *       full_writes for (a);
 *   (e) DynamoDB Local alone taking the same number of writes, with no API call at all: not in the line, but it shows
 *       what part of scanner_s this machine's store accounts for (a floor of its own that (c) leaves out).
 * Prints one JSON line on `out`; details and which targets were met on `err`. Missing a target is reported, not
 * an error; a scan that does not find the whole fleet is a problem the caller turns into a failing exit code.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../core/config';
import { WorkspaceCache } from '../core/data/workspace-cache';
import type { WorkspaceRecord } from '../core/workspace';
import { createTables } from '../local/dynamodb/create-tables';
import { type GenerateFleetOptions, generateFleet } from '../local/workspaces-sim';
import { syncDeps } from '../sync/deps';
import { runScan, type ScanResult } from '../sync/scanner';
import { createSeedTable, runSeedImport } from './baseline';
import { criticalPath } from './floor';
import {
  type BenchIO,
  benchLog,
  dynamoDb,
  formatCalls,
  Resources,
  round,
  setEnv,
  standInEnv,
  startSimProcess,
  stdio,
} from './harness';
import { WriteCounter } from './write-counter';

export interface ScanBenchOptions {
  workspaces: number;
  /** How many of the simulator's 17 WorkSpaces regions. */
  regions: number;
  directoriesPerRegion: number;
  /** Added to every WorkSpaces, EC2 and STS call. */
  latencyMs: number;
  seed?: number;
  /** A DynamoDB endpoint already running (the tests' DynamoDB Local) instead of starting one. */
  dynamodbEndpoint?: string;
}

export const FULL_SIZE: ScanBenchOptions = { workspaces: 20_000, regions: 17, directoriesPerRegion: 3, latencyMs: 50 };
/** `--quick`: a tenth of the fleet, same shape and latency, so the ratios stay comparable; about 20 s. */
export const QUICK_SIZE: ScanBenchOptions = { ...FULL_SIZE, workspaces: 2_000 };

/** The one line the benchmark prints, keys in the order issue 3 gives them. */
export interface ScanBenchLine {
  bench: 'scan';
  workspaces: number;
  regions: number;
  latency_ms: number;
  scanner_s: number;
  baseline_s: number;
  floor_s: number;
  speedup_vs_baseline: number;
  ratio_to_floor: number;
  rescan_writes: number;
  full_writes: number;
}

export interface ScanBenchResult {
  line: ScanBenchLine;
  /** Measurements that cannot be trusted (the scan missed WorkSpaces, a region failed): empty when all is well. */
  problems: string[];
}

const TARGETS = { speedupVsBaseline: 20, ratioToFloor: 1.5, rescanWriteShare: 0.01 };

/** Settings from the environment that tune the scanner without changing what is measured. */
const TUNABLES = ['SCAN_MAX_CONCURRENT_REQUESTS', 'AWS_RETRY_MODE', 'AWS_MAX_ATTEMPTS', 'ATTENTION_STUCK_MINUTES'];

const seconds = (ms: number) => round(ms / 1000, 3);

export async function runScanBench(options: ScanBenchOptions, io: BenchIO = stdio): Promise<ScanBenchResult> {
  const resources = new Resources(io);
  const problems: string[] = [];
  const fleetOptions: GenerateFleetOptions = {
    workspaces: options.workspaces,
    regions: options.regions,
    directoriesPerRegion: options.directoriesPerRegion,
    seed: options.seed ?? 1,
  };
  try {
    // The child generates the same fleet from the same seed; this copy is for the floor and the checks.
    const fleet = generateFleet(fleetOptions);
    const regionCount = new Set(fleet.directories.map((d) => d.region)).size;
    io.err(
      `scan bench: ${fleet.workspaces.length} WorkSpaces, ${regionCount} regions, ${fleet.directories.length} directories, ${options.latencyMs} ms latency`,
    );
    const [endpoint, sim] = await Promise.all([
      dynamoDb(resources, options.dynamodbEndpoint),
      startSimProcess({ fleet: fleetOptions, latencyMs: options.latencyMs }, resources),
    ]);
    // The SDK finds the stand-ins through its standard variables only, as in the tests; put back afterwards.
    resources.defer('environment', setEnv(standInEnv(sim, endpoint)));

    const prefix = `bench-${randomUUID().slice(0, 8)}`;
    const tunables = Object.fromEntries(TUNABLES.map((name) => [name, process.env[name]]));
    // Only the table prefix and tuning knobs: a REGIONLIST or role ARNs in the caller's shell would change the test.
    const config = loadConfig({ ...tunables, TABLE_PREFIX: prefix });
    const db = new DynamoDBClient({});
    resources.defer('DynamoDB client', () => db.destroy());
    const baselineTable = `${prefix}-seed-portal`;
    await Promise.all([createTables(db, config.tables), createSeedTable(db, baselineTable)]);

    const warmUpMs = await writeFleetShapedItems(db, Math.min(fleet.workspaces.length, WARM_UP_ITEMS), 8);
    io.err(
      `    DynamoDB Local warmed up with ${Math.min(fleet.workspaces.length, WARM_UP_ITEMS)} writes in ${seconds(warmUpMs)} s`,
    );
    // (e) what DynamoDB Local alone needs to take the fleet's writes on this machine: no scanner can beat it.
    const storeMs = await writeFleetShapedItems(db, fleet.workspaces.length, STORE_CONCURRENCY);
    const path = criticalPath(fleet);
    const floorMs = path.requests * options.latencyMs;
    io.err(
      `(e) DynamoDB Local alone: ${fleet.workspaces.length} item writes of the same shape, no API calls, in ` +
        `${seconds(storeMs)} s = ${round(storeMs / floorMs, 2)} x the floor`,
    );

    const deps = syncDeps(config, [], benchLog(io, 'scanner'));
    const counter = new WriteCounter();
    counter.attachTo(deps.scanner.cache, deps.scanner.sync);

    /** One scan by the project's scanner, timed, with its item writes and API calls. */
    const measuredScan = async (label: string) => {
      counter.reset();
      await sim.resetStats();
      const started = performance.now();
      const result = await runScan(deps.scanner);
      const ms = performance.now() - started;
      const writes = counter.total();
      io.err(`${label}: ${seconds(ms)} s; ${describeScan(result)}`);
      io.err(`    item writes ${writes} ${JSON.stringify(counter.tables())}`);
      io.err(`    API calls: ${formatCalls(await sim.stats())}`);
      return { result, ms, writes };
    };

    // (a) the scanner on an empty cache
    const full = await measuredScan('(a) scanner, empty cache');
    const scannerMs = full.ms;
    const fullWrites = full.writes;
    problems.push(...checkScan('full scan', full.result, fleet.workspaces.length));
    const cached = await countItems(db, config.tables.workspaces);
    if (cached !== fleet.workspaces.length) {
      problems.push(`the cache holds ${cached} WorkSpaces after the full scan, not ${fleet.workspaces.length}`);
    }

    // (d) the same scanner again, on the unchanged fleet (the simulator's clock is stopped)
    const rescan = await measuredScan('(d) rescan, unchanged fleet');
    const rescanWrites = rescan.writes;
    problems.push(...checkScan('rescan', rescan.result, fleet.workspaces.length));

    // (b) the seed portal's import, into its own table
    await sim.resetStats();
    const started = performance.now();
    const baseline = await runSeedImport(db, baselineTable, io);
    const baselineMs = performance.now() - started;
    io.err(`(b) seed portal baseline: ${seconds(baselineMs)} s; ${baseline.workspaces} WorkSpaces written`);
    io.err(`    API calls: ${formatCalls(await sim.stats())}`);
    if (baseline.workspaces !== fleet.workspaces.length) {
      problems.push(`the baseline wrote ${baseline.workspaces} WorkSpaces, not ${fleet.workspaces.length}`);
    }

    // (c) the floor (computed above)
    io.err(
      `(c) floor: ${path.requests} requests in a row x ${options.latencyMs} ms = ${seconds(floorMs)} s ` +
        `(${path.region}: DescribeRegions, directories, ${path.workspaces} WorkSpaces of ${path.directoryId} 25 a page, connection status)`,
    );

    const line: ScanBenchLine = {
      bench: 'scan',
      workspaces: fleet.workspaces.length,
      regions: regionCount,
      latency_ms: options.latencyMs,
      scanner_s: seconds(scannerMs),
      baseline_s: seconds(baselineMs),
      floor_s: seconds(floorMs),
      speedup_vs_baseline: round(baselineMs / scannerMs, 1),
      ratio_to_floor: round(scannerMs / floorMs, 2),
      rescan_writes: rescanWrites,
      full_writes: fullWrites,
    };
    io.out(JSON.stringify(line));
    reportTargets(line, seconds(storeMs), io);
    for (const problem of problems) io.err(`PROBLEM: ${problem}`);
    return { line, problems };
  } finally {
    await resources.close();
  }
}

/**
 * DynamoDB Local is a Java program: its JIT needs some 20,000 writes before a write costs what it will cost from then
 * on (the first 5,000 take about four times the CPU of the fifth 5,000 here); the real service has no such warm-up.
 * Without this, whatever is measured first (the scanner) pays for it and whatever comes later (the baseline) not.
 */
const WARM_UP_ITEMS = 20_000;

/**
 * Writes `items` records shaped like the scanner's through the cache's own putNew into fresh tables, and drops them:
 * no API call, no latency, only this process and DynamoDB Local. Returns the milliseconds the writes took.
 */
async function writeFleetShapedItems(db: DynamoDBClient, items: number, concurrency: number): Promise<number> {
  const tables = loadConfig({ TABLE_PREFIX: `bench-store-${randomUUID().slice(0, 8)}` }).tables;
  await createTables(db, tables);
  const cache = new WorkspaceCache(DynamoDBDocumentClient.from(db), tables.workspaces);
  const at = new Date().toISOString();
  // Shaped like the scanner's records, so these writes exercise the same item sizes and indexes.
  const records: WorkspaceRecord[] = Array.from({ length: items }, (_, i) => ({
    workspaceId: `ws-store${i}`,
    userName: `user${i}`,
    directoryId: 'd-store000',
    directoryDomain: 'corp.example.com',
    registrationCode: 'SLiad+STORE0',
    computerName: `WSAMZN-${i}`,
    ipAddress: '10.0.0.1',
    bundleId: 'wsb-clj85qzj1',
    lastUserConnection: at,
    connectionState: 'DISCONNECTED',
    region: 'us-east-1',
    accountId: '123456789012',
    state: 'AVAILABLE',
    runningMode: 'AUTO_STOP',
    stateSince: at,
    observedAt: at,
    lastSeenAt: at,
  }));
  const started = performance.now();
  await cache.putNew(records, concurrency);
  const elapsed = performance.now() - started;
  await cache.scanAll(); // warms the read path the scanner starts with, too
  await Promise.all(Object.values(tables).map((TableName) => db.send(new DeleteTableCommand({ TableName }))));
  return elapsed;
}

/** How many batches the store measurement keeps in flight: about as many as the scanner has directories. */
const STORE_CONCURRENCY = 32;

function describeScan(result: ScanResult): string {
  const incomplete = result.runs.filter((run) => run.status !== 'complete').length;
  const w = result.writes;
  return (
    `${result.total} WorkSpaces, ${result.runs.length} targets (${incomplete} not complete); ` +
    `${w.created} created, ${w.updated} updated, ${w.markedMissing} marked missing, ${w.stale} stale`
  );
}

function checkScan(name: string, result: ScanResult, expected: number): string[] {
  const problems: string[] = [];
  if (result.skipped) problems.push(`${name} skipped: ${result.skipped}`);
  if (result.total !== expected) problems.push(`${name} found ${result.total} WorkSpaces, not ${expected}`);
  for (const run of result.runs) {
    if (run.status !== 'complete') problems.push(`${name}: ${run.region} ${run.status} ${run.lastError ?? ''}`.trim());
  }
  return problems;
}

function reportTargets(line: ScanBenchLine, storeSeconds: number, io: BenchIO): void {
  const maxRescan = line.full_writes * TARGETS.rescanWriteShare;
  const checks: [string, boolean][] = [
    [
      `speedup_vs_baseline ${line.speedup_vs_baseline} >= ${TARGETS.speedupVsBaseline}`,
      line.speedup_vs_baseline >= TARGETS.speedupVsBaseline,
    ],
    [
      `ratio_to_floor ${line.ratio_to_floor} <= ${TARGETS.ratioToFloor} (DynamoDB Local alone: ${round(storeSeconds / line.floor_s, 2)})`,
      line.ratio_to_floor <= TARGETS.ratioToFloor,
    ],
    [
      `rescan_writes ${line.rescan_writes} <= 1% of full_writes (${round(maxRescan, 1)})`,
      line.rescan_writes <= maxRescan,
    ],
  ];
  for (const [text, met] of checks) io.err(`target ${met ? 'met   ' : 'MISSED'}: ${text}`);
}

async function countItems(db: DynamoDBClient, tableName: string): Promise<number> {
  let count = 0;
  for await (const page of paginateScan({ client: db }, { TableName: tableName, Select: 'COUNT' })) {
    count += page.Count ?? 0;
  }
  return count;
}
