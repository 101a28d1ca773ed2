/**
 * Posts on-call reports to one Slack channel through the Web API: the report as a message, and what did not fit in
 * it as replies in its thread.
 */
import { WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import type { OnCallChannel, OnCallReport } from '../../../sync/report';
import type { SlackClient } from '../client';
import { OnCallPostError } from './errors';
import { renderOnCallMessages } from './render-report';

export class SlackOnCallChannel implements OnCallChannel {
  readonly name: string;

  private readonly client: SlackClient;

  /** `client`: a Web API client, or the bot's lazy one (its token from the Slack secret, read on first post). */
  constructor(
    client: WebClient | SlackClient,
    private readonly channelId: string,
  ) {
    this.client = client instanceof WebClient ? async () => client : client;
    this.name = `slack:${channelId}`;
  }

  async post(report: OnCallReport): Promise<void> {
    const [first, ...replies] = renderOnCallMessages(report);
    const client = await this.client();
    // Configured but unable to post is a failed delivery (kept for the next run), never a silent one.
    if (!client) throw new OnCallPostError(this.channelId, 'no_bot_token', ['no Slack bot token is configured']);
    try {
      // The report has no links; unfurling could only add noise under it.
      const posted = await client.chat.postMessage({
        channel: this.channelId,
        ...first!,
        unfurl_links: false,
        unfurl_media: false,
      });
      // In order, each after the last: a thread reads top to bottom.
      for (const reply of replies) {
        await client.chat.postMessage({
          channel: this.channelId,
          thread_ts: posted.ts!,
          ...reply,
          unfurl_links: false,
          unfurl_media: false,
        });
      }
    } catch (error) {
      throw toPostError(this.channelId, error);
    }
  }
}

function toPostError(channel: string, error: unknown): OnCallPostError {
  if (error instanceof WebAPIPlatformError) {
    return new OnCallPostError(channel, error.data.error, error.data.response_metadata?.messages ?? [], {
      cause: error,
    });
  }
  // Only when the client was built to give up on rate limits rather than wait them out.
  if (error instanceof WebAPIRateLimitedError) {
    return new OnCallPostError(channel, 'ratelimited', [], { cause: error });
  }
  return new OnCallPostError(channel, undefined, [], { cause: error });
}
