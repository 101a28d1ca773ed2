/**
 * The whole bot on one machine for tests: its function URL handler served over HTTP, DynamoDB Local,
 * the WorkSpaces simulator (cache filled by a real scan), the sign-in provider and the Slack stand-in.
 */
import { type Bot, type BotOptions, createBot } from '../../bot/app';
import type { Job } from '../../bot/work/jobs';
import { loadConfig } from '../../core/config';
import type { Link } from '../../core/data/links';
import type { Role } from '../../core/identity';
import { type LambdaServer, startLambdaServer } from '../../local/http/lambda-server';
import type { ChannelRef } from '../../local/playground/slack-payloads';
import { type LocalScheduler, startLocalScheduler } from '../../local/scheduler/wiring';
import { type SigninProvider, startSigninProvider } from '../../local/signin-provider';
import { DEFAULT_SLACK_USERS, type SlackApiStandIn } from '../../local/slack-api';
import type { FleetSpec, RunningWorkspacesSimulator } from '../../local/workspaces-sim';
import { syncDeps } from '../../sync/deps';
import { runScan } from '../../sync/scanner';
import { testTables } from './dynamo';
import { startSimulator } from './simulator';
import { BOT_TOKEN, startSlackStandIn } from './slack-api';
import { FORM, post, SIGNING_SECRET, type SlackUserRef, signed, slashCommand, TEAM_ID } from './slack-requests';
import { quietLog } from './sync';

export interface BotFixture {
  bot: Bot;
  server: LambdaServer;
  slack: SlackApiStandIn;
  simulator: RunningWorkspacesSimulator;
  provider: SigninProvider;
  /** The Scheduler stand-in, its target the bot's worker; `scheduler.standIn.advance(ms)` fires what is due. */
  scheduler: LocalScheduler;
  url: string;
  link(userId: string, adUserName: string, roles: Role[], hoursAgo?: number): Promise<Link>;
  /**
   * `/workspace <text>` as Slack sends it: the request is acked at once with an empty 200, and the worker's first
   * answer on the command's response_url is its reply (`body`).
   */
  command(user: SlackUserRef, text: string, channel?: ChannelRef): Promise<SlashAnswer>;
  scan(): Promise<void>;
  close(): Promise<void>;
}

export interface SlashAnswer {
  status: number;
  reply: { id: string; url: string };
  body: { text: string; blocks: unknown[]; response_type: string };
}

let commands = 0;

export async function startBot(
  fleet: FleetSpec,
  env: Record<string, string> = {},
  options: Omit<BotOptions, 'config' | 'log'> = {},
): Promise<BotFixture> {
  const [simulator, slack, provider, tables, scheduler] = await Promise.all([
    startSimulator({ fleet }),
    startSlackStandIn([
      ...DEFAULT_SLACK_USERS,
      { id: 'U0NEW', name: 'newbie', email: 'newbie@corp.example.com' },
      { id: 'U0TEMP', name: 'temp' },
      { id: 'U0STALE', name: 'stale' },
    ]),
    startSigninProvider(),
    testTables(),
    startLocalScheduler(),
  ]);
  Object.assign(process.env, scheduler.standIn.env());
  let handler: Bot['handler'] = async () => ({ statusCode: 503 });
  const server = await startLambdaServer((event) => handler(event));
  const config = loadConfig({
    ...process.env,
    TABLE_PREFIX: tables.prefix,
    ...provider.env(),
    PUBLIC_URL: server.url,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_TEAM_IDS: TEAM_ID,
    AWS_MAX_ATTEMPTS: '2',
    ...scheduler.env,
    ...env,
  });
  const bot = createBot({ config, log: quietLog, ...options });
  scheduler.connect((event) => bot.work(event as Job));
  handler = bot.handler;
  const sync = syncDeps(config, [], quietLog);
  const scan = async () => {
    await runScan(sync.scanner);
  };
  await scan();
  return {
    bot,
    server,
    slack,
    simulator,
    provider,
    scheduler,
    url: `${server.url}/slack/events`,
    scan,
    async link(userId, adUserName, roles, hoursAgo = 0) {
      const linkedAt = new Date(Date.now() - hoursAgo * 3_600_000);
      const link: Link = {
        chat: { platform: 'slack', tenantId: TEAM_ID, userId },
        adUserName,
        adDomain: 'corp',
        groups: [],
        roles,
        linkedAt: linkedAt.toISOString(),
        expiresAt: new Date(linkedAt.getTime() + 30 * 86_400_000).toISOString(),
      };
      await bot.services.links.put(link);
      return link;
    },
    async command(user, text, channel) {
      const id = `cmd${++commands}`;
      const url = slack.responseUrl(id);
      const response = await post(`${server.url}/slack/events`, signed(slashCommand(user, text, url, channel), FORM));
      expect(response.status).toBe(200);
      expect(response.body).toBe('');
      await bot.drain();
      return { status: response.status, reply: { id, url }, body: slack.responses(id)[0]?.body as SlashAnswer['body'] };
    },
    async close() {
      await bot.drain();
      await Promise.all([
        server.close(),
        slack.close(),
        simulator.close(),
        provider.close(),
        scheduler.standIn.close(),
      ]);
    },
  };
}
