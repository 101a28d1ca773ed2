/**
 * The whole bot in one process (npm start, the tests, the benchmark): the chat function's routes, and the worker
 * running each handed-off request in this process once the entry point has answered, as Lambda would run it apart.
 * On Lambda the two are separate functions (bot/lambda/http.ts, bot/lambda/worker.ts); with WORKER_FUNCTION_NAME
 * set, this hands off to that function instead.
 */
import type { SigninDeps } from '../core/auth/signin';
import { documentClient } from '../core/aws/dynamodb';
import { signinNotifiers } from './chat/link-notifier';
import type { Deliverers } from './chat/port';
import { createChatFunction } from './chat-function';
import { router } from './http/router';
import type { HttpHandler } from './http/types';
import type { BotServices } from './services';
import type { SlackEntry } from './slack/listeners';
import { createTeamsFunction } from './teams-function';
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
  /** The sign-in its routes serve: what came of a sign-in is handed to the worker, as on Lambda. */
  signin: SigninDeps;
  /** Runs a handed-off job: the worker Lambda's body, and the in-process queue's. */
  work(job: Job, context?: JobContext): Promise<void>;
  /** Waits for in-process work to finish (tests, the local stack); a no-op with the Lambda hand-off. */
  drain(): Promise<void>;
}

export function createBot(options: BotOptions): Bot {
  const { config, log } = options;
  const db = documentClient(config.aws);
  const { services, deliverers, teams, work } = createWorker(options, db);
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
  const chat = createChatFunction({
    config,
    log,
    queue,
    deliverers,
    db,
    // One sign-in per process; what came of it is told by the worker, handed off as on Lambda.
    signin: { ...services.signin, notifiers: signinNotifiers(queue, ['slack', 'teams']) },
    now: () => services.now(),
  });
  const teamsFunction = createTeamsFunction({ config, log, queue, teams, now: () => services.now() });
  const routes = router({ ...chat.routes, ...teamsFunction.routes });
  // In one process, handed-off work starts once the answer is on its way, as a Lambda hand-off would.
  const handler: HttpHandler = async (event) => {
    try {
      return await routes(event);
    } finally {
      inProcess?.release();
    }
  };
  return {
    handler,
    services,
    deliverers,
    slackEntry: chat.slackEntry,
    signin: chat.signin,
    work,
    drain: async () => inProcess?.drain(),
  };
}
