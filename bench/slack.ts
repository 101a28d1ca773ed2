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
import type { HttpEvent } from '../bot/http/types';
import { elementActionId, encodeActionValue, WORKSPACE_ACTION } from '../bot/slack/ids';
import { startSlackApi } from '../local/slack-api';
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
  type ChatBench,
  type ChatBenchLine,
  type ChatBenchOptions,
  type ChatBot,
  type ChatLatencies,
  SLOW_MS,
  startChatBot,
} from './chat-bot';
import { describeSamples, functionUrlEvent, slowCount, timed } from './harness';

export type SlackBenchLine = ChatBenchLine<'slack'>;

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

/** The bot's modules loaded by one require, then the handler built by a second call, timed apart. */
const SPLIT_ENTRY = `
const { createBot } = require('./bot/app');
const { config } = require('./core/config');
const { logger } = require('./core/logger');
exports.handler = () => createBot({ config: config(), log: logger }).handler;
`;

// ---------------------------------------------------------------------------------------------------------------
// (a) warm latency, in process

/** Who clicks and lists: a linked end user who owns at least one WorkSpace that can be rebooted. */
const USER: SlackUserRef = { id: 'U0BENCH', name: 'bench.user' };
const BOT_TOKEN = 'xoxb-bench-bot-token';

const measureLatency: ChatBench<'slack'>['latency'] = async (options, resources, io, problems) => {
  const slack = await startSlackApi({ botToken: BOT_TOKEN });
  resources.defer('the Slack stand-in', () => slack.close());
  io.err(`(a) warm latency: ${options.warmUp} untimed + ${options.iterations} timed requests each`);
  const world = await startChatBot(
    options,
    {
      env: {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_ID: 'B0BOT',
        SLACK_BOT_USER_ID: 'U0BOT',
      },
      chat: { platform: 'slack', tenantId: TEAM_ID, userId: USER.id },
    },
    resources,
    io,
    problems,
  );
  const { bot, owned, target } = world;

  const wrong: string[] = [];
  const listed = (id: string) =>
    slack.responses(id).some((post) => owned.every((ownedId) => JSON.stringify(post.body).includes(ownedId)));
  const list = await timed(bot.handler, {
    ...options,
    request: (i) => slackEvent(signed(slashCommand(USER, 'list', slack.responseUrl(`list-${i}`)), FORM)),
    check: (result, i) => {
      if (result.statusCode !== 200) wrong.push(`list #${i}: HTTP ${result.statusCode} ${String(result.body)}`);
    },
    // Inside the clock: the worker's answer, until the list is on the command's response_url.
    complete: async (i) => {
      await bot.drain();
      if (!listed(`list-${i}`)) wrong.push(`list #${i}: no list on its response_url`);
      return undefined;
    },
  });

  const value = encodeActionValue('reboot', target.workspaceId);
  const actionId = elementActionId(WORKSPACE_ACTION, 'reboot');
  const click = await timed(bot.handler, {
    ...options,
    request: (i) => {
      const responseUrl = slack.responseUrl(`click-${i}`);
      // A fresh message ts each time: the idempotency key is the click's message and button, so nothing short-cuts.
      const ts = `1700000000.${String(i).padStart(6, '0')}`;
      return slackEvent(signed(blockAction(USER, { action_id: actionId, value }, responseUrl, { ts }), FORM));
    },
    check: (result, i) => {
      if (result.statusCode !== 200) wrong.push(`click #${i}: HTTP ${result.statusCode} ${String(result.body)}`);
    },
    // Outside the timed part: the reboot handed off to the in-process queue runs, then the reboot "ends" (the
    // simulator and the cache say AVAILABLE again), so that every timed click is a real reboot, not a refusal.
    between: () => world.endReboot(),
  });
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

  io.err(`    list, to its answer: ${describeSamples(list.done)}`);
  io.err(`    list, the ack alone: ${describeSamples(list.ack)}`);
  io.err(`    click, the ack: ${describeSamples(click.ack)}`);
  const reboots = await world.report(options.iterations, io);
  if (reboots !== options.warmUp + options.iterations) {
    problems.push(`${reboots} RebootWorkspaces calls for ${options.warmUp + options.iterations} clicks`);
  }

  // The slow phase: everything downstream of the ack SLOW_MS slower; the hand-off itself stays at full speed.
  await world.setSlow(SLOW_MS);
  slack.setLatency(SLOW_MS);
  const slow = await measureSlow(options, world, slack, { listed, USERClick: { actionId, value } });
  await world.setSlow(0);
  slack.setLatency(0);
  io.err(
    `    slow (+${SLOW_MS} ms downstream): acks ${describeSamples(slow.ack)}; ${slow.completed} of ${slow.requests} ` +
      `requests got their final answer`,
  );
  return { list: list.done, click: click.ack, ack: [...list.ack, ...click.ack], slow };
};

/**
 * Slash commands and clicks one after another, only their acks timed, while their workers run side by side in the
 * background (as Lambda runs them); then every request's final answer is waited for and counted.
 */
async function measureSlow(
  options: ChatBenchOptions,
  { bot }: ChatBot,
  slack: Awaited<ReturnType<typeof startSlackApi>>,
  probe: { listed: (id: string) => boolean; USERClick: { actionId: string; value: string } },
): Promise<ChatLatencies['slow']> {
  const each = slowCount(options.iterations);
  const ack: number[] = [];
  const requests: { id: string; final: () => boolean }[] = [];
  for (let i = 0; i < each; i++) {
    const listId = `slow-list-${i}`;
    const clickId = `slow-click-${i}`;
    const events = [
      slackEvent(signed(slashCommand(USER, 'list', slack.responseUrl(listId)), FORM)),
      slackEvent(
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

/** A signed POST to /slack/events, as Slack sends it. */
function slackEvent({ headers, body }: SignedRequest): HttpEvent {
  return functionUrlEvent(
    '/slack/events',
    { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...headers },
    body,
  );
}

/** `npm run bench -- slack`: run by runChatBench. */
export const SLACK_BENCH: ChatBench<'slack'> = {
  name: 'slack',
  bundle: {
    entry: 'bot/lambda/http.ts',
    bare: { label: 'bare Bolt + lib-dynamodb', contents: BARE_ENTRY },
    env: {
      AWS_LAMBDA_FUNCTION_NAME: 'workspaces-bot-http',
      SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:workspaces-bot-slack',
      SLACK_BOT_ID: 'B0BOT',
      SLACK_BOT_USER_ID: 'U0BOT',
    },
    split: SPLIT_ENTRY,
  },
  bundleMiB: 2.5,
  latency: measureLatency,
};
