/** Lambda entry point behind the function URL: the sign-in routes (and the chat platforms' endpoints). */
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { botHttpHandler } from '../app';

export const handler = botHttpHandler({ config: config(), log: logger });
