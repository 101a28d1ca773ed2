/**
 * The on-call channels: the one configuration names (ONCALL_SLACK_CHANNEL) and those admins registered in chat with
 * `oncall here` (one per platform, read at each report, so a new one needs no redeploy). The reaper (sync/) only
 * produces the report model; these deliver it through the platforms' deliverers, so sync never imports the bot.
 */
import { documentClient } from '../core/aws/dynamodb';
import type { Config } from '../core/config';
import { SyncStore } from '../core/data/sync-store';
import type { Log } from '../core/logger';
import type { ChatPlatform } from '../core/policy';
import type { OnCallChannel } from '../sync/report';
import { type Deliverer, isAddressOf, type ReplyAddress } from './chat/port';
import { slackClient } from './slack/client';
import { SlackDeliverer } from './slack/deliverer';
import { slackSettings } from './slack/settings';
import { teamsParts } from './teams';

/**
 * Each platform's deliverer is built on first use: the Slack client's token comes from SLACK_SECRET_ARN or
 * SLACK_BOT_TOKEN on first post.
 */
export function oncallChannels(
  config: Config,
  log: Log,
  db = documentClient(config.aws),
): () => Promise<OnCallChannel[]> {
  const settings = slackSettings(config);
  const sync = new SyncStore(db, config.tables.sync);
  const built = new Map<ChatPlatform, Deliverer>();
  const makers: Partial<Record<ChatPlatform, () => Deliverer | undefined>> = {
    slack: () =>
      new SlackDeliverer({
        client: slackClient(config),
        now: () => new Date(),
        ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
      }),
    teams: () => teamsParts(config, log, { now: () => new Date() })?.deliverer,
  };
  const delivererOf = (platform: ChatPlatform): Deliverer | undefined => {
    const make = makers[platform];
    if (!make) return undefined;
    const deliverer = built.get(platform) ?? make();
    if (deliverer) built.set(platform, deliverer);
    return deliverer;
  };

  return async () => {
    const wanted: { platform: ChatPlatform; address: ReplyAddress; name: string }[] = [];
    if (settings.oncallChannel) {
      wanted.push({
        platform: 'slack',
        address: { platform: 'slack', kind: 'message', channel: settings.oncallChannel },
        name: `slack:${settings.oncallChannel}`,
      });
    }
    for (const registered of await sync.onCallChannels()) {
      const platform = registered.platform as ChatPlatform;
      if (!isAddressOf(platform, registered.address)) {
        log.warn('A registered on-call channel cannot be read; skipped', { platform: registered.platform });
        continue;
      }
      wanted.push({ platform, address: registered.address, name: `${platform}:registered` });
    }
    const channels: OnCallChannel[] = [];
    const seen = new Set<string>();
    for (const { platform, address, name } of wanted) {
      // The configured channel registered again in chat gets one report, not two.
      const key = JSON.stringify(address);
      if (seen.has(key)) continue;
      seen.add(key);
      const deliverer = delivererOf(platform);
      if (!deliverer?.postReport) {
        log.warn('No deliverer for a registered on-call channel; skipped', { platform });
        continue;
      }
      channels.push(reportChannel(deliverer, address, name));
    }
    return channels;
  };
}

/** A channel of the reaper's, delivered through the platform's deliverer: the same port every reply goes through. */
function reportChannel(deliverer: Deliverer, address: ReplyAddress, name: string): OnCallChannel {
  const { postReport } = deliverer;
  if (!postReport) throw new Error(`${deliverer.platform} cannot post on-call reports`);
  return { name, post: (report) => postReport.call(deliverer, address, report) };
}
