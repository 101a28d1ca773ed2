/**
 * Telling a person in chat what came of their sign-in. The sign-in finishes in the chat function, which delivers
 * nothing itself: its notifiers hand the outcome to the worker (signinNotifiers), and the worker tells it through the
 * platform's deliverer (tellSigninOutcome) at the address the platform's asker named when the link was made (Slack:
 * the DM with the bot; Teams: the personal chat), kept with the sign-in state. Rendered like every other message, so
 * names from the sign-in's claims are escaped.
 */
import type { LinkNotifier } from '../../core/auth/signin';
import type { Log } from '../../core/logger';
import type { ChatPlatform } from '../../core/policy';
import { linkedNotice, noGroup } from '../views';
import type { SigninOutcomeJob, WorkQueue } from '../work/jobs';
import { tellLater } from './later';
import { type Deliverers, isAddressOf } from './port';

/** A notifier for each platform, each handing the outcome to the worker. */
export function signinNotifiers(
  queue: WorkQueue,
  platforms: readonly ChatPlatform[],
): Partial<Record<ChatPlatform, LinkNotifier>> {
  return Object.fromEntries(platforms.map((platform) => [platform, queuedNotifier(queue)]));
}

function queuedNotifier(queue: WorkQueue): LinkNotifier {
  return {
    linked: (link, notify) =>
      queue.enqueue({ type: 'signin-outcome', chat: link.chat, notify, outcome: { kind: 'linked', link } }),
    async refused(chat, error, notify) {
      const { adUser, groups } = error.facts;
      // Only a refusal the person can act on in chat: the others are said on the sign-in page alone.
      if (error.reason !== 'NO_GROUP' || !adUser || !groups) return;
      await queue.enqueue({ type: 'signin-outcome', chat, notify, outcome: { kind: 'no-group', adUser, groups } });
    },
  };
}

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
