/** The on-call channels configuration asks for: Slack now; Teams joins when its bot exists. */
import { WebClient } from '@slack/web-api';
import { SlackOnCallChannel } from '../bot/slack/oncall/slack-oncall-channel';
import type { Config } from '../core/config';
import type { Log } from '../core/logger';
import type { OnCallChannel } from './report';

export function oncallChannels(config: Config, log: Log, slackBotToken = config.slack.botToken): OnCallChannel[] {
  const channels: OnCallChannel[] = [];
  if (config.oncall.slackChannel) {
    if (!slackBotToken) {
      log.warn('ONCALL_SLACK_CHANNEL is set but there is no Slack bot token; on-call reports are only logged');
    } else {
      const client = new WebClient(slackBotToken, config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {});
      channels.push(new SlackOnCallChannel(client, config.oncall.slackChannel));
    }
  }
  return channels;
}
