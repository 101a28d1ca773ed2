/**
 * Lambda entry point of POST /teams/messages: Teams' activities, verified by botbuilder and handed to the worker
 * function (WORKER_FUNCTION_NAME). A function of its own, so neither chat platform's SDK weighs on the other's start.
 */
import { config } from '../../core/config';
import { ConfigError } from '../../core/errors';
import { logger } from '../../core/logger';
import { createTeamsFunction } from '../teams-function';
import { LambdaWorkQueue } from '../work/lambda-queue';

const settings = config();
if (!settings.workerFunctionName) {
  throw new ConfigError('WORKER_FUNCTION_NAME', 'the worker function that runs each chat request');
}

export const handler = createTeamsFunction({
  config: settings,
  log: logger,
  queue: new LambdaWorkQueue(settings.workerFunctionName),
}).handler;
