/** Sends handed-off work's outcome back to Slack, with the bot's lazily built client (the worker's path). */
import type { SlackClient } from '../deps';
import type { MessageView } from '../views';
import type { ReplyTarget } from '../work/jobs';
import { postToResponseUrl, sendReply } from './reply';

export async function deliverToSlack(slack: SlackClient, target: ReplyTarget, view: MessageView): Promise<void> {
  if (target.kind === 'slack-response-url') return postToResponseUrl(target.url, view, target.replaceOriginal);
  const client = await slack();
  if (!client) throw new Error('No Slack bot token (SLACK_SECRET_ARN or SLACK_BOT_TOKEN) to post with');
  await sendReply(client, target, view);
}
