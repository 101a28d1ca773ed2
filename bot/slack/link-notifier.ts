/** Tells a Slack user, in their direct messages with the bot, that their sign-in linked them. */
import { linkAdUser } from '../../core/auth/actor';
import { roleLabel } from '../../core/auth/describe';
import type { LinkNotifier } from '../../core/auth/signin';
import type { Link } from '../../core/data/links';
import { adUserLabel } from '../../core/identity';
import type { SlackClient } from './client';

export class SlackLinkNotifier implements LinkNotifier {
  constructor(private readonly client: SlackClient) {}

  async linked(link: Link): Promise<void> {
    const who = adUserLabel(linkAdUser(link));
    const client = await this.client();
    if (!client) return;
    // Posting to a user id lands in the app's DM with them (needs only chat:write).
    await client.chat.postMessage({
      channel: link.chat.userId,
      text: `Linked as ${link.adUserName}: ${roleLabel(link.roles)}. Your Slack account now acts as ${who}. Try /workspace list.`,
    });
  }
}
