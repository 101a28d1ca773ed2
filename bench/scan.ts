/**
 * The scan benchmark (issues 3 and 16): in one run, against the WorkSpaces simulator (its own process) and DynamoDB
 * Local (its own Java process), both started here, after warming both JITs (WARM_UP_ITEMS, warmUpScanner),
 *   (a) the project's scanner on an empty cache, wired by syncDeps exactly as the Lambda wires it: scanner_s, with
 *       this process's CPU time per 1,000 WorkSpaces and its peak RSS against the scanner Lambda's memory; run in
 *       ROUNDS rounds alternated with (e), each on a cache of its own, the medians (and the highest RSS) reported;
 *   (b) the seed portal's import into a fresh table of its own: baseline_s (left out at 100,000: hours);
 *   (c) the critical-path floor of the generated fleet (bench/floor.ts): floor_s;
 *   (d) a rescan of the unchanged fleet by the same scanner, counting DynamoDB item writes: rescan_writes, against
 *       full_writes for (a);
 *   (e) DynamoDB Local alone taking the same number of item writes, with no API call at all, at the fastest of a few
 *       concurrencies, before each round's (a): store_s (the median), the floor this machine's store sets;
 *       ratio_to_floors = scanner_s / max(floor, store);
 *   (f) the first page of the admin's fleet list over the scanned cache: the index items it reads;
 *   (g) a scan of an empty cache under WorkSpaces' token buckets (per account, region and operation): throttled_s,
 *       against throttled_floor_s, what the buckets allow at best, and the regions it marked failed.
 * Prints one JSON line on `out`; details and which targets were met on `err`. Missing a target is reported, not
 * an error; a scan that does not find the whole fleet is a problem the caller turns into a failing exit code.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, loadConfig, type TableNames } from '../core/config';
import { FLEET_SHARDS, WorkspaceCache } from '../core/data/workspace-cache';
import { FLEET_PAGE_SIZE, listFleet } from '../core/fleet-list';
import type { WorkspaceRecord } from '../core/workspace';
import { createTables } from '../local/dynamodb/create-tables';
import {
  DEFAULT_HOME_ACCOUNT,
  type FleetSpec,
  type GenerateFleetOptions,
  generateFleet,
} from '../local/workspaces-sim';
import { syncDeps } from '../sync/deps';
import { runScan, type ScannerDeps, type ScanResult } from '../sync/scanner';
import { createSeedTable, runSeedImport } from './baseline';
import { type BucketLimit, criticalPath, throttledFloorSeconds } from './floor';
import {
  type BenchIO,
  benchLog,
  dynamoDb,
  formatCalls,
  Resources,
  round,
  type SimProcess,
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
  /** The home account and this many less one member accounts (entered with STS AssumeRole); default 1. */
  accounts?: number;
  /** Added to every WorkSpaces, EC2 and STS call. */
  latencyMs: number;
  /** Whether to run the seed portal's import: at 100,000 it would take far longer than everything else. */
  baseline: boolean;
  /** WorkSpaces' token bucket for the throttled scan (g). */
  throttle: BucketLimit;
  seed?: number;
  /** A DynamoDB endpoint already running (the tests' DynamoDB Local) instead of starting one. */
  dynamodbEndpoint?: string;
}

/**
 * The bucket of the throttled scan: AWS publishes no WorkSpaces rates, so this is a model, tight enough that at
 * 20,000 WorkSpaces in 17 regions the buckets, not the latency, set the pace (docs/sync.md).
 */
export const THROTTLE: BucketLimit = { rate: 2, burst: 10 };

export const FULL_SIZE: ScanBenchOptions = {
  workspaces: 20_000,
  regions: 17,
  directoriesPerRegion: 3,
  latencyMs: 50,
  baseline: true,
  throttle: THROTTLE,
};
/** `--quick`: a tenth of the fleet, same shape and latency, so the ratios stay comparable; about 20 s. */
export const QUICK_SIZE: ScanBenchOptions = { ...FULL_SIZE, workspaces: 2_000 };
/** `--size 100k`: five accounts of 20,000, each in the 17 regions. */
export const LARGE_SIZE: ScanBenchOptions = { ...FULL_SIZE, workspaces: 100_000, accounts: 5, baseline: false };

/** The scanner Lambda's configured memory and timeout (infra/lib/workspaces-bot-stack.ts; a test keeps them equal). */
export const SCANNER_LAMBDA = { memoryMb: 1024, timeoutSeconds: 300 };

/** The one line the benchmark prints, keys in the order issues 3 and 16 give them; null: not measured at this size. */
export interface ScanBenchLine {
  bench: 'scan';
  workspaces: number;
  regions: number;
  accounts: number;
  latency_ms: number;
  scanner_s: number;
  baseline_s: number | null;
  floor_s: number;
  store_s: number;
  speedup_vs_baseline: number | null;
  ratio_to_floor: number;
  ratio_to_floors: number;
  scanner_cpu_ms_per_1k: number;
  rescan_writes: number;
  full_writes: number;
  throttled_s: number;
  throttled_floor_s: number;
  throttled_failed_regions: number;
  peak_rss_mb: number;
  memory_mb: number;
  timeout_ratio: number;
  fleet_first_page_items_read: number;
  fleet_shards: number;
}

export interface ScanBenchResult {
  line: ScanBenchLine;
  /** Measurements that cannot be trusted (the scan missed WorkSpaces, a region failed): empty when all is well. */
  problems: string[];
}

const TARGETS = {
  speedupVsBaseline: 20,
  ratioToFloors: 1.25,
  rescanWriteShare: 0.01,
  throttledToFloor: 1.5,
  rssShare: 0.6,
  timeoutShare: 1,
};

/** Settings from the environment that tune the scanner without changing what is measured. */
const TUNABLES = [
  'SCAN_MAX_CONCURRENT_REQUESTS',
  'SCAN_THROTTLE_PATIENCE_SECONDS',
  'AWS_RETRY_MODE',
  'AWS_MAX_ATTEMPTS',
  'ATTENTION_STUCK_MINUTES',
];

const seconds = (ms: number) => round(ms / 1000, 3);

/** Member accounts of a multi-account fleet: 100000000001, 100000000002... */
function memberAccounts(count: number): string[] {
  return Array.from({ length: Math.max(0, count - 1) }, (_, i) => String(100_000_000_001 + i));
}

export async function runScanBench(options: ScanBenchOptions, io: BenchIO = stdio): Promise<ScanBenchResult> {
  const resources = new Resources(io);
  const problems: string[] = [];
  const members = memberAccounts(options.accounts ?? 1);
  const fleetOptions: GenerateFleetOptions = {
    workspaces: options.workspaces,
    regions: options.regions,
    directoriesPerRegion: options.directoriesPerRegion,
    seed: options.seed ?? 1,
    ...(members.length ? { accounts: [DEFAULT_HOME_ACCOUNT, ...members] } : {}),
  };
  try {
    // The child generates the same fleet from the same seed; this process keeps only what the floors and the checks
    // need of it, so the fleet itself is not on this process's heap while the scanner's peak RSS is measured.
    const fleet = fleetFacts(generateFleet(fleetOptions), options);
    io.err(
      `scan bench: ${fleet.workspaces} WorkSpaces, ${fleet.regions} regions, ${1 + members.length} accounts, ` +
        `${fleet.directories} directories, ${options.latencyMs} ms latency`,
    );
    const [endpoint, sim] = await Promise.all([
      dynamoDb(resources, options.dynamodbEndpoint),
      startSimProcess({ fleet: fleetOptions, latencyMs: options.latencyMs }, resources),
    ]);
    // The SDK finds the stand-ins through its standard variables only, as in the tests; put back afterwards.
    resources.defer('environment', setEnv(standInEnv(sim, endpoint)));

    const tunables = Object.fromEntries(TUNABLES.map((name) => [name, process.env[name]]));
    // Only the table prefix, the member roles, tuning knobs and what a caller here adds (the warm-up's REGIONLIST): a
    // REGIONLIST in the caller's shell would change what is measured.
    const scannerConfig = (prefix: string, env: Record<string, string> = {}) =>
      loadConfig({
        ...tunables,
        ...env,
        TABLE_PREFIX: prefix,
        ACCOUNT_ROLE_ARNS: members.map((account) => `arn:aws:iam::${account}:role/WorkSpacesBotScan`).join(','),
      });
    const config = scannerConfig(`bench-${randomUUID().slice(0, 8)}`);
    const db = new DynamoDBClient({});
    resources.defer('DynamoDB client', () => db.destroy());
    const baselineTable = `${config.tables.workspaces}-seed-portal`;
    await Promise.all([createTables(db, config.tables), createSeedTable(db, baselineTable)]);

    const warmUp = Math.min(fleet.workspaces, WARM_UP_ITEMS);
    const warmUpMs = await writeFleetShapedItems(db, warmUp, 8, true);
    io.err(`    DynamoDB Local warmed up with ${warmUp} writes in ${seconds(warmUpMs)} s`);
    const path = fleet.criticalPath;
    const floorMs = path.requests * options.latencyMs;
    await warmUpScanner(db, scannerConfig, fleet.warmUp, io, problems);

    // (e) and (a), in rounds: DynamoDB Local alone taking the writes a full scan makes (a WorkSpace each, a run record
    // per target, the summary, the lease taken and freed), then the scanner on an empty cache of its own. Alternated,
    // so that the shared machine's drift touches both alike; the medians are the figures.
    const scanWrites = fleet.workspaces + fleet.regions * (1 + members.length) + 3;
    const concurrency = await storeConcurrency(db, scanWrites);
    const counter = new WriteCounter();

    /** One scan by the project's scanner, timed, with its item writes, API calls, CPU time and peak RSS. */
    const measuredScan = async (label: string, scanner: ScannerDeps) => {
      counter.reset();
      await sim.resetStats();
      const rss = new PeakRss();
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await runScan(scanner);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const peakRss = rss.stop();
      const writes = counter.total();
      const stats = await sim.stats();
      io.err(`${label}: ${seconds(ms)} s; ${describeScan(result)}`);
      io.err(`    item writes ${writes} ${JSON.stringify(counter.tables())}`);
      io.err(`    API calls: ${formatCalls(stats)}; ${stats.throttled} throttled`);
      return { result, ms, writes, cpuMs: (used.user + used.system) / 1000, peakRssMb: peakRss / 2 ** 20 };
    };

    const rounds: { storeMs: number; scan: Awaited<ReturnType<typeof measuredScan>> }[] = [];
    const deps = syncDeps(config, [], benchLog(io, 'scanner'));
    for (let round = 1; round <= ROUNDS; round++) {
      const storeMs = await writeFleetShapedItems(db, scanWrites, concurrency);
      io.err(
        `(e) round ${round}: DynamoDB Local alone, ${scanWrites} item writes of the same shape, no API calls: ` +
          `${seconds(storeMs)} s (${concurrency} batches in flight, the fastest of ${STORE_CONCURRENCIES.join(', ')})`,
      );
      // The last round's cache is the one the fleet list and the rescan read; earlier ones are dropped.
      const last = round === ROUNDS;
      const roundConfig = last ? config : scannerConfig(`bench-${randomUUID().slice(0, 8)}`);
      if (!last) await createTables(db, roundConfig.tables);
      const roundDeps = last ? deps : syncDeps(roundConfig, [], benchLog(io, 'scanner'));
      counter.attachTo(roundDeps.scanner.cache, roundDeps.scanner.sync);
      const scan = await measuredScan(`(a) round ${round}: scanner, empty cache`, roundDeps.scanner);
      problems.push(...checkScan(`full scan ${round}`, scan.result, fleet.workspaces));
      if (scan.writes !== scanWrites)
        problems.push(`full scan ${round} made ${scan.writes} item writes, the store floor ${scanWrites}`);
      if (!last) await dropTables(db, roundConfig.tables);
      rounds.push({ storeMs, scan });
    }
    const storeMs = median(rounds.map((r) => r.storeMs));
    const full = {
      ms: median(rounds.map((r) => r.scan.ms)),
      cpuMs: median(rounds.map((r) => r.scan.cpuMs)),
      // The highest of the rounds: a warm container keeps what earlier scans left on its heap.
      peakRssMb: Math.max(...rounds.map((r) => r.scan.peakRssMb)),
      writes: rounds.at(-1)!.scan.writes,
    };
    io.err(
      `    medians of ${ROUNDS} rounds: store ${seconds(storeMs)} s, scanner ${seconds(full.ms)} s ` +
        `(ratios per round: ${rounds.map((r) => round(r.scan.ms / r.storeMs, 2)).join(', ')})`,
    );
    const cached = await countItems(db, config.tables.workspaces);
    if (cached !== fleet.workspaces) {
      problems.push(`the cache holds ${cached} WorkSpaces after the full scan, not ${fleet.workspaces}`);
    }

    // (f) the first page of the fleet list, as /workspace fleet reads it: the summary and one page per shard
    const firstPageItems = await fleetFirstPageItemsRead(deps.scanner.cache, deps.scanner.sync);
    io.err(
      `(f) fleet list, first page: ${firstPageItems} items read (${FLEET_SHARDS} shards x ${FLEET_PAGE_SIZE} + 1)`,
    );

    // (d) the same scanner again, on the unchanged fleet (the simulator's clock is stopped)
    const rescan = await measuredScan('(d) rescan, unchanged fleet', deps.scanner);
    problems.push(...checkScan('rescan', rescan.result, fleet.workspaces));

    // (b) the seed portal's import, into its own table
    const baselineMs = options.baseline
      ? await measureBaseline(db, baselineTable, sim, fleet.homeWorkspaces, io, problems)
      : undefined;

    // (c) the floor (computed above)
    io.err(
      `(c) floor: ${path.requests} requests in a row x ${options.latencyMs} ms = ${seconds(floorMs)} s ` +
        `(${path.region}: DescribeRegions, directories, ${path.workspaces} WorkSpaces of ${path.directoryId} 25 a page, connection status)`,
    );

    // (g) the scanner on an empty cache of its own, under the token buckets
    const throttledDeps = syncDeps(scannerConfig(`bench-${randomUUID().slice(0, 8)}`), [], benchLog(io, 'throttled'));
    await createTables(db, throttledDeps.scanner.config.tables);
    counter.attachTo(throttledDeps.scanner.cache, throttledDeps.scanner.sync);
    await sim.setRateLimit({ ...options.throttle });
    const throttled = await measuredScan(
      `(g) scanner under buckets of ${options.throttle.rate}/s, burst ${options.throttle.burst}`,
      throttledDeps.scanner,
    );
    await sim.setRateLimit(null);
    if (throttled.result.total !== fleet.workspaces) {
      problems.push(`the throttled scan found ${throttled.result.total} WorkSpaces, not ${fleet.workspaces}`);
    }
    const throttledFloor = fleet.throttledFloor;

    const line: ScanBenchLine = {
      bench: 'scan',
      workspaces: fleet.workspaces,
      regions: fleet.regions,
      accounts: 1 + members.length,
      latency_ms: options.latencyMs,
      scanner_s: seconds(full.ms),
      baseline_s: baselineMs === undefined ? null : seconds(baselineMs),
      floor_s: seconds(floorMs),
      store_s: seconds(storeMs),
      speedup_vs_baseline: baselineMs === undefined ? null : round(baselineMs / full.ms, 1),
      ratio_to_floor: round(full.ms / floorMs, 2),
      ratio_to_floors: round(full.ms / Math.max(floorMs, storeMs), 2),
      scanner_cpu_ms_per_1k: round(full.cpuMs / (fleet.workspaces / 1000), 1),
      rescan_writes: rescan.writes,
      full_writes: full.writes,
      throttled_s: seconds(throttled.ms),
      throttled_floor_s: round(throttledFloor, 3),
      throttled_failed_regions: throttled.result.failedTargets.length,
      peak_rss_mb: round(full.peakRssMb, 1),
      memory_mb: SCANNER_LAMBDA.memoryMb,
      timeout_ratio: round(full.ms / 1000 / SCANNER_LAMBDA.timeoutSeconds, 3),
      fleet_first_page_items_read: firstPageItems,
      fleet_shards: FLEET_SHARDS,
    };
    io.out(JSON.stringify(line));
    reportTargets(line, io);
    for (const problem of problems) io.err(`PROBLEM: ${problem}`);
    return { line, problems };
  } finally {
    await resources.close();
  }
}

async function measureBaseline(
  db: DynamoDBClient,
  table: string,
  sim: SimProcess,
  expected: number,
  io: BenchIO,
  problems: string[],
): Promise<number> {
  await sim.resetStats();
  const started = performance.now();
  const baseline = await runSeedImport(db, table, io);
  const ms = performance.now() - started;
  io.err(`(b) seed portal baseline: ${seconds(ms)} s; ${baseline.workspaces} WorkSpaces written`);
  io.err(`    API calls: ${formatCalls(await sim.stats())}`);
  if (baseline.workspaces !== expected)
    problems.push(`the baseline wrote ${baseline.workspaces} WorkSpaces, not ${expected}`);
  return ms;
}

/** The highest resident set size seen while it runs, sampled every 50 ms and at the end. */
class PeakRss {
  private peak = process.memoryUsage.rss();
  private readonly timer = setInterval(() => this.sample(), 50);

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

/** The items the first page of the fleet list reads: the summary, then every shard's part of the page. */
async function fleetFirstPageItemsRead(cache: WorkspaceCache, sync: { summary(): Promise<unknown> }): Promise<number> {
  let items = (await sync.summary()) ? 1 : 0;
  const counting = Object.create(cache) as WorkspaceCache;
  counting.queryIndex = async (input) => {
    const out = await cache.queryIndex(input);
    items += out.itemsRead;
    return out;
  };
  await listFleet(counting, {});
  return items;
}

/** Rounds of (store floor, full scan); their medians are the line's figures. */
const ROUNDS = 3;

/** Concurrencies tried for the store floor: it is the fastest of them that counts. */
const STORE_CONCURRENCIES = [8, 16, 32, 64];
/** Writes each concurrency is tried with before the fastest takes the full count. */
const STORE_TRIAL_ITEMS = 4_000;

/** The concurrency at which DynamoDB Local takes writes shaped like the scanner's fastest, from a short trial of each. */
async function storeConcurrency(db: DynamoDBClient, items: number): Promise<number> {
  const trial = Math.min(items, STORE_TRIAL_ITEMS);
  let best = { concurrency: STORE_CONCURRENCIES[0]!, ms: Number.POSITIVE_INFINITY };
  for (const concurrency of STORE_CONCURRENCIES) {
    const ms = await writeFleetShapedItems(db, trial, concurrency);
    if (ms < best.ms) best = { concurrency, ms };
  }
  return best.concurrency;
}

/** The middle value (the mean of the middle two for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * DynamoDB Local is a Java program: its JIT needs some 20,000 writes before a write costs what it will cost from then
 * on (the first 5,000 take about four times the CPU of the fifth 5,000 here); the real service has no such warm-up.
 * Without this, whatever is measured first (the scanner) pays for it and whatever comes later (the baseline) not.
 */
const WARM_UP_ITEMS = 20_000;

/** Regions of the scanner's warm-up scan: a sixth of the fleet or so, enough for V8 to optimise what runs per page. */
const WARM_UP_REGIONS = 3;

/**
 * This process's JIT has the same warm-up as DynamoDB Local's: the first scan is the first time the scanner's code and
 * the SDK's WorkSpaces paths run here, and costs about a quarter more CPU per WorkSpace than the next. A scheduled
 * scanner mostly runs in a Lambda container that has scanned before, and the store floor it is compared with runs
 * warm; so a scan of a few regions, into tables of its own that are then dropped, goes first. It is small so that
 * what it leaves on the heap does not count against the measured scan's peak RSS.
 */
async function warmUpScanner(
  db: DynamoDBClient,
  scannerConfig: (prefix: string, env?: Record<string, string>) => Config,
  warmUp: FleetFacts['warmUp'],
  io: BenchIO,
  problems: string[],
): Promise<void> {
  const { regions, expected } = warmUp;
  const config = scannerConfig(`bench-warm-${randomUUID().slice(0, 8)}`, { REGIONLIST: regions.join(',') });
  await createTables(db, config.tables);
  const started = performance.now();
  const result = await runScan(syncDeps(config, [], benchLog(io, 'warm-up')).scanner);
  io.err(`    scanner warmed up with a scan of ${regions.join(', ')} in ${seconds(performance.now() - started)} s`);
  problems.push(...checkScan('warm-up scan', result, expected));
  await dropTables(db, config.tables);
}

/** What the benchmark needs of the generated fleet, computed once. */
interface FleetFacts {
  workspaces: number;
  regions: number;
  directories: number;
  criticalPath: ReturnType<typeof criticalPath>;
  throttledFloor: number;
  /** WorkSpaces in the home account's directories: the seed portal knows only the account it runs in. */
  homeWorkspaces: number;
  /** The regions the warm-up scans, and how many WorkSpaces it must find there. */
  warmUp: { regions: string[]; expected: number };
}

function fleetFacts(fleet: FleetSpec, options: ScanBenchOptions): FleetFacts {
  const regions = [...new Set(fleet.directories.map((d) => d.region))];
  const workspacesIn = (directories: readonly { directoryId: string }[]) => {
    const ids = new Set(directories.map((d) => d.directoryId));
    return fleet.workspaces.filter((ws) => ids.has(ws.directoryId)).length;
  };
  const warmUpRegions = regions.slice(0, WARM_UP_REGIONS);
  return {
    workspaces: fleet.workspaces.length,
    regions: regions.length,
    directories: fleet.directories.length,
    criticalPath: criticalPath(fleet),
    throttledFloor: throttledFloorSeconds(fleet, options.latencyMs, options.throttle),
    homeWorkspaces: workspacesIn(
      fleet.directories.filter((d) => (d.accountId ?? DEFAULT_HOME_ACCOUNT) === DEFAULT_HOME_ACCOUNT),
    ),
    warmUp: {
      regions: warmUpRegions,
      expected: workspacesIn(fleet.directories.filter((d) => warmUpRegions.includes(d.region))),
    },
  };
}

async function dropTables(db: DynamoDBClient, tables: TableNames): Promise<void> {
  await Promise.all(Object.values(tables).map((TableName) => db.send(new DeleteTableCommand({ TableName }))));
}

/** Records a store measurement builds at a time, so its memory does not count against the scanner's peak RSS. */
const STORE_CHUNK = 10_000;

/**
 * Writes `items` records shaped like the scanner's through the cache's own putNew into fresh tables, and drops them:
 * no API call, no latency, only this process and DynamoDB Local. Returns the milliseconds the writes took (the
 * records are built between chunks, outside the timing). `readBack` also reads them back with the scanner's Scan,
 * to warm that path too.
 */
async function writeFleetShapedItems(
  db: DynamoDBClient,
  items: number,
  concurrency: number,
  readBack = false,
): Promise<number> {
  const tables = loadConfig({ TABLE_PREFIX: `bench-store-${randomUUID().slice(0, 8)}` }).tables;
  await createTables(db, tables);
  const cache = new WorkspaceCache(DynamoDBDocumentClient.from(db), tables.workspaces);
  const at = new Date().toISOString();
  // Shaped like the scanner's records, so these writes exercise the same item sizes and indexes.
  const record = (i: number): WorkspaceRecord => ({
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
  });
  let elapsed = 0;
  for (let from = 0; from < items; from += STORE_CHUNK) {
    const chunk = Array.from({ length: Math.min(STORE_CHUNK, items - from) }, (_, i) => record(from + i));
    const started = performance.now();
    await cache.putNew(chunk, concurrency);
    elapsed += performance.now() - started;
  }
  if (readBack) await cache.scanAll();
  await dropTables(db, tables);
  return elapsed;
}

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

function reportTargets(line: ScanBenchLine, io: BenchIO): void {
  const maxRescan = line.full_writes * TARGETS.rescanWriteShare;
  const firstPageLimit = line.fleet_shards * FLEET_PAGE_SIZE + 1;
  const checks: [string, boolean][] = [
    [
      `ratio_to_floors ${line.ratio_to_floors} <= ${TARGETS.ratioToFloors} (floor ${line.floor_s} s, store ${line.store_s} s)`,
      line.ratio_to_floors <= TARGETS.ratioToFloors,
    ],
    [
      `rescan_writes ${line.rescan_writes} <= 1% of full_writes (${round(maxRescan, 1)})`,
      line.rescan_writes <= maxRescan,
    ],
    [
      `throttled_s ${line.throttled_s} <= ${TARGETS.throttledToFloor} x throttled_floor_s (${round(line.throttled_floor_s * TARGETS.throttledToFloor, 2)})`,
      line.throttled_s <= line.throttled_floor_s * TARGETS.throttledToFloor,
    ],
    [`throttled_failed_regions ${line.throttled_failed_regions} = 0`, line.throttled_failed_regions === 0],
    [
      `peak_rss_mb ${line.peak_rss_mb} <= ${TARGETS.rssShare * 100}% of the scanner Lambda's ${line.memory_mb} MB`,
      line.peak_rss_mb <= line.memory_mb * TARGETS.rssShare,
    ],
    [
      `timeout_ratio ${line.timeout_ratio} <= ${TARGETS.timeoutShare} (of ${SCANNER_LAMBDA.timeoutSeconds} s)`,
      line.timeout_ratio <= TARGETS.timeoutShare,
    ],
    [
      `fleet_first_page_items_read ${line.fleet_first_page_items_read} <= ${firstPageLimit} (shards x page size + 1)`,
      line.fleet_first_page_items_read <= firstPageLimit,
    ],
  ];
  if (line.speedup_vs_baseline !== null) {
    checks.unshift([
      `speedup_vs_baseline ${line.speedup_vs_baseline} >= ${TARGETS.speedupVsBaseline}`,
      line.speedup_vs_baseline >= TARGETS.speedupVsBaseline,
    ]);
  }
  for (const [text, met] of checks) io.err(`target ${met ? 'met   ' : 'MISSED'}: ${text}`);
}

async function countItems(db: DynamoDBClient, tableName: string): Promise<number> {
  let count = 0;
  for await (const page of paginateScan({ client: db }, { TableName: tableName, Select: 'COUNT' })) {
    count += page.Count ?? 0;
  }
  return count;
}
