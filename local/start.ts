/**
 * `npm start`: the whole bot on one machine, with no AWS account and no chat workspace. Starts DynamoDB
 * Local with the bot's tables, the WorkSpaces simulator with the demo fleet, the local sign-in provider,
 * a Slack Web API stand-in, and the bot's function URL handler on PORT (default 3000); runs the scanner
 * every minute and the reaper every two (on-call reports are printed here). With SLACK_APP_TOKEN, the
 * bot talks to a real Slack workspace over Socket Mode instead. Ctrl-C stops everything.
 */
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createBot } from '../bot/app';
import { startSocketModeApp } from '../bot/slack/app';
import { loadConfig } from '../core/config';
import { targetKey } from '../core/fleet-summary';
import { logger } from '../core/logger';
import { oncallChannels } from '../sync/channels';
import { syncDeps } from '../sync/deps';
import { runReaper } from '../sync/reaper';
import { runScan } from '../sync/scanner';
import { createTables } from './dynamodb/create-tables';
import { startDynamoDbLocal } from './dynamodb/launcher';
import { startLambdaServer } from './http/lambda-server';
import { startSigninProvider } from './signin-provider';
import { startSlackApi } from './slack-api';
import { startWorkspacesSimulator } from './workspaces-sim';

const LOCAL_BOT_TOKEN = 'xoxb-local-playground';
const LOCAL_SIGNING_SECRET = 'local-signing-secret';
const ONCALL_CHANNEL = 'C0ONCALL';
const SCAN_EVERY_MS = 60_000;
const REAP_EVERY_MS = 120_000;

async function main(): Promise<void> {
  const started = Date.now();
  const fleetFile = process.env.SIM_FLEET ?? path.join(__dirname, 'workspaces-sim', 'demo-fleet.json');
  const realSlack = Boolean(process.env.SLACK_APP_TOKEN);
  const [dynamo, simulator, slack, provider] = await Promise.all([
    startDynamoDbLocal(),
    startWorkspacesSimulator({ fleet: fleetFile }),
    startSlackApi({ botToken: LOCAL_BOT_TOKEN }),
    startSigninProvider(),
  ]);
  let handler: Parameters<typeof startLambdaServer>[0] = async () => ({ statusCode: 503, body: 'starting' });
  const botServer = await startLambdaServer((event) => handler(event), Number(process.env.PORT ?? 3000));

  // The stand-ins are reached only through the SDK's standard variables, exactly as real AWS would be.
  const endpoints = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_WORKSPACES: simulator.url,
    AWS_ENDPOINT_URL_EC2: simulator.url,
    AWS_ENDPOINT_URL_STS: simulator.url,
  };
  Object.assign(process.env, endpoints, {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...provider.env(),
    PUBLIC_URL: process.env.PUBLIC_URL ?? botServer.url,
    ONCALL_SLACK_CHANNEL: process.env.ONCALL_SLACK_CHANNEL ?? ONCALL_CHANNEL,
    ...(realSlack
      ? {}
      : {
          SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
          SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
          SLACK_BOT_ID: 'B0LOCALBOT',
          SLACK_BOT_USER_ID: 'U0LOCALBOT',
        }),
  });
  // The scanner's JSON log lines would drown the console; warnings and errors still show.
  if (!process.env.LOG_LEVEL) logger.setLogLevel('WARN');
  const config = loadConfig();
  const client = new DynamoDBClient({});
  await createTables(client, config.tables);
  client.destroy();

  slack.subscribe((event) => {
    if (event.type !== 'call' || event.call.method !== 'chat.postMessage') return;
    console.log(`\n[on-call channel] ${String(event.call.args.text ?? '')}`);
  });

  const bot = createBot({ config, log: logger });
  handler = bot.handler;
  if (realSlack) await startSocketModeApp(bot.services, config.slack);

  const sync = syncDeps(config, oncallChannels(config, logger), logger);
  const scan = async () => {
    const result = await runScan(sync.scanner);
    const failed = result.runs.filter((run) => run.status === 'failed').map(targetKey);
    console.log(
      `[scanner] ${result.total} WorkSpaces in ${result.runs.length} regions, ${result.writes.created + result.writes.updated} written${failed.length ? `; could not scan ${failed.join(', ')}` : ''}`,
    );
  };
  const reap = async () => {
    const result = await runReaper(sync.reaper);
    if (result.removed.length) console.log(`[reaper] removed ${result.removed.map((r) => r.workspaceId).join(', ')}`);
  };
  const every = (ms: number, task: () => Promise<void>) =>
    setInterval(() => task().catch((error) => console.error(`[sync] ${String(error)}`)), ms);

  await scan();
  await reap();

  console.log(`\nWorkSpaces Bot local stack is ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log(`  DynamoDB Local         ${dynamo.endpoint} (tables ${Object.values(config.tables).join(', ')})`);
  console.log(`  WorkSpaces simulator   ${simulator.url} (fleet ${path.relative(process.cwd(), fleetFile)})`);
  console.log(`  The bot                ${botServer.url} (Slack: POST /slack/events; sign-in: /auth/start)`);
  console.log(
    realSlack
      ? '  Slack                  your workspace, over Socket Mode'
      : `  Slack Web API stand-in ${slack.apiUrl} (signing secret "${LOCAL_SIGNING_SECRET}", on-call channel ${ONCALL_CHANNEL})`,
  );
  console.log(
    `  Sign-in provider       ${provider.url} (demo people: ${provider.people.map((p) => p.key).join(', ')})`,
  );
  console.log(`  Scanner every ${SCAN_EVERY_MS / 1000} s, reaper every ${REAP_EVERY_MS / 1000} s.`);
  console.log('\nTo use them from another shell (the AWS CLI, or npm run scan / npm run reap):');
  for (const [name, value] of Object.entries(endpoints)) console.log(`  export ${name}=${value}`);
  console.log('  export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local');
  console.log('\nPress Ctrl-C to stop.');

  const timers = [every(SCAN_EVERY_MS, scan), every(REAP_EVERY_MS, reap)];
  const stop = async () => {
    for (const timer of timers) clearInterval(timer);
    await bot.drain();
    await Promise.allSettled([botServer.close(), simulator.close(), slack.close(), provider.close(), dynamo.stop()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
