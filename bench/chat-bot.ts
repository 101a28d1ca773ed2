/**
 * The world of the chat benchmarks (bench/slack.ts, bench/teams.ts): the whole bot in one process
 * (`createBot(...).handler`, the worker run by the in-process queue once the handler has answered) against DynamoDB
 * Local, whose cache a real scan of a small simulator fleet fills, and the simulator in a process of its own; one
 * person linked who owns a WorkSpace that can be rebooted. The chat platform's stand-in is the caller's. And the run
 * every chat benchmark makes around it: the bundles, the latency, the one line and the targets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Bot, createBot } from '../bot/app';
import { loadConfig } from '../core/config';
import type { Link } from '../core/data/links';
import type { ChatIdentity } from '../core/policy';
import { createTables } from '../local/dynamodb/create-tables';
import { type GenerateFleetOptions, generateFleet } from '../local/workspaces-sim';
import { syncDeps } from '../sync/deps';
import { runScan } from '../sync/scanner';
import { type BundleBench, explainBundles, measureBundles } from './bundles';
import {
  type BenchIO,
  benchLog,
  describeSamples,
  dynamoDb,
  FUNCTION_URL_HOST,
  formatCalls,
  percentile,
  Resources,
  reportChecks,
  round,
  type SimProcess,
  type SlowAcks,
  setEnv,
  slowAckChecks,
  standInEnv,
  startSimProcess,
  stdio,
} from './harness';

export interface ChatBotOptions {
  /** The simulator fleet the scan puts in the cache. */
  workspaces: number;
  /**
   * Reads (a link GetItem and a cache Query each) sent straight to DynamoDB Local before anything is timed: its JIT
   * makes its first few thousand requests several times slower, which the real service does not do.
   */
  dynamoWarmUp: number;
  /** A DynamoDB endpoint already running (the tests' DynamoDB Local) instead of starting one. */
  dynamodbEndpoint?: string;
}

export interface ChatBot {
  bot: Bot;
  sim: SimProcess;
  link: Link;
  /** The WorkSpace clicked: AVAILABLE, owned by the linked person, not ALWAYS_ON. */
  target: { workspaceId: string };
  /** Every WorkSpace the person owns: a list shows them all. */
  owned: string[];
  /** WorkSpaces the scan put in the cache. */
  scanned: number;
  /** The reboot handed off has run; the WorkSpace is AVAILABLE again, in the simulator and the cache. */
  endReboot(): Promise<void>;
  /** `ms` added to every WorkSpaces call and before every worker run (the platform's stand-in is the caller's). */
  setSlow(ms: number): Promise<void>;
  /** Prints the list's DynamoDB share and the simulator's calls; returns the RebootWorkspaces count. */
  report(iterations: number, io: BenchIO): Promise<number>;
}

/** Starts the bot, linked as `chat` (the platform's identity) to the owner of a WorkSpace that can be rebooted. */
export async function startChatBot(
  options: ChatBotOptions,
  platform: { env: Record<string, string>; chat: ChatIdentity },
  resources: Resources,
  io: BenchIO,
  problems: string[],
): Promise<ChatBot> {
  const fleetOptions: GenerateFleetOptions = {
    workspaces: options.workspaces,
    regions: 2,
    directoriesPerRegion: 1,
    seed: 5,
  };
  // The child generates the same fleet from the same seed; this copy picks the person and their WorkSpace.
  const fleet = generateFleet(fleetOptions);
  const target = fleet.workspaces.find((ws) => ws.state === 'AVAILABLE' && ws.runningMode !== 'ALWAYS_ON');
  if (!target?.userName) throw new Error('the generated fleet has no AVAILABLE WorkSpace to reboot');
  const directory = fleet.directories.find((d) => d.directoryId === target.directoryId)!;
  const owned = fleet.workspaces.filter((ws) => ws.userName === target.userName).map((ws) => ws.workspaceId);

  const [endpoint, sim] = await Promise.all([
    dynamoDb(resources, options.dynamodbEndpoint),
    startSimProcess({ fleet: fleetOptions, latencyMs: 0 }, resources),
  ]);
  resources.defer('environment', setEnv(standInEnv(sim, endpoint)));

  // Only what the bot needs, never the caller's shell: the sign-in is configured but not used (the person is linked).
  const config = loadConfig({
    TABLE_PREFIX: `bench-${Math.random().toString(36).slice(2, 10)}`,
    AUTH_CLIENT_ID: 'bench-client',
    AUTH_DOMAIN_URL: 'https://auth.bench.invalid',
    AUTH_ISSUER: 'https://issuer.bench.invalid',
    PUBLIC_URL: `https://${FUNCTION_URL_HOST}`,
    ...platform.env,
  });
  const db = new DynamoDBClient({});
  resources.defer('DynamoDB client', () => db.destroy());
  await createTables(db, config.tables);

  const log = benchLog(io, 'bot');
  const scan = await runScan(syncDeps(config, [], log).scanner);
  if (scan.total !== fleet.workspaces.length) {
    problems.push(`the scan found ${scan.total} WorkSpaces, not ${fleet.workspaces.length}`);
  }

  // The slow phase makes the worker's own run slow too, before it starts the conversation.
  let workDelayMs = 0;
  const bot = createBot({
    config,
    log,
    beforeWork: () => new Promise((resolve) => setTimeout(resolve, workDelayMs)),
  });
  resources.defer('the in-process work queue', () => bot.drain());
  const linkedAt = new Date();
  const link: Link = {
    chat: platform.chat,
    adUserName: target.userName.toLowerCase(),
    adDomain: directory.name.split('.')[0]!,
    groups: ['UserGroupMember'],
    roles: ['user'],
    linkedAt: linkedAt.toISOString(),
    expiresAt: new Date(linkedAt.getTime() + 30 * 86_400_000).toISOString(),
  };
  await bot.services.links.put(link);
  const storeReads = async () => {
    await bot.services.links.get(link.chat, new Date());
    await bot.services.cache.listByOwner(link.adUserName);
  };
  await warmUpDynamoDb(storeReads, options.dynamoWarmUp, io);
  io.err(
    `${platform.chat.userId} linked to ${link.adUserName} (${owned.length} WorkSpace${owned.length === 1 ? '' : 's'}), ` +
      `cache of ${scan.total} from a scan of the simulator`,
  );

  return {
    bot,
    sim,
    link,
    target,
    owned,
    scanned: scan.total,
    async endReboot() {
      await bot.drain();
      await sim.setState(target.workspaceId, 'AVAILABLE');
      const cached = await bot.services.cache.get(target.workspaceId);
      const at = new Date().toISOString();
      if (cached) await bot.services.cache.put({ ...cached, state: 'AVAILABLE', stateSince: at, observedAt: at });
    },
    async setSlow(ms) {
      workDelayMs = ms;
      await sim.setLatency(ms);
    },
    async report(iterations, reportIo) {
      // The same two reads the list makes, alone: how much of the list's time is DynamoDB Local's.
      const reads: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const started = performance.now();
        await storeReads();
        reads.push(performance.now() - started);
      }
      reportIo.err(
        `    of which DynamoDB Local (the list's GetItem + Query alone, SDK included): ${describeSamples(reads)}`,
      );
      const calls = await sim.stats();
      reportIo.err(`    simulator calls (the scan, then the handed-off reboots): ${formatCalls(calls)}`);
      return calls.byOperation.RebootWorkspaces ?? 0;
    },
  };
}

async function warmUpDynamoDb(reads: () => Promise<void>, count: number, io: BenchIO): Promise<void> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next++ < count) await reads();
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  io.err(
    `    DynamoDB Local warmed up with ${count} GetItem + Query pairs in ${round((performance.now() - started) / 1000, 1)} s`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// One chat benchmark's run and its line

export interface ChatBenchOptions extends ChatBotOptions {
  /** Timed requests of each kind (list, click), after `warmUp` untimed ones. */
  iterations: number;
  warmUp: number;
  /** Fresh `node` processes per bundle for the cold init; the median is reported. */
  initRuns: number;
}

export const CHAT_FULL_SIZE: ChatBenchOptions = {
  iterations: 300,
  warmUp: 30,
  initRuns: 7,
  workspaces: 40,
  dynamoWarmUp: 1_000,
};
/** `--quick`: fewer requests and init runs; the same bundles. */
export const CHAT_QUICK_SIZE: ChatBenchOptions = { ...CHAT_FULL_SIZE, iterations: 100, warmUp: 20, initRuns: 3 };

/** What a chat benchmark's latency phase measured. */
export interface ChatLatencies {
  /** From the list command in to the list arriving where the platform shows it. */
  list: number[];
  /** A reboot click's ack: the handler's answer. */
  click: number[];
  /** Every ack of the warm phase: the lists' and the clicks'. */
  ack: number[];
  slow: { ack: number[]; completed: number; requests: number };
}

/** The one line a chat benchmark prints, the same keys for every platform (issues 5, 12, 13). */
export interface ChatBenchLine<Name extends string> extends SlowAcks {
  bench: Name;
  list_p50_ms: number;
  list_p99_ms: number;
  click_p99_ms: number;
  bundle_bytes: number;
  init_ms: number;
  bare_init_ms: number;
  init_ratio: number;
}

export interface ChatBenchResult<Name extends string> {
  line: ChatBenchLine<Name>;
  /** Measurements that cannot be trusted (a request answered wrongly): empty when all is well. */
  problems: string[];
}

/** What the slow phase adds downstream of the ack: to every WorkSpaces call, chat platform call and worker run. */
export const SLOW_MS = 2500;

/** The targets every chat benchmark shares (issues 5, 12, 13); the bundle's limit is the platform's. */
const TARGETS = { listP99Ms: 30, initRatio: 1.25, ackSlowMs: 1000 };

/** One chat platform's benchmark: its function's bundle, its limit, and its latency phase. */
export interface ChatBench<Name extends string> {
  name: Name;
  bundle: Omit<BundleBench, 'name' | 'initRuns'>;
  /** The bundle's target, in MiB as Lambda counts its package limits. */
  bundleMiB: number;
  /** Requests against the stand-ins, which `resources` closes; a wrong answer goes to `problems`. */
  latency(options: ChatBenchOptions, resources: Resources, io: BenchIO, problems: string[]): Promise<ChatLatencies>;
}

/**
 * The bundles and their cold init first, while nothing else runs on the machine; then the latency against the
 * stand-ins; then the line on `out`, the targets and, for a missed one, what explains it, on `err`.
 */
export async function runChatBench<Name extends string>(
  bench: ChatBench<Name>,
  options: ChatBenchOptions,
  io: BenchIO = stdio,
): Promise<ChatBenchResult<Name>> {
  const { name } = bench;
  const spec: BundleBench = { ...bench.bundle, name, initRuns: options.initRuns };
  const targets = { ...TARGETS, bundleBytes: bench.bundleMiB * 1024 * 1024 };
  const resources = new Resources(io);
  const problems: string[] = [];
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), `${name}-bench-`));
    resources.defer('the bundle directory', () => rm(dir, { recursive: true, force: true }));
    const bundles = await measureBundles(spec, dir, io);
    const measured = await bench.latency(options, resources, io, problems);
    const { init } = bundles;
    const line: ChatBenchLine<Name> = {
      bench: name,
      list_p50_ms: round(percentile(measured.list, 50)),
      list_p99_ms: round(percentile(measured.list, 99)),
      click_p99_ms: round(percentile(measured.click, 99)),
      ack_p99_ms: round(percentile(measured.ack, 99)),
      ack_p99_slow_ms: round(percentile(measured.slow.ack, 99)),
      completed_slow: measured.slow.completed,
      requests_slow: measured.slow.requests,
      bundle_bytes: bundles.app.bytes,
      init_ms: round(init.app),
      bare_init_ms: round(init.bare),
      init_ratio: round(init.app / init.bare),
    };
    io.out(JSON.stringify(line));
    const met = {
      list: line.list_p99_ms <= targets.listP99Ms,
      init: line.init_ratio <= targets.initRatio,
      bundle: line.bundle_bytes <= targets.bundleBytes,
    };
    reportChecks(
      [
        [`list_p99_ms ${line.list_p99_ms} <= ${targets.listP99Ms}`, met.list],
        [`init_ratio ${line.init_ratio} <= ${targets.initRatio}`, met.init],
        [`bundle_bytes ${line.bundle_bytes} <= ${targets.bundleBytes} (${bench.bundleMiB} MiB)`, met.bundle],
        ...slowAckChecks(line, targets.ackSlowMs).checks,
      ],
      io,
    );
    await explainBundles(spec, bundles, { bundle: !met.bundle, init: !met.init }, dir, io);
    for (const problem of problems) io.err(`PROBLEM: ${problem}`);
    return { line, problems };
  } finally {
    await resources.close();
  }
}
