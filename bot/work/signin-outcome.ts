/** The worker's half of telling a person what came of their sign-in (the chat function's half: bot/chat/link-notifier.ts). */
import type { Log } from '../../core/logger';
import { tellLater } from '../chat/later';
import { type Deliverers, isAddressOf } from '../chat/port';
import { linkedNotice, noGroup } from '../views';
import type { SigninOutcomeJob } from './jobs';

/**
 * In the worker: the outcome, told through the platform's outbox (tried again, and logged when it cannot be
 * delivered; the sign-in itself is done). A state from before addresses were kept has none, and is not told.
 */
export async function tellSigninOutcome(deliverers: Deliverers, job: SigninOutcomeJob, log: Log): Promise<void> {
  const { chat, notify, outcome } = job;
  if (!deliverers[chat.platform] || !isAddressOf(chat.platform, notify)) {
    log.warn('A sign-in outcome has nowhere to be told', { platform: chat.platform });
    return;
  }
  const tell = tellLater(deliverers, log, {
    owner: chat,
    requestedBy: '',
    reply: { inPlace: notify, below: notify },
    requestKey: `signin:${chat.platform}:${chat.tenantId}:${chat.userId}`,
  });
  await tell(outcome.kind === 'linked' ? linkedNotice(outcome.link) : noGroup(outcome.adUser, outcome.groups));
}
