/**
 * The worker's half of the bot: the conversation and the platforms' deliverers, without any entry point or Bolt, so
 * the worker Lambda's bundle holds only what running a conversation needs.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../core/aws/dynamodb';
import type { Config } from '../core/config';
import { LinkStore } from '../core/data/links';
import type { Log } from '../core/logger';
import type { Deliverers } from './chat/port';
import { signinDeps } from './deps';
import { type BotServices, botServices } from './services';
import { slackClient } from './slack/client';
import { SlackDeliverer } from './slack/deliverer';
import { slackSettings } from './slack/settings';
import { type TeamsParts, teamsParts } from './teams';
import type { Job } from './work/jobs';
import { type DeliveryTuning, type JobContext, runJob } from './work/worker';

export interface Worker {
  services: BotServices;
  deliverers: Deliverers;
  /** Teams' adapter, deliverer and route, built once for the process; null when Teams is not configured. */
  teams: TeamsParts | null;
  work(job: Job, context?: JobContext): Promise<void>;
}

export interface WorkerOptions {
  config: Config;
  log: Log;
  delivery?: DeliveryTuning;
}

export function createWorker(
  { config, log, delivery = {} }: WorkerOptions,
  db: DynamoDBDocumentClient = documentClient(config.aws),
): Worker {
  const slack = slackSettings(config);
  const links = new LinkStore(db, config.tables.links);
  // Late-bound: a test that moves the services' clock moves the deliverers' too.
  const now = () => services.now();
  const deliverers: Deliverers = {
    slack: new SlackDeliverer({
      client: slackClient(config),
      links,
      now,
      ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
      ...(delivery.responseUrlTimeoutMs ? { responseUrlTimeoutMs: delivery.responseUrlTimeoutMs } : {}),
    }),
  };
  const teams = teamsParts(config, log, { links, now }) ?? null;
  if (teams) deliverers.teams = teams.deliverer;
  const services = botServices(config, signinDeps(config, {}, log, db), log, db);
  return { services, deliverers, teams, work: (job, context) => runJob(services, deliverers, job, context, delivery) };
}
