/**
 * The world of the chat benchmarks (bench/slack.ts, bench/teams.ts): the whole bot in one process
 * (`createBot(...).handler`, the worker run by the in-process queue once the handler has answered) against DynamoDB
 * Local, whose cache a real scan of a small simulator fleet fills, and the simulator in a process of its own; one
 * person linked who owns a WorkSpace that can be rebooted. The chat platform's stand-in is the caller's.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Bot, createBot } from '../bot/app';
import { loadConfig } from '../core/config';
import type { Link } from '../core/data/links';
import type { ChatIdentity } from '../core/policy';
import { createTables } from '../local/dynamodb/create-tables';
import { type GenerateFleetOptions, generateFleet } from '../local/workspaces-sim';
import { syncDeps } from '../sync/deps';
import { runScan } from '../sync/scanner';
import {
  type BenchIO,
  benchLog,
  describeSamples,
  dynamoDb,
  FUNCTION_URL_HOST,
  formatCalls,
  type Resources,
  round,
  type SimProcess,
  setEnv,
  standInEnv,
  startSimProcess,
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
