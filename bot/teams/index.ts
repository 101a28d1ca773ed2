/**
 * The Teams half of the bot, as the chat function, the worker and the reaper compose it: the adapter (built once per
 * process, on first use: its client secret may come from Secrets Manager), the deliverer, and the HTTP route. Each
 * is undefined when Teams is not configured (no TEAMS_APP_ID), so a Slack-only deployment builds nothing of it.
 */
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../../core/config';
import type { LinkStore } from '../../core/data/links';
import type { Log } from '../../core/logger';
import type { Inbox } from '../chat/inbox';
import type { HttpHandler } from '../http/types';
import { createTeamsAdapter, type TeamsAdapter } from './adapter';
import { TeamsDeliverer } from './deliverer';
import { teamsHttpHandler } from './http';
import { teamsSettings } from './settings';
import { teamsTurn } from './turn';

export interface TeamsParts {
  deliverer: TeamsDeliverer;
  /** The route behind POST /teams/messages, given where verified requests are handed off. */
  route(inbox: Inbox, now: () => Date): HttpHandler;
}

export function teamsParts(
  config: Config,
  log: Log,
  options: { links?: Pick<LinkStore, 'get'>; now: () => Date },
): TeamsParts | undefined {
  const settings = teamsSettings(config);
  if (!settings.configured || !settings.tenantId) return undefined;
  const tenantId = settings.tenantId;
  let adapter: Promise<TeamsAdapter> | undefined;
  const teams = () => {
    adapter ??= createTeamsAdapter(settings, { log }).catch((error: unknown) => {
      adapter = undefined;
      throw error;
    });
    return adapter;
  };
  const deliverer = new TeamsDeliverer({
    teams,
    audience: settings.channelService?.oauthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope,
    ...(options.links ? { links: options.links } : {}),
    now: options.now,
  });
  return {
    deliverer,
    route(inbox, now) {
      let handler: Promise<HttpHandler> | undefined;
      return async (event) => {
        handler ??= teams()
          .then((built) => teamsHttpHandler(built, teamsTurn({ inbox, tenantId, now, log }), { log }))
          .catch((error: unknown) => {
            handler = undefined;
            throw error;
          });
        return (await handler)(event);
      };
    },
  };
}
