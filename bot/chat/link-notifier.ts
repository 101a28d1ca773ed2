/**
 * Tells a person in chat what came of their sign-in, through their platform's deliverer: the address is the one the
 * platform's asker named when the sign-in link was made (Slack: the DM with the bot; Teams: the personal chat), kept
 * with the sign-in state. Rendered like every other message, so names from the sign-in's claims are escaped.
 */
import type { LinkNotifier, SigninError } from '../../core/auth/signin';
import type { Link } from '../../core/data/links';
import type { ChatIdentity, ChatPlatform } from '../../core/policy';
import { linkedNotice, type MessageView, noGroup } from '../views';
import { type Deliverer, type Deliverers, isAddressOf } from './port';

export function linkNotifiers(deliverers: Deliverers): Partial<Record<ChatPlatform, LinkNotifier>> {
  return Object.fromEntries(
    Object.values(deliverers).map((deliverer) => [deliverer.platform, new DeliveringLinkNotifier(deliverer)]),
  );
}

class DeliveringLinkNotifier implements LinkNotifier {
  constructor(private readonly deliverer: Deliverer) {}

  async linked(link: Link, notify?: unknown): Promise<void> {
    await this.tell(notify, linkedNotice(link));
  }

  async refused(_chat: ChatIdentity, error: SigninError, notify?: unknown): Promise<void> {
    const { adUser, groups } = error.facts;
    // Only a refusal the person can act on in chat: the others are said on the sign-in page alone.
    if (error.reason !== 'NO_GROUP' || !adUser || !groups) return;
    await this.tell(notify, noGroup(adUser, groups));
  }

  private async tell(notify: unknown, view: MessageView): Promise<void> {
    // Stored by this bot with the sign-in state; a state from before addresses were kept has none, and is not told.
    if (!isAddressOf(this.deliverer.platform, notify)) return;
    await this.deliverer.send(notify, view);
  }
}
