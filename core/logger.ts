/**
 * The one logger, configured once: structured JSON (Powertools) that CloudWatch can query. Log what
 * happened and to which WorkSpace; never tokens, secrets or message contents.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: 'workspaces-bot',
  logLevel: (process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO').toUpperCase() as 'INFO',
});

export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
