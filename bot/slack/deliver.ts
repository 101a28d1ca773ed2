/** Sends a rendered view back to Slack: through an interaction's response_url, or as a bot message. */
import type { SlackClient } from '../deps';
import type { MessageView } from '../views';
import type { ReplyTarget } from '../work/jobs';
import { renderMessage } from './render/message';

export async function postToResponseUrl(url: string, view: MessageView, replaceOriginal: boolean): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...renderMessage(view),
      response_type: view.private ? 'ephemeral' : 'in_channel',
      replace_original: replaceOriginal,
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}

export async function deliverToSlack(slack: SlackClient, target: ReplyTarget, view: MessageView): Promise<void> {
  if (target.kind === 'slack-response-url') return postToResponseUrl(target.url, view, target.replaceOriginal);
  const client = await slack();
  if (!client) throw new Error('No Slack bot token (SLACK_SECRET_ARN or SLACK_BOT_TOKEN) to post with');
  const { text, blocks } = renderMessage(view);
  if (target.ts) await client.chat.update({ channel: target.channel, ts: target.ts, text, blocks });
  else await client.chat.postMessage({ channel: target.channel, text, blocks });
}
