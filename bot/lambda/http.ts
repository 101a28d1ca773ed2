/**
 * Lambda entry point behind the public endpoint: Slack's requests, verified and handed to the worker function
 * (WORKER_FUNCTION_NAME), and the sign-in routes.
 */
import { config } from '../../core/config';
import { ConfigError } from '../../core/errors';
import { logger } from '../../core/logger';
import { createChatFunction } from '../chat-function';
import { LambdaWorkQueue } from '../work/lambda-queue';

const settings = config();
if (!settings.workerFunctionName) {
  throw new ConfigError('WORKER_FUNCTION_NAME', 'the worker function that runs each chat request');
}

export const handler = createChatFunction({
  config: settings,
  log: logger,
  queue: new LambdaWorkQueue(settings.workerFunctionName),
}).handler;
