/**
 * Every answer of one request goes out through here: tried again with backoff when the platform fails for a moment,
 * and, when the address cannot be reached at all (a response_url that answers 404, a message deleted), sent to the
 * person another way (their DM with the bot) with a line saying why it came there. Nothing here throws: a request
 * whose person cannot be reached at all is logged with its key, and the conversation goes on (an action still acts).
 */
import type { Log } from '../../core/logger';
import { deliveredElsewhere, type MessageView } from '../views';
import { type Deliverer, DeliveryError, type InboundRequest, type ReplyAddress, replacesAt } from './port';

/** Waits before the 2nd and 3rd attempt at one address. */
export const RETRY_DELAYS_MS: readonly number[] = [300, 1200];

export class Outbox {
  /**
   * Where later answers for an address go: the message first posted there (a DM answer is then updated in place), or
   * the fallback message, for an address found unreachable.
   */
  private readonly moved = new Map<string, { to: ReplyAddress; elsewhere: boolean }>();

  constructor(
    private readonly deliverer: Deliverer,
    private readonly request: InboundRequest,
    private readonly log: Log,
    private readonly delays: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  async send(address: ReplyAddress, view: MessageView): Promise<void> {
    const moved = this.moved.get(key(address));
    if (moved?.elsewhere) return this.sendToFallback(address, moved.to, view);
    const first = await this.attempt(moved?.to ?? address, (to) => this.deliverer.send(to, view));
    if (!first.failed) {
      // Only the in-place answer is updated later; answers below are new messages each time.
      if (first.at && key(address) === key(this.request.reply.inPlace)) {
        this.moved.set(key(address), { to: first.at, elsewhere: false });
      }
      return;
    }
    const fallback = this.request.reply.fallback;
    if (!fallback || key(fallback) === key(address)) return this.lost(first.error);
    this.log.warn('Answer not delivered where asked; sending it to the fallback', this.context(first.error));
    await this.sendToFallback(address, fallback, view);
  }

  /** To the person's fallback; later answers for `address` update that message when the platform can. */
  private async sendToFallback(address: ReplyAddress, fallback: ReplyAddress, view: MessageView): Promise<void> {
    const sent = await this.attempt(fallback, (to) => this.deliverer.send(to, deliveredElsewhere(view)));
    if (sent.failed) return this.lost(sent.error);
    this.moved.set(key(address), { to: sent.at ?? fallback, elsewhere: true });
  }

  async home(views: readonly MessageView[]): Promise<void> {
    const publish = this.deliverer.publishHome;
    if (!publish) return;
    const sent = await this.attempt(this.request.reply.inPlace, (to) => publish.call(this.deliverer, to, views));
    if (sent.failed) this.lost(sent.error);
  }

  /** Whether sending to `address` replaces what is there (so sending the same view again changes nothing). */
  replacesInPlace(address: ReplyAddress): boolean {
    const moved = this.moved.get(key(address));
    return replacesAt(moved?.to ?? address);
  }

  /** Tries one address until it takes the answer, the attempts run out, or its failure is permanent. */
  private async attempt(
    address: ReplyAddress,
    send: (to: ReplyAddress) => Promise<ReplyAddress | undefined>,
  ): Promise<{ failed: false; at?: ReplyAddress } | { failed: true; error: unknown }> {
    let error: unknown = new Error('not delivered');
    for (let i = 0; i <= this.delays.length; i++) {
      if (i > 0) await sleep(this.delays[i - 1]!);
      try {
        const at = await send(address);
        return at ? { failed: false, at } : { failed: false };
      } catch (failure) {
        error = failure;
        if (failure instanceof DeliveryError && failure.permanent) break;
      }
    }
    return { failed: true, error };
  }

  private lost(error: unknown): void {
    this.log.error('Answer could not be delivered to the person', this.context(error));
  }

  private context(error: unknown) {
    return { requestKey: this.request.requestKey, platform: this.request.chat.platform, error: String(error) };
  }
}

function key(address: ReplyAddress): string {
  return JSON.stringify(address);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
