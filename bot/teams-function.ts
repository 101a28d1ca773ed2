/**
 * The Teams function: POST /teams/messages, each activity verified by botbuilder and handed to the worker. It holds
 * no conversation and no Slack: its bundle is botbuilder and the hand-off. Without TEAMS_APP_ID it serves nothing
 * (every path is unknown), as a Slack-only deployment needs.
 */
import type { Config } from '../core/config';
import type { Log } from '../core/logger';
import { inbox } from './chat/inbox';
import { type Routes, router } from './http/router';
import type { HttpHandler } from './http/types';
import { type TeamsParts, teamsParts } from './teams';
import type { WorkQueue } from './work/jobs';

export interface TeamsFunction {
  handler: HttpHandler;
  routes: Routes;
}

export interface TeamsFunctionOptions {
  config: Config;
  log: Log;
  queue: WorkQueue;
  now?: () => Date;
  /** Teams, when the process already built it (one process running the worker too); null: not configured. */
  teams?: TeamsParts | null;
}

export function createTeamsFunction(options: TeamsFunctionOptions): TeamsFunction {
  const { config, log, queue } = options;
  const now = options.now ?? (() => new Date());
  const teams = options.teams === undefined ? teamsParts(config, log, { now }) : options.teams;
  // The deliverer here only says, when the hand-off itself fails, that nothing was done.
  const routes: Routes = teams
    ? { '/teams/messages': { POST: teams.route(inbox(queue, { teams: teams.deliverer }, log), now) } }
    : {};
  return { handler: router(routes), routes };
}
