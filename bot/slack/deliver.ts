/** Sends handed-off work's outcome back to Slack, with the bot's lazily built client (the worker's path). */

import type { MessageView } from '../views';
import type { ReplyTarget } from '../work/jobs';
import type { SlackClient } from './client';
import { sendReply } from './reply';

export async function deliverToSlack(slack: SlackClient, target: ReplyTarget, view: MessageView): Promise<void> {
  // Only a bot message needs the client (and, on Lambda, the secret it is built from).
  await sendReply(target.kind === 'slack-message' ? await slack() : undefined, target, view);
}
