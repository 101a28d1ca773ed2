/** Lambda entry point behind the function URL: Slack's requests and the sign-in routes. */
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { createBot } from '../app';

export const handler = createBot({ config: config(), log: logger }).handler;
