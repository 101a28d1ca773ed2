/**
 * Lambda entry point of the worker, invoked asynchronously with a handed-off job. It builds only what performing
 * the job needs (no Bolt, no sign-in), so it needs neither the sign-in settings nor PUBLIC_URL.
 */
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { workerServices } from '../services';
import { slackClient } from '../slack/client';
import { deliverToSlack } from '../slack/deliver';
import type { Job } from '../work/jobs';
import { runJob } from '../work/worker';

const settings = config();
const services = workerServices(settings, logger);
const slack = slackClient(settings);

export async function handler(job: Job): Promise<void> {
  await runJob(services, (target, view) => deliverToSlack(slack, target, view), job);
}
