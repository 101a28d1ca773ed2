/**
 * Lambda entry point of the worker, invoked asynchronously with a handed-off chat request: it runs the conversation
 * and answers through the platforms' deliverers. Its request id is kept when Lambda retries the event, so a retry
 * takes over what the interrupted attempt claimed.
 */
import type { Context } from 'aws-lambda';
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import type { Job } from '../work/jobs';
import { createWorker } from '../worker-app';

const { work } = createWorker({ config: config(), log: logger });

export async function handler(job: Job, context: Context): Promise<void> {
  await work(job, { deliveryId: context.awsRequestId });
}
