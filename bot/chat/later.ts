/**
 * Telling someone later, outside any request of theirs (a schedule that fired, a check back, an owner alert): an
 * outbox for the addresses stored when they asked, with their DM as the fallback, through their platform's deliverer.
 */
import type { Log } from '../../core/logger';
import type { ChatIdentity } from '../../core/policy';
import type { MessageView } from '../views';
import { Outbox } from './outbox';
import { type Deliverers, delivererFor, type InboundRequest, type ReplyAddress, type ReplyAddresses } from './port';

export interface LaterAddressee {
  owner: ChatIdentity;
  requestedBy: string;
  reply: ReplyAddresses;
  /** Names this message in the logs (and the outbox's retries). */
  requestKey: string;
}

/** Sends views to `to` (default: the stored `below` address, so what the person confirmed stays as it was). */
export function tellLater(
  deliverers: Deliverers,
  log: Log,
  addressee: LaterAddressee,
  retryDelaysMs?: readonly number[],
): (view: MessageView, to?: ReplyAddress) => Promise<void> {
  const request: InboundRequest = {
    chat: addressee.owner,
    requestedBy: addressee.requestedBy,
    intent: { kind: 'command', text: '' },
    requestKey: addressee.requestKey,
    reply: addressee.reply,
  };
  const outbox = new Outbox(delivererFor(deliverers, addressee.owner.platform), request, log, retryDelaysMs);
  return (view, to = addressee.reply.below) => outbox.send(to, view);
}
