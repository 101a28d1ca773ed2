/** The on-call channels configuration asks for: Slack now; Teams joins when its bot exists. */
import { type SlackClient, slackClient } from '../bot/slack/client';
import { SlackOnCallChannel } from '../bot/slack/oncall/slack-oncall-channel';
import type { Config } from '../core/config';
import type { OnCallChannel } from './report';

/** The Slack client is the bot's lazy one: its token comes from SLACK_SECRET_ARN or SLACK_BOT_TOKEN on first post. */
export function oncallChannels(config: Config, slack: SlackClient = slackClient(config)): OnCallChannel[] {
  return config.oncall.slackChannel ? [new SlackOnCallChannel(slack, config.oncall.slackChannel)] : [];
}
