/**
 * The chat function: every route its public entry point serves (Slack, the sign-in), each chat request verified and
 * handed to the worker. It holds no conversation: its bundle has no WorkSpaces client, no policy and no views beyond
 * the one notice it may have to send when the hand-off itself fails.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SigninDeps } from '../core/auth/signin';
import { documentClient } from '../core/aws/dynamodb';
import type { Config } from '../core/config';
import { LinkStore } from '../core/data/links';
import type { Log } from '../core/logger';
import { callbackRoute, startRoute } from './auth/routes';
import { inbox } from './chat/inbox';
import { signinNotifiers } from './chat/link-notifier';
import type { Deliverers } from './chat/port';
import { signinDeps } from './deps';
import { type Routes, router } from './http/router';
import type { HttpHandler } from './http/types';
import { slackHttpHandler } from './slack/app';
import { slackClient } from './slack/client';
import { SlackDeliverer } from './slack/deliverer';
import type { SlackEntry } from './slack/listeners';
import { slackSettings } from './slack/settings';
import type { WorkQueue } from './work/jobs';

export interface ChatFunction {
  handler: HttpHandler;
  /** The routes `handler` serves, for a process that serves more beside them (the local one-process bot). */
  routes: Routes;
  /** What the Slack listeners are registered with (HTTP here, or Socket Mode). */
  slackEntry: SlackEntry;
  signin: SigninDeps;
}

export interface ChatFunctionOptions {
  config: Config;
  log: Log;
  queue: WorkQueue;
  now?: () => Date;
  /** Where the hand-off failure notice and sign-in outcomes go; each configured platform's deliverer unless given. */
  deliverers?: Deliverers;
  /** The sign-in, when the process already built it (one process running the worker too). */
  signin?: SigninDeps;
  db?: DynamoDBDocumentClient;
}

export function createChatFunction(options: ChatFunctionOptions): ChatFunction {
  const { config, log, queue } = options;
  const db = options.db ?? documentClient(config.aws);
  const now = options.now ?? (() => new Date());
  const settings = slackSettings(config);
  const links = new LinkStore(db, config.tables.links);
  const deliverers: Deliverers = options.deliverers ?? {
    slack: new SlackDeliverer({
      client: slackClient(config),
      links,
      now,
      ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
    }),
  };
  // The sign-in serves every platform; what came of it is told by the worker, through the platform's deliverer.
  const signin = options.signin ?? signinDeps(config, signinNotifiers(queue, ['slack', 'teams']), log, db);
  const accept = inbox(queue, deliverers, log);
  const slackEntry: SlackEntry = {
    inbox: accept,
    now,
    log,
    ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
  };

  let slack: Promise<HttpHandler> | undefined;
  const slackRoute: HttpHandler = async (event) => {
    // Built on the first Slack request: the signing secret may have to come from Secrets Manager first.
    slack ??= slackHttpHandler(slackEntry, settings).catch((error) => {
      slack = undefined;
      throw error;
    });
    return (await slack)(event);
  };

  const routes: Routes = {
    '/slack/events': { POST: slackRoute },
    '/auth/start': { GET: (event) => startRoute(signin, event) },
    '/auth/callback': { GET: (event) => callbackRoute(signin, event) },
  };
  return { handler: router(routes), routes, slackEntry, signin };
}
