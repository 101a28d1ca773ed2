/**
 * The on-call channels configuration asks for: Slack now; Teams joins when its bot exists. The reaper (sync/) only
 * produces the report model; these deliver it through the platforms' deliverers, so sync never imports the bot.
 */
import type { Config } from '../core/config';
import type { OnCallChannel } from '../sync/report';
import type { Deliverer, ReplyAddress } from './chat/port';
import { slackClient } from './slack/client';
import { SlackDeliverer } from './slack/deliverer';
import { slackSettings } from './slack/settings';

/**
 * The Slack client is the bot's lazy one: its token comes from SLACK_SECRET_ARN or SLACK_BOT_TOKEN on first post, and
 * it is built only when a channel is configured.
 */
export function oncallChannels(config: Config): OnCallChannel[] {
  const settings = slackSettings(config);
  const channel = settings.oncallChannel;
  if (!channel) return [];
  const deliverer = new SlackDeliverer({
    client: slackClient(config),
    now: () => new Date(),
    ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
  });
  return [reportChannel(deliverer, { platform: 'slack', kind: 'message', channel }, `slack:${channel}`)];
}

/** A channel of the reaper's, delivered through the platform's deliverer: the same port every reply goes through. */
function reportChannel(deliverer: Deliverer, address: ReplyAddress, name: string): OnCallChannel {
  const { postReport } = deliverer;
  if (!postReport) throw new Error(`${deliverer.platform} cannot post on-call reports`);
  return { name, post: (report) => postReport.call(deliverer, address, report) };
}
