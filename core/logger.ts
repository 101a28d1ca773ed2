/**
 * The one logger, configured once: structured JSON (Powertools) that CloudWatch can query. Log what
 * happened and to which WorkSpace; never tokens, secrets or message contents.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { logLevel } from './config';

export const logger = new Logger({ serviceName: 'workspaces-bot', logLevel: logLevel() });

export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
