/** The bot's HTTP surface: every route the function URL serves, built once from configuration. */
import type { Config } from '../core/config';
import type { Log } from '../core/logger';
import { callbackRoute, startRoute } from './auth/routes';
import { signinDeps } from './deps';
import { router } from './http/router';
import type { HttpHandler } from './http/types';

export interface BotOptions {
  config: Config;
  log: Log;
}

export function botHttpHandler({ config, log }: BotOptions): HttpHandler {
  const signin = signinDeps(config, undefined, log);
  return router({
    '/auth/start': { GET: (event) => startRoute(signin, event) },
    '/auth/callback': { GET: (event) => callbackRoute(signin, event) },
  });
}
