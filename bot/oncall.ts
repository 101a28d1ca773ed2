/**
 * The on-call channels configuration asks for: Slack now; Teams joins when its bot exists. The reaper (sync/) only
 * produces the report model; these deliver it, so sync never imports the bot.
 */
import type { Config } from '../core/config';
import type { OnCallChannel } from '../sync/report';
import { type SlackClient, slackClient } from './slack/client';
import { SlackOnCallChannel } from './slack/oncall/slack-oncall-channel';

/**
 * The Slack client is the bot's lazy one: its token comes from SLACK_SECRET_ARN or SLACK_BOT_TOKEN on first post, and
 * it is built only when a channel is configured.
 */
export function oncallChannels(config: Config, slack?: SlackClient): OnCallChannel[] {
  const channel = config.oncall.slackChannel;
  return channel ? [new SlackOnCallChannel(slack ?? slackClient(config), channel)] : [];
}
