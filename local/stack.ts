/**
 * The whole bot on one machine, as one function: DynamoDB Local with the bot's tables, the WorkSpaces simulator,
 * the local sign-in provider, the Slack Web API stand-in, the bot's function URL handler with the playground page on
 * the same port, and the scanner and reaper on timers. `npm start` (local/start.ts) and the browser test start the
 * same stack; both stop it with stop().
 *
 * The stand-ins are reached only through the SDK's standard variables (AWS_ENDPOINT_URL_*), which this sets in
 * process.env, exactly as real AWS would be configured. With SLACK_APP_TOKEN set, the bot talks to a real Slack
 * workspace over Socket Mode instead, and neither the Slack stand-in nor the playground is started.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { App } from '@slack/bolt';
import { type Bot, createBot } from '../bot/app';
import { oncallChannels } from '../bot/oncall';
import { startSocketModeApp } from '../bot/slack/app';
import { slackSettings } from '../bot/slack/settings';
import type { Job } from '../bot/work/jobs';
import { type Config, loadConfig } from '../core/config';
import { logger } from '../core/logger';
import { syncDeps } from '../sync/deps';
import { runReaper } from '../sync/reaper';
import { runScan } from '../sync/scanner';
import { type BotFramework, startBotFramework } from './botframework';
import { createTables } from './dynamodb/create-tables';
import { startDynamoDbLocal } from './dynamodb/launcher';
import { setEnv } from './env';
import { type LambdaServer, startLambdaServer } from './http/lambda-server';
import { mountPlayground, type Playground } from './playground/server';
import { SlackPlayground } from './playground/slack';
import { TeamsPlayground } from './playground/teams';
import { type LocalScheduler, startLocalScheduler } from './scheduler/wiring';
import { type SigninProvider, startSigninProvider } from './signin-provider';
import { TEAM_ID as SLACK_TEAM_ID, type SlackApiStandIn, startSlackApi } from './slack-api';
import { type RunningWorkspacesSimulator, startWorkspacesSimulator, type TransitionDurations } from './workspaces-sim';

const LOCAL_BOT_TOKEN = 'xoxb-local-playground';
const LOCAL_SIGNING_SECRET = 'local-signing-secret';
export const ONCALL_CHANNEL = 'C0ONCALL';
export const DEMO_FLEET = path.join(__dirname, 'workspaces-sim', 'demo-fleet.json');
const SCAN_EVERY_MS = 60_000;
const REAP_EVERY_MS = 120_000;

export interface LocalStackOptions {
  /** The port of the bot and the playground; 0 picks a free one. Default: PORT, else 3000. */
  port?: number;
  /** The simulator's fleet file. Default: SIM_FLEET, else the demo fleet. */
  fleet?: string;
  /** How long the simulator's transitional states last (REBOOTING…), when not its defaults. */
  durations?: TransitionDurations;
  /** A DynamoDB Local already running (the tests' one) instead of starting one. */
  dynamoEndpoint?: string;
  /** Prefix of the bot's table names, so several stacks can share one DynamoDB Local. Default: TABLE_PREFIX. */
  tablePrefix?: string;
  scanEveryMs?: number;
  reapEveryMs?: number;
  /** Where the stack's running commentary goes (scans, reaps, on-call reports). Default console.log. */
  log?: (line: string) => void;
}

export interface LocalStack {
  /** The bot's base URL (its function URL stand-in): POST /slack/events, GET /auth/start, /auth/callback. */
  url: string;
  /** The playground page; undefined with real Slack (Socket Mode) and a real Azure Bot both. */
  playgroundUrl: string | undefined;
  dynamoEndpoint: string;
  /** The AWS endpoint variables this stack set, for other shells. */
  endpoints: Record<string, string>;
  fleetFile: string;
  /** The WorkSpaces simulator; undefined with real AWS (USE_REAL_AWS=true). */
  simulator?: RunningWorkspacesSimulator;
  provider: SigninProvider;
  /** The Slack Web API stand-in; undefined with real Slack (Socket Mode). */
  slack: SlackApiStandIn | undefined;
  /** The Bot Framework stand-in Teams is played through; undefined when TEAMS_APP_ID names a real Azure Bot. */
  botframework: BotFramework | undefined;
  /** The EventBridge Scheduler stand-in, firing due schedules into the bot's worker. */
  scheduler: LocalScheduler;
  playground: Playground | undefined;
  bot: Bot;
  config: Config;
  realSlack: boolean;
  signingSecret: string | undefined;
  oncallChannel: string | undefined;
  scanEveryMs: number;
  reapEveryMs: number;
  /** Seconds from start to ready. */
  readySeconds: number;
  scan(): Promise<void>;
  reap(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const fleetFile = options.fleet ?? process.env.SIM_FLEET ?? DEMO_FLEET;
  const realSlack = Boolean(process.env.SLACK_APP_TOKEN);
  // A real Azure Bot (its TEAMS_* variables set by the person) needs no stand-in; otherwise Teams is played locally.
  const realTeams = Boolean(process.env.TEAMS_APP_ID);
  // Real WorkSpaces in your account (credentials from the default chain); the bot's own tables stay local.
  const realAws = process.env.USE_REAL_AWS === 'true';
  const scanEveryMs = options.scanEveryMs ?? SCAN_EVERY_MS;
  const reapEveryMs = options.reapEveryMs ?? REAP_EVERY_MS;
  const port = options.port ?? Number(process.env.PORT ?? 3000);

  if (port !== 0) await ensurePortFree(port);
  // Undone in reverse order by stop(), or when starting fails half-way.
  const cleanup: (() => Promise<unknown>)[] = [];
  const undo = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const parts = await Promise.allSettled([
      options.dynamoEndpoint ? Promise.resolve(undefined) : startDynamoDbLocal(),
      realAws
        ? Promise.resolve(undefined)
        : startWorkspacesSimulator({
            fleet: fleetFile,
            ...(options.durations ? { durations: options.durations } : {}),
          }),
      realSlack ? Promise.resolve(undefined) : startSlackApi({ botToken: LOCAL_BOT_TOKEN }),
      startSigninProvider(),
      // Due schedules are looked for every 10 seconds, as the service fires within its minute.
      startLocalScheduler({ tickMs: 10_000 }),
      realTeams ? Promise.resolve(undefined) : startBotFramework(),
    ]);
    const [dynamoPart, simulatorPart, slackPart, providerPart, schedulerPart, botframeworkPart] = parts;
    if (dynamoPart.status === 'fulfilled' && dynamoPart.value) {
      const db = dynamoPart.value;
      cleanup.push(() => db.stop());
    }
    if (simulatorPart.status === 'fulfilled' && simulatorPart.value) {
      const sim = simulatorPart.value;
      cleanup.push(() => sim.close());
    }
    if (slackPart.status === 'fulfilled' && slackPart.value) {
      const api = slackPart.value;
      cleanup.push(() => api.close());
    }
    if (providerPart.status === 'fulfilled') cleanup.push(() => providerPart.value.close());
    if (botframeworkPart.status === 'fulfilled' && botframeworkPart.value) {
      const stand = botframeworkPart.value;
      cleanup.push(() => stand.close());
    }
    if (schedulerPart.status === 'fulfilled') cleanup.push(() => schedulerPart.value.standIn.close());
    const failed = parts.find((part) => part.status === 'rejected');
    if (failed) throw failed.reason;
    const dynamoEndpoint = dynamoPart.status === 'fulfilled' && dynamoPart.value ? dynamoPart.value.endpoint : '';
    const simulator = (simulatorPart as PromiseFulfilledResult<RunningWorkspacesSimulator | undefined>).value;
    const slack = (slackPart as PromiseFulfilledResult<SlackApiStandIn | undefined>).value;
    const provider = (providerPart as PromiseFulfilledResult<SigninProvider>).value;
    const botframework = (botframeworkPart as PromiseFulfilledResult<BotFramework | undefined>).value;
    const scheduler = (schedulerPart as PromiseFulfilledResult<LocalScheduler>).value;
    const dynamo = { endpoint: options.dynamoEndpoint ?? dynamoEndpoint };

    let handler: Parameters<typeof startLambdaServer>[0] = async () => ({ statusCode: 503, body: 'starting' });
    const botServer: LambdaServer = await startLambdaServer((event) => handler(event), port);
    cleanup.push(() => botServer.close());

    const endpoints = {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      ...simulator?.env,
      ...scheduler.standIn.env(),
    };
    // Put back by stop(), or when starting fails from here on.
    const restoreEnv = setEnv({
      ...endpoints,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      ...(simulator
        ? {
            AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
            AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
          }
        : {}),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...provider.env(),
      PUBLIC_URL: process.env.PUBLIC_URL ?? botServer.url,
      ...(options.tablePrefix ? { TABLE_PREFIX: options.tablePrefix } : {}),
      ...botframework?.env(),
      ...scheduler.env,
      // The stand-in's on-call channel only with the stand-in: a real Slack workspace has no such channel.
      ...(slack
        ? {
            ONCALL_SLACK_CHANNEL: process.env.ONCALL_SLACK_CHANNEL ?? ONCALL_CHANNEL,
            SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
            SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
            SLACK_API_URL: slack.apiUrl,
            SLACK_BOT_ID: 'B0LOCALBOT',
            SLACK_BOT_USER_ID: 'U0LOCALBOT',
            SLACK_TEAM_IDS: SLACK_TEAM_ID,
          }
        : {}),
    });
    cleanup.push(async () => restoreEnv());
    // The scanner's JSON log lines would drown the console; warnings and errors still show.
    if (!process.env.LOG_LEVEL) logger.setLogLevel('WARN');
    const config = loadConfig();
    const client = new DynamoDBClient({});
    try {
      await createTables(client, config.tables);
    } finally {
      client.destroy();
    }

    const oncallChannel = slackSettings(config).oncallChannel;
    if (slack) {
      const unsubscribe = slack.subscribe((event) => {
        if (event.type !== 'call' || event.call.method !== 'chat.postMessage' || !event.call.answer.ok) return;
        if (event.call.args.channel !== oncallChannel) return;
        log(`\n[on-call channel] ${String(event.call.args.text ?? '')}`);
      });
      cleanup.push(async () => unsubscribe());
    }

    const bot = createBot({ config, log: logger, startWorkAtOnce: Boolean(realSlack) });
    handler = bot.handler;
    scheduler.connect((event) => bot.work(event as Job));
    let socketApp: App | undefined;
    if (realSlack) {
      socketApp = await startSocketModeApp(bot.slackEntry, slackSettings(config));
      const app = socketApp;
      cleanup.push(() => app.stop());
    }

    // The playground answers its own paths on the bot's port; everything else still reaches the bot's handler.
    let playground: Playground | undefined;
    const platforms = [
      ...(slack
        ? [
            new SlackPlayground({
              slack,
              eventsUrl: `${botServer.url}/slack/events`,
              signingSecret: LOCAL_SIGNING_SECRET,
              oncallChannel,
            }),
          ]
        : []),
      ...(botframework ? [new TeamsPlayground({ botframework, messagesUrl: `${botServer.url}/teams/messages` })] : []),
    ];
    if (platforms.length > 0) {
      playground = mountPlayground(botServer.server, platforms, { scheduler: scheduler.standIn });
      const mounted = playground;
      cleanup.push(async () => mounted.close());
    }

    const sync = syncDeps(config, oncallChannels(config, logger), logger);
    const scan = async () => {
      const result = await runScan(sync.scanner);
      const failed = result.failedTargets;
      log(
        `[scanner] ${result.total} WorkSpaces in ${result.runs.length} regions, ${result.writes.created + result.writes.updated} written${failed.length ? `; could not scan ${failed.join(', ')}` : ''}`,
      );
    };
    const reap = async () => {
      const result = await runReaper(sync.reaper);
      if (result.removed.length) log(`[reaper] removed ${result.removed.map((r) => r.workspaceId).join(', ')}`);
    };
    // A first scan that cannot reach AWS (no credentials, say) is reported; the stack still starts.
    await scan().catch((error) =>
      log(`[scanner] could not scan: ${error instanceof Error ? error.message : String(error)}`),
    );
    await reap().catch((error) => log(`[reaper] ${error instanceof Error ? error.message : String(error)}`));

    const every = (ms: number, task: () => Promise<void>) => {
      const timer = setInterval(() => task().catch((error) => log(`[sync] ${String(error)}`)), ms);
      timer.unref();
      return timer;
    };
    const timers = [every(scanEveryMs, scan), every(reapEveryMs, reap)];
    // Last in, first undone: the timers and the bot's in-process work stop before the servers they use.
    cleanup.push(async () => {
      for (const timer of timers) clearInterval(timer);
      await bot.drain();
    });

    const boundPort = new URL(botServer.url).port;
    return {
      url: botServer.url,
      playgroundUrl: playground ? `http://localhost:${boundPort}/` : undefined,
      dynamoEndpoint: dynamo.endpoint,
      endpoints,
      fleetFile,
      simulator,
      provider,
      slack,
      botframework,
      scheduler,
      playground,
      bot,
      config,
      realSlack,
      signingSecret: slack ? LOCAL_SIGNING_SECRET : undefined,
      oncallChannel,
      scanEveryMs,
      reapEveryMs,
      readySeconds: (Date.now() - started) / 1000,
      scan,
      reap,
      stop: undo,
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** Fails early, with what to do, when the bot's port is taken (by an earlier `npm start`, say). */
async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use (another npm start?). Stop it, or choose another: PORT=3001 npm start`,
            )
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** The lines `npm start` prints once the stack is ready. */
export function describeStack(stack: LocalStack): string[] {
  const lines = [
    `\nWorkSpaces Bot local stack is ready in ${stack.readySeconds.toFixed(1)} s.`,
    ...(stack.playgroundUrl
      ? [
          '',
          `  Open ${stack.playgroundUrl}  to play ${[stack.slack && 'Slack', stack.botframework && 'Microsoft Teams'].filter(Boolean).join(' or ')} as alice, bob, carol, dave or erin.`,
          '',
        ]
      : []),
    `  DynamoDB Local         ${stack.dynamoEndpoint} (tables ${Object.values(stack.config.tables).join(', ')})`,
    stack.simulator
      ? `  WorkSpaces simulator   ${stack.simulator.url} (fleet ${path.relative(process.cwd(), stack.fleetFile)})`
      : `  WorkSpaces             real AWS (USE_REAL_AWS=true), regions ${process.env.REGIONLIST ?? 'from EC2 DescribeRegions'}`,
    `  The bot                ${stack.url} (Slack: POST /slack/events; sign-in: /auth/start)`,
    stack.slack
      ? `  Slack Web API stand-in ${stack.slack.apiUrl} (signing secret "${stack.signingSecret}", on-call channel ${stack.oncallChannel})`
      : '  Slack                  your workspace, over Socket Mode (no playground)',
    `  Scheduler              ${stack.scheduler.standIn.url} (local EventBridge Scheduler, group ${stack.config.schedules.groupName}; fires due schedules into the worker)`,
    `  Sign-in provider       ${stack.provider.url} (demo people: ${stack.provider.people.map((p) => p.key).join(', ')})`,
    `  Scanner every ${stack.scanEveryMs / 1000} s, reaper every ${stack.reapEveryMs / 1000} s.`,
    '\nTo use them from another shell (the AWS CLI, or npm run scan / npm run reap):',
    ...Object.entries(stack.endpoints).map(([name, value]) => `  export ${name}=${value}`),
    // Placeholder credentials only for the simulator: with real AWS they would replace the real ones.
    ...(stack.simulator ? ['  export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local'] : []),
  ];
  return lines;
}
