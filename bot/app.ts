/**
 * The bot: every route its function URL serves (Slack, the sign-in), and the hand-off of slow work to
 * the worker, built once from configuration.
 */
import { documentClient } from '../core/aws/dynamodb';
import type { Config } from '../core/config';
import type { Log } from '../core/logger';
import { callbackRoute, startRoute } from './auth/routes';
import { signinDeps } from './deps';
import { router } from './http/router';
import type { HttpHandler } from './http/types';
import { type BotServices, botServices } from './services';
import { slackHttpHandler } from './slack/app';
import { slackClient } from './slack/client';
import { deliverToSlack } from './slack/deliver';
import { InProcessWorkQueue } from './work/in-process-queue';
import type { Job, WorkQueue } from './work/jobs';
import { LambdaWorkQueue } from './work/lambda-queue';
import { runJob } from './work/worker';

export interface BotOptions {
  config: Config;
  log: Log;
}

export interface Bot {
  handler: HttpHandler;
  services: BotServices;
  /** Runs a handed-off job: the worker Lambda's body, and the in-process queue's. */
  work(job: Job): Promise<void>;
  /** Waits for in-process work to finish (tests, the local stack); a no-op with the Lambda hand-off. */
  drain(): Promise<void>;
}

export function createBot({ config, log }: BotOptions): Bot {
  const slackApi = slackClient(config);
  const db = documentClient(config.aws);
  const signin = signinDeps(config, slackApi, log, db);
  let inProcess: InProcessWorkQueue | undefined;
  const work = (job: Job) => runJob(services, (target, view) => deliverToSlack(slackApi, target, view), job);
  const services = botServices(
    config,
    signin,
    (): WorkQueue => {
      if (config.workerFunctionName) return new LambdaWorkQueue(config.workerFunctionName);
      inProcess = new InProcessWorkQueue((job) => work(job), log);
      return inProcess;
    },
    log,
    db,
  );

  let slack: Promise<HttpHandler> | undefined;
  const slackRoute: HttpHandler = async (event) => {
    // Built on the first Slack request: the signing secret may have to come from Secrets Manager first.
    slack ??= slackHttpHandler(services, config.slack).catch((error) => {
      slack = undefined;
      throw error;
    });
    return (await slack)(event);
  };

  const handler = router({
    '/slack/events': { POST: slackRoute },
    '/auth/start': { GET: (event) => startRoute(signin, event) },
    '/auth/callback': { GET: (event) => callbackRoute(signin, event) },
  });
  return { handler, services, work, drain: async () => inProcess?.drain() };
}
