/**
 * The one logger, configured once: structured JSON (Powertools) that CloudWatch can query. Log what
 * happened and to which WorkSpace; never tokens, secrets or message contents.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Env } from './config';
import { ConfigError } from './errors';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
type Level = (typeof LEVELS)[number];

/** LOG_LEVEL, checked like every other variable (the logger exists before the rest of the configuration). */
export function logLevel(env: Env = process.env): Level {
  const raw = env.LOG_LEVEL?.trim();
  if (!raw) return 'INFO';
  const level = raw.toUpperCase();
  if (!(LEVELS as readonly string[]).includes(level)) throw new ConfigError('LOG_LEVEL', LEVELS.join(', '), raw);
  return level as Level;
}

export const logger = new Logger({ serviceName: 'workspaces-bot', logLevel: logLevel() });

export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
