/** Tells a Slack user, in their direct messages with the bot, that their sign-in linked them, or why it did not. */
import type { LinkNotifier, SigninError } from '../../core/auth/signin';
import type { Link } from '../../core/data/links';
import type { ChatIdentity } from '../../core/policy';
import { linkedNotice, noGroup } from '../views/account';
import type { SlackClient } from './client';
import { renderMessage } from './render/message';

export class SlackLinkNotifier implements LinkNotifier {
  constructor(private readonly client: SlackClient) {}

  async linked(link: Link): Promise<void> {
    const client = await this.client();
    if (!client) return;
    // Rendered like every other message, so the names from the sign-in's claims are escaped: a claim such as
    // `<!channel>` is shown, never acted on. Posting to a user id lands in the app's DM with them (chat:write).
    const { text, blocks } = renderMessage(linkedNotice(link));
    await client.chat.postMessage({ channel: link.chat.userId, text, blocks });
  }

  async refused(chat: ChatIdentity, error: SigninError): Promise<void> {
    const { adUser, groups } = error.facts;
    if (error.reason !== 'NO_GROUP' || !adUser || !groups) return;
    const client = await this.client();
    if (!client) return;
    const { text, blocks } = renderMessage(noGroup(adUser, groups));
    await client.chat.postMessage({ channel: chat.userId, text, blocks });
  }
}
