/**
 * The Teams benchmark (issue 13), in one run:
 *   (a) warm latency: the whole bot in one process (`createBot(...).handler`, which serves /teams/messages beside
 *       Slack's routes) called in this process with payload-2.0 events carrying activities signed by the Bot
 *       Framework stand-in (local/botframework/, `tokenFor`), each checked by botbuilder's own validation, against
 *       DynamoDB Local (cache filled by a real scan of a small simulator fleet), the worker running in process and
 *       answering through the stand-in's Connector API: a `list` message in the person's personal chat, from the
 *       activity in to the list card arriving at the Connector API (list_p50_ms, list_p99_ms), and an Action.Execute
 *       click on that card's Reboot button, to the handler's answer (click_p99_ms); the acks of both (ack_p99_ms);
 *       then the same with SLOW_MS added to every WorkSpaces call, every Connector call and the worker's own run, the
 *       hand-off itself at full speed (ack_p99_slow_ms), and how many of those requests got their final answer
 *       (completed_slow of requests_slow);
 *   (b) the bundle: bot/lambda/teams.ts built with esbuild as CDK's NodejsFunction builds it (bundle_bytes), and its
 *       cold init in a fresh `node` (init_ms), beside a bare botbuilder CloudAdapter bundle built the same way
 *       (bare_init_ms), medians of interleaved runs.
 * Prints one JSON line on `out`; details, which targets were met and, for a missed one, what explains it on `err`.
 */
import type { HttpEvent } from '../bot/http/types';
import {
  type ActivityOrigin,
  type BotFramework,
  type ConnectorCall,
  cardAction,
  cardsOf,
  LOCAL_TEAMS_APP_ID,
  LOCAL_TEAMS_TENANT_ID,
  personalChat,
  personalMessage,
  startBotFramework,
  type TeamsActivity,
  teamsMembers,
} from '../local/botframework';
import { type ChatBench, type ChatBenchLine, SLOW_MS, startChatBot } from './chat-bot';
import { describeSamples, functionUrlEvent, slowCount, timed } from './harness';

export type TeamsBenchLine = ChatBenchLine<'teams'>;

/**
 * The least a Teams bot on Lambda must load and build: botbuilder's CloudAdapter with single-tenant authentication,
 * behind a response shim. The yardstick for init_ratio.
 */
const BARE_ENTRY = `
const { CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({
  MicrosoftAppId: process.env.TEAMS_APP_ID,
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: process.env.TEAMS_TENANT_ID,
  MicrosoftAppPassword: 'bare',
}));
exports.handler = async (event) => {
  const res = {
    statusCode: 200,
    status(code) { this.statusCode = code; return this; },
    header() { return this; },
    send(body) { this.body = body; return this; },
    end() { return this; },
  };
  const req = { method: 'POST', headers: event.headers, body: JSON.parse(event.body || '{}') };
  await adapter.process(req, res, async () => {});
  return { statusCode: res.statusCode, body: res.body === undefined ? '' : JSON.stringify(res.body) };
};
`;

/** The Teams function's modules loaded by one require, then its handler built by a second call, timed apart. */
const SPLIT_ENTRY = `
const { createTeamsFunction } = require('./bot/teams-function');
const { LambdaWorkQueue } = require('./bot/work/lambda-queue');
const { config } = require('./core/config');
const { logger } = require('./core/logger');
exports.handler = () => {
  const settings = config();
  return createTeamsFunction({ config: settings, log: logger, queue: new LambdaWorkQueue(settings.workerFunctionName) }).handler;
};
`;

// ---------------------------------------------------------------------------------------------------------------
// (a) warm latency, in process

const BOT_NAME = 'WorkSpaces';
/** A message (or card) the bot posted or updated, and when the stand-in took it. */
interface Heard {
  call: ConnectorCall;
  at: number;
}
/** The Reboot button of a list card, as the person would click it. */
interface RebootButton {
  cardId: string;
  verb: string;
  data: Record<string, unknown>;
}

const measureLatency: ChatBench<'teams'>['latency'] = async (options, resources, io, problems) => {
  const bf = await startBotFramework();
  resources.defer('the Bot Framework stand-in', () => bf.close());
  const person = teamsMembers(bf.tenantId)[0]!;
  const chat = personalChat(person);
  bf.setMember(chat.id, person);
  const origin: ActivityOrigin = {
    serviceUrl: bf.serviceUrl,
    tenantId: bf.tenantId,
    appId: bf.appId,
    botName: BOT_NAME,
    person,
    chat,
    timezone: 'Europe/Berlin',
  };
  io.err(`(a) warm latency: ${options.warmUp} untimed + ${options.iterations} timed requests each`);
  const world = await startChatBot(
    options,
    { env: bf.env(), chat: { platform: 'teams', tenantId: bf.tenantId, userId: person.aadObjectId } },
    resources,
    io,
    problems,
  );
  const { bot, owned, target } = world;

  // Every message the bot posts or updates, stamped as the stand-in takes it.
  const heard: Heard[] = [];
  const stopHearing = bf.subscribe((call) => {
    if (call.status < 300 && /^(sendToConversation|replyToActivity|updateActivity)$/.test(call.operation)) {
      heard.push({ call, at: performance.now() });
    }
  });
  resources.defer('the Connector listener', stopHearing);
  const isList = ({ call }: Heard) =>
    call.operation !== 'updateActivity' &&
    call.conversationId === chat.id &&
    owned.every((id) => JSON.stringify(call.body).includes(id));
  /**
   * The first list card posted since `mark`. A reply does not name the activity it answers (botbuilder's proactive
   * turn makes up its own), so lists are told apart by order: one list at a time, and in the slow phase by count.
   */
  const listAnswer = (mark: number) => heard.slice(mark).find(isList);

  const wrong: string[] = [];
  let pending: number | undefined;
  const list = await timed(bot.handler, {
    ...options,
    request: () => {
      pending = heard.length;
      return teamsEvent(bf, personalMessage(origin, 'list'));
    },
    check: (result, i) => {
      if (result.statusCode !== 200) wrong.push(`list #${i}: HTTP ${result.statusCode} ${String(result.body)}`);
    },
    // Inside the clock: the worker's answer, until the list card is at the Connector API.
    complete: async (i) => {
      await bot.drain();
      const answer = pending === undefined ? undefined : listAnswer(pending);
      if (!answer) wrong.push(`list #${i}: no list card reached the Connector API`);
      return answer?.at;
    },
  });

  /** A fresh list card, untimed: the card data's idempotency key names the card, so each click needs its own. */
  const freshCard = async (): Promise<RebootButton> => {
    const mark = heard.length;
    await bot.handler(teamsEvent(bf, personalMessage(origin, 'list')));
    await bot.drain();
    const answer = listAnswer(mark);
    const button = answer && rebootButton(answer.call, target.workspaceId);
    if (!button) throw new Error(`no list card with a Reboot button for ${target.workspaceId}`);
    return button;
  };
  const clicked: string[] = [];
  const click = await timed(bot.handler, {
    ...options,
    request: async () => {
      const button = await freshCard();
      clicked.push(button.cardId);
      return teamsEvent(bf, cardAction(origin, { verb: button.verb, data: button.data, replyToId: button.cardId }));
    },
    // The invoke's answer: a message Teams shows by the card while the worker acts.
    check: (result, i) => {
      if (result.statusCode !== 200 || !String(result.body).includes('application/vnd.microsoft.activity.message')) {
        wrong.push(`click #${i}: HTTP ${result.statusCode} ${String(result.body)}`);
      }
    },
    // Outside the timed part: the reboot handed off runs, then "ends", so that every timed click is a real reboot.
    between: () => world.endReboot(),
  });
  // Every click's card updated by the worker with the reboot's outcome.
  const outcome = (cardId: string) =>
    heard.some(
      ({ call }) =>
        call.operation === 'updateActivity' &&
        call.activityId === cardId &&
        JSON.stringify(call.body).includes('requested by'),
    );
  const unanswered = clicked.filter((cardId) => !outcome(cardId)).length;
  if (unanswered > 0) wrong.push(`${unanswered} clicked cards never showed the reboot's outcome`);
  const refused = bf.calls().filter((call) => call.status >= 400);
  if (refused.length)
    wrong.push(`${refused.length} Connector calls refused: ${refused[0]?.operation} ${refused[0]?.status}`);
  if (wrong.length) problems.push(`${wrong.length} wrong answers, such as: ${wrong.slice(0, 3).join(' | ')}`);

  io.err(`    list, to its card at the Connector API: ${describeSamples(list.done)}`);
  io.err(`    list, the ack alone: ${describeSamples(list.ack)}`);
  io.err(
    `    list, after its ack (the worker, to the Connector API): ${describeSamples(list.done.map((done, i) => done - list.ack[i]!))}`,
  );
  io.err(`    click, the ack: ${describeSamples(click.ack)}`);
  const reboots = await world.report(options.iterations, io);
  if (reboots !== options.warmUp + options.iterations) {
    problems.push(`${reboots} RebootWorkspaces calls for ${options.warmUp + options.iterations} clicks`);
  }

  // The slow phase: everything downstream of the ack SLOW_MS slower; the hand-off itself stays at full speed. Its
  // cards are fetched first, at full speed.
  const each = slowCount(options.iterations);
  const cards: RebootButton[] = [];
  for (let i = 0; i < each; i++) cards.push(await freshCard());
  await world.setSlow(SLOW_MS);
  bf.setLatency(SLOW_MS);
  const ack: number[] = [];
  const mark = heard.length;
  for (const card of cards) {
    const clickedCard = cardAction(origin, { verb: card.verb, data: card.data, replyToId: card.cardId });
    for (const activity of [personalMessage(origin, 'list'), clickedCard]) {
      const started = performance.now();
      const result = await bot.handler(teamsEvent(bf, activity));
      ack.push(performance.now() - started);
      if (result.statusCode !== 200) throw new Error(`slow request answered HTTP ${result.statusCode}`);
    }
  }
  await bot.drain();
  await world.setSlow(0);
  bf.setLatency(0);
  const since = heard.slice(mark);
  const lists = Math.min(each, since.filter(isList).length);
  // A click's final answer: its outcome on its card (a reboot, or the refusal of a WorkSpace already rebooting).
  const outcomes = cards.filter((card) => since.some(({ call }) => call.activityId === card.cardId && !interim(call)));
  const slow = { ack, completed: lists + outcomes.length, requests: 2 * each };
  io.err(
    `    slow (+${SLOW_MS} ms downstream): acks ${describeSamples(slow.ack)}; ${slow.completed} of ${slow.requests} ` +
      `requests got their final answer`,
  );
  return { list: list.done, click: click.ack, ack: [...list.ack, ...click.ack], slow };
};

/** The POST Teams makes to /teams/messages: the activity, with the channel's token for it. */
function teamsEvent(bf: BotFramework, activity: TeamsActivity): HttpEvent {
  return functionUrlEvent(
    '/teams/messages',
    {
      'content-type': 'application/json; charset=utf-8',
      authorization: `Bearer ${bf.tokenFor(activity)}`,
      'user-agent': 'Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)',
    },
    JSON.stringify(activity),
  );
}

/** An update that only says the action is under way ("Rebooting ws-…"), not what came of it. */
function interim(call: ConnectorCall): boolean {
  const cards = cardsOf(call);
  return (
    call.operation === 'updateActivity' &&
    cards.length > 0 &&
    cards.every(
      (card) => !card.text.includes('requested by') && card.text.split('\n').some((text) => text.endsWith('…')),
    )
  );
}

/** The card's Action.Execute Reboot button for `workspaceId`, with the id of the message the card is. */
function rebootButton(call: ConnectorCall, workspaceId: string): RebootButton | undefined {
  for (const card of cardsOf(call)) {
    const button = card.buttons.find((b) => b.verb && b.data.a === 'reboot' && b.data.w === workspaceId);
    if (button?.verb && card.activityId) return { cardId: card.activityId, verb: button.verb, data: button.data };
  }
  return undefined;
}

/** `npm run bench -- teams`: run by runChatBench. */
export const TEAMS_BENCH: ChatBench<'teams'> = {
  name: 'teams',
  bundle: {
    entry: 'bot/lambda/teams.ts',
    bare: { label: 'bare botbuilder CloudAdapter', contents: BARE_ENTRY },
    // As the stack configures a Teams bot: its ids, and the client secret in Secrets Manager (read on first use).
    env: {
      AWS_LAMBDA_FUNCTION_NAME: 'workspaces-bot-teams',
      TEAMS_APP_ID: LOCAL_TEAMS_APP_ID,
      TEAMS_TENANT_ID: LOCAL_TEAMS_TENANT_ID,
      TEAMS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:workspaces-bot-teams',
    },
    split: SPLIT_ENTRY,
  },
  bundleMiB: 3,
  latency: measureLatency,
};
