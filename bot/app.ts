/**
 * The bot: every route its public entry point serves (Slack, the sign-in), the hand-off of each chat request to the
 * worker, and the worker's conversation with the platforms' deliverers, built once from configuration.
 */
import { documentClient } from '../core/aws/dynamodb';
import { callbackRoute, startRoute } from './auth/routes';
import { type Inbox, inbox } from './chat/inbox';
import type { Deliverers } from './chat/port';
import { router } from './http/router';
import type { HttpHandler } from './http/types';
import type { BotServices } from './services';
import { slackHttpHandler } from './slack/app';
import type { SlackEntry } from './slack/listeners';
import { InProcessWorkQueue } from './work/in-process-queue';
import type { Job, WorkQueue } from './work/jobs';
import { LambdaWorkQueue } from './work/lambda-queue';
import type { JobContext } from './work/worker';
import { createWorker, type WorkerOptions } from './worker-app';

export interface BotOptions extends WorkerOptions {
  /** Start in-process work as soon as it is handed off (Socket Mode, which acks before it hands off). */
  startWorkAtOnce?: boolean;
  /** Runs before each in-process job: the benchmark makes the worker slow with it. */
  beforeWork?: () => Promise<void>;
}

export interface Bot {
  handler: HttpHandler;
  services: BotServices;
  deliverers: Deliverers;
  /** What the Slack listeners are registered with (HTTP here, or Socket Mode). */
  slackEntry: SlackEntry;
  /** Runs a handed-off job: the worker Lambda's body, and the in-process queue's. */
  work(job: Job, context?: JobContext): Promise<void>;
  /** Waits for in-process work to finish (tests, the local stack); a no-op with the Lambda hand-off. */
  drain(): Promise<void>;
}

export function createBot(options: BotOptions): Bot {
  const { config, log } = options;
  const db = documentClient(config.aws);
  const { services, deliverers, work } = createWorker(options, db);
  let inProcess: InProcessWorkQueue | undefined;
  let queue: WorkQueue;
  if (config.workerFunctionName) queue = new LambdaWorkQueue(config.workerFunctionName);
  else {
    const { beforeWork } = options;
    inProcess = new InProcessWorkQueue(
      async (job) => {
        await beforeWork?.();
        await work(job);
      },
      log,
      options.startWorkAtOnce,
    );
    queue = inProcess;
  }
  const requests: Inbox = inbox(queue, deliverers, log);
  const slackEntry: SlackEntry = {
    inbox: requests,
    now: () => services.now(),
    log,
    ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
  };

  let slack: Promise<HttpHandler> | undefined;
  const slackRoute: HttpHandler = async (event) => {
    // Built on the first Slack request: the signing secret may have to come from Secrets Manager first.
    slack ??= slackHttpHandler(slackEntry, config.slack).catch((error) => {
      slack = undefined;
      throw error;
    });
    return (await slack)(event);
  };

  const routes = router({
    '/slack/events': { POST: slackRoute },
    '/auth/start': { GET: (event) => startRoute(services.signin, event) },
    '/auth/callback': { GET: (event) => callbackRoute(services.signin, event) },
  });
  // In one process, handed-off work starts once the answer is on its way, as a Lambda hand-off would.
  const handler: HttpHandler = async (event) => {
    try {
      return await routes(event);
    } finally {
      inProcess?.release();
    }
  };
  return { handler, services, deliverers, slackEntry, work, drain: async () => inProcess?.drain() };
}
