/**
 * The Slack benchmark (issues 5 and 12), in one run:
 *   (a) warm latency: the chat function's routes and the worker in one process (`createBot(...).handler`) called in
 *       this process with signed payload-2.0 events built by local/http/lambda-server.ts's `toFunctionUrlEvent`,
 *       against DynamoDB Local (cache filled by a real scan of a small simulator fleet) and the Slack Web API
 *       stand-in, the worker running in process: `/workspace list` by a linked user, from the event in to the list on
 *       its response_url (list_p50_ms, list_p99_ms), and a click on their WorkSpace's reboot button, to the handler's
 *       answer (click_p99_ms); the acks of both (ack_p99_ms); then the same with SLOW_MS added to every WorkSpaces
 *       call, every Slack call and the worker's own run, the hand-off itself at full speed (ack_p99_slow_ms), and how
 *       many of those requests got their final answer (completed_slow of requests_slow);
 *   (b) the bundle: bot/lambda/http.ts built with esbuild as CDK's NodejsFunction builds it for nodejs22.x
 *       (bundle_bytes), and its cold init, the `require()` of the bundle in a fresh `node` (init_ms), beside a bare
 *       Bolt + lib-dynamodb bundle built the same way (bare_init_ms), medians of interleaved runs.
 * Prints one JSON line on `out`; details, which targets were met and, for a missed one, what explains it on `err`.
 * Missing a target is reported, not an error; a request answered wrongly is a problem the caller turns into a
 * failing exit code.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { IncomingMessage } from 'node:http';
import { isBuiltin } from 'node:module';
import { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { type Bot, createBot } from '../bot/app';
import type { HttpEvent, HttpResult } from '../bot/http/types';
import { elementActionId, encodeActionValue, WORKSPACE_ACTION } from '../bot/slack/ids';
import { loadConfig } from '../core/config';
import type { Link } from '../core/data/links';
import { BUNDLING } from '../infra/lib/constructs/handler-function';
import { createTables } from '../local/dynamodb/create-tables';
import { toFunctionUrlEvent } from '../local/http/lambda-server';
import { startSlackApi } from '../local/slack-api';
import { type GenerateFleetOptions, generateFleet } from '../local/workspaces-sim';
import { syncDeps } from '../sync/deps';
import { runScan } from '../sync/scanner';
// The tests' Slack request builders and signing, reused as they are: the benchmark signs exactly as the tests do.
import {
  blockAction,
  FORM,
  SIGNING_SECRET,
  type SignedRequest,
  type SlackUserRef,
  signed,
  slashCommand,
  TEAM_ID,
} from '../test/helpers/slack-requests';
import {
  type BenchIO,
  benchLog,
  dynamoDb,
  Resources,
  round,
  setEnv,
  standInEnv,
  startSimProcess,
  stdio,
} from './harness';

export interface SlackBenchOptions {
  /** Timed requests of each kind (list, click), after `warmUp` untimed ones. */
  iterations: number;
  warmUp: number;
  /** Fresh `node` processes per bundle for the cold init; the median is reported. */
  initRuns: number;
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

export const FULL_SIZE: SlackBenchOptions = {
  iterations: 300,
  warmUp: 30,
  initRuns: 7,
  workspaces: 40,
  dynamoWarmUp: 1_000,
};
/** `--quick`: fewer requests and init runs; the same bundles. */
export const QUICK_SIZE: SlackBenchOptions = { ...FULL_SIZE, iterations: 100, warmUp: 20, initRuns: 3 };

/** The one line the benchmark prints, keys in the order issue 5 gives them. */
export interface SlackBenchLine {
  bench: 'slack';
  /** From the slash command in to its list on the response_url: the ack, then the worker (in process). */
  list_p50_ms: number;
  list_p99_ms: number;
  /** A reboot click's ack: the handler's answer. */
  click_p99_ms: number;
  /** The HTTP answer (Slack's ack) of slash commands and clicks alike, warm, stand-ins at full speed. */
  ack_p99_ms: number;
  /** The same with SLOW_MS added to every WorkSpaces call, every Slack post and Web API call, and the worker's run. */
  ack_p99_slow_ms: number;
  /** Of the slow requests, how many got their final answer (the list, or the click's outcome). */
  completed_slow: number;
  requests_slow: number;
  bundle_bytes: number;
  init_ms: number;
  bare_init_ms: number;
  init_ratio: number;
}

export interface SlackBenchResult {
  line: SlackBenchLine;
  /** Measurements that cannot be trusted (a request answered wrongly): empty when all is well. */
  problems: string[];
}

/** 2.5 MB read as MiB, as Lambda counts its package limits. */
const TARGETS = { listP99Ms: 30, initRatio: 1.25, bundleBytes: 2.5 * 1024 * 1024, ackSlowMs: 1000 };

/** What the slow phase adds downstream of the ack: to every WorkSpaces call, Slack call and worker run. */
export const SLOW_MS = 2500;

const ROOT = path.resolve(__dirname, '..');

export async function runSlackBench(options: SlackBenchOptions, io: BenchIO = stdio): Promise<SlackBenchResult> {
  const resources = new Resources(io);
  const problems: string[] = [];
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'slack-bench-'));
    resources.defer('the bundle directory', () => rm(dir, { recursive: true, force: true }));

    // (b) first, while nothing else runs on the machine: the bundles and their cold init.
    const [app, bare] = [await bundleApp(dir), await bundleBare(dir)];
    io.err(
      `slack bench: bundle ${formatBytes(app.bytes)} (bare Bolt + lib-dynamodb: ${formatBytes(bare.bytes)}); ` +
        (BUNDLING.bundleAwsSDK ? 'the AWS SDK bundled in, as the stack deploys it' : 'the AWS SDK left to the runtime'),
    );
    io.err(`    largest parts: ${formatParts(bundleParts(app.metafile, app.file).slice(0, 8))}`);
    const init = await measureInit(app.file, bare.file, options.initRuns);
    io.err(
      `    cold init, median of ${options.initRuns} fresh processes: ${round(init.app)} ms (runs ${formatRuns(init.appRuns)}); ` +
        `bare ${round(init.bare)} ms (runs ${formatRuns(init.bareRuns)})`,
    );

    // (a) warm latency against the stand-ins
    const latency = await measureLatency(options, resources, io, problems);

    const line: SlackBenchLine = {
      bench: 'slack',
      list_p50_ms: round(percentile(latency.list, 50)),
      list_p99_ms: round(percentile(latency.list, 99)),
      click_p99_ms: round(percentile(latency.click, 99)),
      ack_p99_ms: round(percentile(latency.ack, 99)),
      ack_p99_slow_ms: round(percentile(latency.slow.ack, 99)),
      completed_slow: latency.slow.completed,
      requests_slow: latency.slow.requests,
      bundle_bytes: app.bytes,
      init_ms: round(init.app),
      bare_init_ms: round(init.bare),
      init_ratio: round(init.app / init.bare),
    };
    io.out(JSON.stringify(line));
    const missed = reportTargets(line, io);
    if (missed.bundle) io.err(`    bundle by package: ${formatParts(bundleParts(app.metafile, app.file))}`);
    if (missed.init) await explainInit(app, bare, dir, io);
    for (const problem of problems) io.err(`PROBLEM: ${problem}`);
    return { line, problems };
  } finally {
    await resources.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (a) warm latency, in process

/** Who clicks and lists: a linked end user who owns at least one WorkSpace that can be rebooted. */
const USER: SlackUserRef = { id: 'U0BENCH', name: 'bench.user' };
const BOT_TOKEN = 'xoxb-bench-bot-token';
const FUNCTION_URL_HOST = 'bench0000000000000000000000000000.lambda-url.us-east-1.on.aws';

interface Latencies {
  list: number[];
  click: number[];
  /** Every ack of the warm phase: the list commands' and the clicks'. */
  ack: number[];
  slow: { ack: number[]; completed: number; requests: number };
}

async function measureLatency(
  options: SlackBenchOptions,
  resources: Resources,
  io: BenchIO,
  problems: string[],
): Promise<Latencies> {
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

  const [endpoint, sim, slack] = await Promise.all([
    dynamoDb(resources, options.dynamodbEndpoint),
    startSimProcess({ fleet: fleetOptions, latencyMs: 0 }, resources),
    startSlackApi({ botToken: BOT_TOKEN }),
  ]);
  resources.defer('the Slack stand-in', () => slack.close());
  resources.defer('environment', setEnv(standInEnv(sim, endpoint)));

  // Only what the bot needs, never the caller's shell: the sign-in is configured but not used (the user is linked).
  const config = loadConfig({
    TABLE_PREFIX: `bench-${Math.random().toString(36).slice(2, 10)}`,
    AUTH_CLIENT_ID: 'bench-client',
    AUTH_DOMAIN_URL: 'https://auth.bench.invalid',
    AUTH_ISSUER: 'https://issuer.bench.invalid',
    PUBLIC_URL: `https://${FUNCTION_URL_HOST}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
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
    chat: { platform: 'slack', tenantId: TEAM_ID, userId: USER.id },
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
    `(a) warm latency: ${options.warmUp} untimed + ${options.iterations} timed requests each; ` +
      `${USER.id} linked to ${link.adUserName} (${owned.length} WorkSpace${owned.length === 1 ? '' : 's'}), ` +
      `cache of ${scan.total} from a scan of the simulator`,
  );

  const wrong: string[] = [];
  const listed = (id: string) =>
    slack.responses(id).some((post) => owned.every((ownedId) => JSON.stringify(post.body).includes(ownedId)));
  const list = await timed(
    bot,
    options,
    (i) => {
      const responseUrl = slack.responseUrl(`list-${i}`);
      return functionUrlEvent(signed(slashCommand(USER, 'list', responseUrl), FORM));
    },
    (result, i) => {
      if (result.statusCode !== 200) wrong.push(`list #${i}: HTTP ${result.statusCode} ${String(result.body)}`);
    },
    // Inside the clock: the worker's answer, until the list is on the command's response_url.
    async (i) => {
      await bot.drain();
      if (!listed(`list-${i}`)) wrong.push(`list #${i}: no list on its response_url`);
    },
  );

  const value = encodeActionValue('reboot', target.workspaceId);
  const actionId = elementActionId(WORKSPACE_ACTION, 'reboot');
  const click = await timed(
    bot,
    options,
    (i) => {
      const responseUrl = slack.responseUrl(`click-${i}`);
      // A fresh message ts each time: the idempotency key is the click's message and button, so nothing short-cuts.
      const ts = `1700000000.${String(i).padStart(6, '0')}`;
      return functionUrlEvent(signed(blockAction(USER, { action_id: actionId, value }, responseUrl, { ts }), FORM));
    },
    (result, i) => {
      if (result.statusCode !== 200) wrong.push(`click #${i}: HTTP ${result.statusCode} ${String(result.body)}`);
    },
    undefined,
    // Outside the timed part: the reboot handed off to the in-process queue runs, then the reboot "ends" (the
    // simulator and the cache say AVAILABLE again), so that every timed click is a real reboot, not a refusal.
    async () => {
      await bot.drain();
      await sim.setState(target.workspaceId, 'AVAILABLE');
      const cached = await bot.services.cache.get(target.workspaceId);
      const at = new Date().toISOString();
      if (cached) await bot.services.cache.put({ ...cached, state: 'AVAILABLE', stateSince: at, observedAt: at });
    },
  );
  // Every click answered on its response_url by the worker ("Rebooting ws-...", then the outcome).
  const answered = new Set(
    slack
      .responses()
      .map((post) => post.id)
      .filter((id) => id.startsWith('click-')),
  );
  const unanswered = options.warmUp + options.iterations - answered.size;
  if (unanswered > 0) wrong.push(`${unanswered} clicks posted nothing to their response_url`);
  const rejected = slack.responses().filter((p) => !p.ok);
  if (rejected.length) wrong.push(`${rejected.length} response_url posts refused: ${rejected[0]?.error}`);
  if (wrong.length) problems.push(`${wrong.length} wrong answers, such as: ${wrong.slice(0, 3).join(' | ')}`);

  io.err(`    list, to its answer: ${describe(list.done)}`);
  io.err(`    list, the ack alone: ${describe(list.ack)}`);
  io.err(`    click, the ack: ${describe(click.ack)}`);
  // The same two reads the list makes, alone: how much of the list's time is DynamoDB Local's.
  const reads: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const started = performance.now();
    await storeReads();
    reads.push(performance.now() - started);
  }
  io.err(`    of which DynamoDB Local (the list's GetItem + Query alone, SDK included): ${describe(reads)}`);
  const calls = await sim.stats();
  io.err(`    simulator calls (the scan, then the handed-off reboots): ${JSON.stringify(calls.byOperation)}`);
  const reboots = calls.byOperation.RebootWorkspaces ?? 0;
  if (reboots !== options.warmUp + options.iterations) {
    problems.push(`${reboots} RebootWorkspaces calls for ${options.warmUp + options.iterations} clicks`);
  }

  // The slow phase: everything downstream of the ack SLOW_MS slower; the hand-off itself stays at full speed.
  workDelayMs = SLOW_MS;
  await sim.setLatency(SLOW_MS);
  slack.setLatency(SLOW_MS);
  const slow = await measureSlow(options, bot, slack, { listed, USERClick: { actionId, value } });
  workDelayMs = 0;
  await sim.setLatency(0);
  slack.setLatency(0);
  io.err(
    `    slow (+${SLOW_MS} ms downstream): acks ${describe(slow.ack)}; ${slow.completed} of ${slow.requests} ` +
      `requests got their final answer`,
  );
  return { list: list.done, click: click.ack, ack: [...list.ack, ...click.ack], slow };
}

/**
 * Slash commands and clicks one after another, only their acks timed, while their workers run side by side in the
 * background (as Lambda runs them); then every request's final answer is waited for and counted.
 */
async function measureSlow(
  options: SlackBenchOptions,
  bot: Bot,
  slack: Awaited<ReturnType<typeof startSlackApi>>,
  probe: { listed: (id: string) => boolean; USERClick: { actionId: string; value: string } },
): Promise<Latencies['slow']> {
  const each = Math.max(5, Math.min(20, Math.floor(options.iterations / 10)));
  const ack: number[] = [];
  const requests: { id: string; final: () => boolean }[] = [];
  for (let i = 0; i < each; i++) {
    const listId = `slow-list-${i}`;
    const clickId = `slow-click-${i}`;
    const events = [
      functionUrlEvent(signed(slashCommand(USER, 'list', slack.responseUrl(listId)), FORM)),
      functionUrlEvent(
        signed(
          blockAction(
            USER,
            { action_id: probe.USERClick.actionId, value: probe.USERClick.value },
            slack.responseUrl(clickId),
            {
              ts: `1700000001.${String(i).padStart(6, '0')}`,
            },
          ),
          FORM,
        ),
      ),
    ];
    requests.push(
      { id: listId, final: () => probe.listed(listId) },
      // The click's final answer: its outcome (a reboot, or the refusal of a WorkSpace already rebooting).
      {
        id: clickId,
        final: () =>
          slack.responses(clickId).some((post) => !String((post.body as { text?: string }).text).endsWith('…')),
      },
    );
    for (const event of events) {
      const started = performance.now();
      const result = await bot.handler(event);
      ack.push(performance.now() - started);
      if (result.statusCode !== 200) throw new Error(`slow request answered HTTP ${result.statusCode}`);
    }
  }
  await bot.drain();
  return { ack, completed: requests.filter((request) => request.final()).length, requests: requests.length };
}

/**
 * The function URL's payload-2.0 event for a signed POST to /slack/events, built by the same code that serves the
 * handler over HTTP locally (local/http/lambda-server.ts), from a request that never touches a socket.
 */
function functionUrlEvent({ headers, body }: SignedRequest): HttpEvent {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = '/slack/events';
  req.headers = {
    host: FUNCTION_URL_HOST,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  };
  return toFunctionUrlEvent(req, Buffer.from(body, 'utf8'));
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

/**
 * Runs warm-up then timed requests one after another. `ack` is `handler(event)` alone; `done` adds `complete(i)` (the
 * worker's answer), inside the clock; `between` runs outside it.
 */
async function timed(
  bot: Bot,
  options: SlackBenchOptions,
  request: (i: number) => HttpEvent,
  check: (result: HttpResult, i: number) => void,
  complete?: (i: number) => Promise<void>,
  between?: () => Promise<void>,
): Promise<{ ack: number[]; done: number[] }> {
  const ack: number[] = [];
  const done: number[] = [];
  for (let i = 0; i < options.warmUp + options.iterations; i++) {
    const event = request(i);
    const started = performance.now();
    const result = await bot.handler(event);
    const acked = performance.now() - started;
    if (complete) await complete(i);
    const finished = performance.now() - started;
    check(result, i);
    if (between) await between();
    if (i >= options.warmUp) {
      ack.push(acked);
      done.push(finished);
    }
  }
  return { ack, done };
}

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function describe(samples: number[]): string {
  const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
  return (
    `p50 ${round(percentile(samples, 50))} ms, p90 ${round(percentile(samples, 90))} ms, ` +
    `p99 ${round(percentile(samples, 99))} ms, max ${round(Math.max(...samples))} ms, mean ${round(mean)} ms`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// (b) the bundle and its cold init

/**
 * What CDK's NodejsFunction runs with the stack's own bundling settings (infra/lib/constructs/handler-function.ts
 * BUNDLING): esbuild --bundle --platform=node --format=cjs and the same target, minification, external source map
 * without sources, and the AWS SDK bundled in (bundleAwsSDK) or left to the runtime.
 */
const NODEJS_FUNCTION: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: BUNDLING.target,
  format: 'cjs',
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap ? 'external' : false,
  sourcesContent: BUNDLING.sourcesContent,
  external: BUNDLING.bundleAwsSDK ? [] : ['@aws-sdk/*'],
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: ROOT,
};

interface Bundle {
  file: string;
  bytes: number;
  metafile: Metafile;
}

async function bundle(outfile: string, options: BuildOptions): Promise<Bundle> {
  const result = await build({ ...NODEJS_FUNCTION, ...options, outfile });
  if (!result.metafile) throw new Error('esbuild returned no metafile');
  // The .js file alone: the source map is uploaded beside it but never loaded.
  return { file: outfile, bytes: (await stat(outfile)).size, metafile: result.metafile };
}

function bundleApp(dir: string): Promise<Bundle> {
  return bundle(path.join(dir, 'app', 'index.js'), { entryPoints: [path.join(ROOT, 'bot/lambda/http.ts')] });
}

/** The least a Bolt-on-Lambda function with DynamoDB must load and build: the yardstick for init_ratio. */
const BARE_ENTRY = `
const { App, AwsLambdaReceiver } = require('@slack/bolt');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET || 'bare' });
const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bare', botId: 'B0BARE', botUserId: 'U0BARE' }) });
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.db = db;
let handle;
exports.handler = async (event, context) => (await (handle ??= receiver.start()))(event, context);
`;

function bundleBare(dir: string): Promise<Bundle> {
  return bundle(path.join(dir, 'bare', 'index.js'), {
    stdin: { contents: BARE_ENTRY, resolveDir: ROOT, sourcefile: 'bare-entry.js', loader: 'js' },
  });
}

/** Bytes in the bundle by package (node_modules) or by top-level source folder, largest first. */
function bundleParts(metafile: Metafile, file: string): [string, number][] {
  const output = Object.entries(metafile.outputs).find(([name]) => path.resolve(ROOT, name) === file)?.[1];
  if (!output) throw new Error(`the metafile does not describe ${file}`);
  const parts = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/')[0]!;
    parts.set(pkg, (parts.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...parts].sort(([, a], [, b]) => b - a);
}

/** The environment of a deployed function: the secret and the worker named, source maps on, as the stack sets them. */
function lambdaEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: 'workspaces-bot-http',
    TABLE_PREFIX: 'workspaces-bot',
    AUTH_CLIENT_ID: 'bench-client',
    AUTH_DOMAIN_URL: 'https://auth.bench.invalid',
    AUTH_ISSUER: 'https://issuer.bench.invalid',
    PUBLIC_URL: `https://${FUNCTION_URL_HOST}`,
    SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:workspaces-bot-slack',
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    WORKER_FUNCTION_NAME: 'workspaces-bot-worker',
  };
}

/** Runs in a fresh node: the time of `require(bundle)`, which loads every module and builds the handler. */
const INIT_PROBE = `
const { performance } = require('node:perf_hooks');
const file = process.argv[1];
const started = performance.now();
const loaded = require(file);
const ms = performance.now() - started;
if (typeof loaded.handler !== 'function') throw new Error(file + ' exports no handler');
process.stdout.write(JSON.stringify({ ms }) + '\\n');
process.exit(0);
`;

const run = promisify(execFile);

async function probe(script: string, file: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['-e', script, file], {
    cwd: os.tmpdir(),
    env: lambdaEnv(),
    timeout: 60_000,
    maxBuffer: 1 << 20,
  });
  return stdout;
}

async function initOnce(file: string): Promise<number> {
  return (JSON.parse(await probe(INIT_PROBE, file)) as { ms: number }).ms;
}

interface InitTimes {
  app: number;
  bare: number;
  appRuns: number[];
  bareRuns: number[];
}

/** One untimed run of each (the page cache), then `runs` of each, interleaved so drift hits both alike. */
async function measureInit(appFile: string, bareFile: string, runs: number): Promise<InitTimes> {
  await initOnce(bareFile);
  await initOnce(appFile);
  const appRuns: number[] = [];
  const bareRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      bareRuns.push(await initOnce(bareFile));
      appRuns.push(await initOnce(appFile));
    } else {
      appRuns.push(await initOnce(appFile));
      bareRuns.push(await initOnce(bareFile));
    }
  }
  return { app: percentile(appRuns, 50), bare: percentile(bareRuns, 50), appRuns, bareRuns };
}

/**
 * The same require, with every module the bundle itself requires (the external SDK packages, Node's built-ins)
 * timed from the bundle's call to its return: what is left is the bundled code and the handler's construction.
 * A package's time includes whatever it loads first (shared @smithy/* modules count for the first to need them).
 */
const INIT_BREAKDOWN_PROBE = `
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
const file = process.argv[1];
const load = Module._load;
const times = {};
Module._load = function (request, parent) {
  if (!parent || parent.filename !== file) return load.apply(this, arguments);
  const started = performance.now();
  try {
    return load.apply(this, arguments);
  } finally {
    const key = Module.isBuiltin(request) ? 'node built-ins' : request;
    times[key] = (times[key] || 0) + performance.now() - started;
  }
};
const started = performance.now();
require(file);
const total = performance.now() - started;
process.stdout.write(JSON.stringify({ total, times }) + '\\n');
process.exit(0);
`;

async function breakdown(file: string): Promise<{ total: number; times: Record<string, number> }> {
  return JSON.parse(await probe(INIT_BREAKDOWN_PROBE, file)) as { total: number; times: Record<string, number> };
}

/**
 * Why init_ratio is missed: what each bundle requires at run time and for how long, which of the bot's files pull
 * each external package in, and how the bot's init splits between loading its modules and building the handler.
 */
async function explainInit(app: Bundle, bare: Bundle, dir: string, io: BenchIO): Promise<void> {
  for (const [name, file] of [
    ['bundle', app.file],
    ['bare', bare.file],
  ] as const) {
    const { total, times } = await breakdown(file);
    const required = Object.entries(times).sort(([, a], [, b]) => b - a);
    const outside = required.reduce((sum, [, ms]) => sum + ms, 0);
    io.err(
      `    ${name} init ${round(total)} ms: bundled code and top level ${round(total - outside)} ms; ` +
        `required at run time: ${required
          .filter(([, ms]) => ms >= 0.5)
          .map(([module, ms]) => `${module} ${round(ms, 1)}`)
          .join(', ')}`,
    );
  }
  const bareExternals = new Set(externalImports(bare.metafile).keys());
  for (const [external, chain] of externalImports(app.metafile)) {
    if (!bareExternals.has(external)) io.err(`    ${external} <- ${chain.join(' <- ')}`);
  }
  const split = await loadThenConstruct(dir);
  io.err(
    `    bot init split (a build exporting createBot instead of calling it): modules ${round(split.load)} ms, ` +
      `createBot() at the top level ${round(split.construct)} ms`,
  );
}

/** Each external package the bundle requires, with the shortest chain of source files from the entry to it. */
function externalImports(metafile: Metafile): Map<string, string[]> {
  const inputs = metafile.inputs;
  const entry = Object.keys(inputs).find(
    (name) => !Object.values(inputs).some((i) => i.imports.some((x) => x.path === name)),
  );
  const chains = new Map<string, string[]>();
  const seen = new Set<string>();
  let frontier: string[][] = entry ? [[entry]] : [];
  while (frontier.length) {
    const next: string[][] = [];
    for (const chain of frontier) {
      const file = chain[0]!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const imported of inputs[file]?.imports ?? []) {
        if (imported.external) {
          if (!isBuiltin(imported.path) && !chains.has(imported.path)) chains.set(imported.path, chain);
        } else if (!seen.has(imported.path)) next.push([imported.path, ...chain]);
      }
    }
    frontier = next;
  }
  return chains;
}

/** The bot's modules loaded by one require, then the handler built by a second call, timed apart. */
const SPLIT_ENTRY = `
const { createBot } = require('./bot/app');
const { config } = require('./core/config');
const { logger } = require('./core/logger');
exports.handler = () => createBot({ config: config(), log: logger }).handler;
`;

const SPLIT_PROBE = `
const { performance } = require('node:perf_hooks');
const started = performance.now();
const loaded = require(process.argv[1]);
const built = performance.now();
loaded.handler();
process.stdout.write(JSON.stringify({ load: built - started, construct: performance.now() - built }) + '\\n');
process.exit(0);
`;

async function loadThenConstruct(dir: string): Promise<{ load: number; construct: number }> {
  const split = await bundle(path.join(dir, 'split', 'index.js'), {
    stdin: { contents: SPLIT_ENTRY, resolveDir: ROOT, sourcefile: 'split-entry.js', loader: 'js' },
  });
  await probe(SPLIT_PROBE, split.file);
  const runs: { load: number; construct: number }[] = [];
  for (let i = 0; i < 3; i++) runs.push(JSON.parse(await probe(SPLIT_PROBE, split.file)));
  const load = runs.map((r) => r.load);
  const construct = runs.map((r) => r.construct);
  return { load: percentile(load, 50), construct: percentile(construct, 50) };
}

// ---------------------------------------------------------------------------------------------------------------

/** Prints which targets were met; returns which were missed. */
function reportTargets(
  line: SlackBenchLine,
  io: BenchIO,
): { list: boolean; init: boolean; bundle: boolean; ack: boolean } {
  const ackBound = 1.5 * line.ack_p99_ms + 50;
  const met = {
    list: line.list_p99_ms <= TARGETS.listP99Ms,
    init: line.init_ratio <= TARGETS.initRatio,
    bundle: line.bundle_bytes <= TARGETS.bundleBytes,
    ack:
      line.ack_p99_slow_ms <= TARGETS.ackSlowMs &&
      line.ack_p99_slow_ms <= ackBound &&
      line.completed_slow === line.requests_slow,
  };
  const checks: [string, boolean][] = [
    [`list_p99_ms ${line.list_p99_ms} <= ${TARGETS.listP99Ms}`, met.list],
    [`init_ratio ${line.init_ratio} <= ${TARGETS.initRatio}`, met.init],
    [`bundle_bytes ${line.bundle_bytes} <= ${TARGETS.bundleBytes} (2.5 MiB)`, met.bundle],
    [`ack_p99_slow_ms ${line.ack_p99_slow_ms} <= ${TARGETS.ackSlowMs}`, line.ack_p99_slow_ms <= TARGETS.ackSlowMs],
    [
      `ack_p99_slow_ms ${line.ack_p99_slow_ms} <= 1.5 x ack_p99_ms + 50 = ${round(ackBound)}`,
      line.ack_p99_slow_ms <= ackBound,
    ],
    [
      `completed_slow ${line.completed_slow} = requests_slow ${line.requests_slow}`,
      line.completed_slow === line.requests_slow,
    ],
  ];
  for (const [text, ok] of checks) io.err(`target ${ok ? 'met   ' : 'MISSED'}: ${text}`);
  return { list: !met.list, init: !met.init, bundle: !met.bundle, ack: !met.ack };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${round(bytes / 1024 / 1024)} MiB` : `${round(bytes / 1024, 1)} KiB`;
}

function formatParts(parts: [string, number][]): string {
  return parts.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(', ');
}

function formatRuns(runs: number[]): string {
  return runs.map((ms) => round(ms, 1)).join(', ');
}
