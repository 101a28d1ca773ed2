/** Lambda entry point of the worker, invoked asynchronously with a handed-off job. */
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { createBot } from '../app';
import type { Job } from '../work/jobs';

const bot = createBot({ config: config(), log: logger });

export async function handler(job: Job): Promise<void> {
  await bot.work(job);
}
