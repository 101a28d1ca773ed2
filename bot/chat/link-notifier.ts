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
import { type Deliverers, DeliveryError, isAddressOf } from './port';

/** A notifier for each platform, each handing the outcome to the worker. */
export function signinNotifiers(
  queue: WorkQueue,
  platforms: readonly ChatPlatform[],
): Partial<Record<ChatPlatform, LinkNotifier>> {
  return Object.fromEntries(platforms.map((platform) => [platform, queuedNotifier(queue, platform)]));
}

function queuedNotifier(queue: WorkQueue, platform: ChatPlatform): LinkNotifier {
  return {
    linked: (link, notify) =>
      queue.enqueue({ type: 'signin-outcome', platform, notify, outcome: { kind: 'linked', link } }),
    async refused(_chat, error, notify) {
      const { adUser, groups } = error.facts;
      // Only a refusal the person can act on in chat: the others are said on the sign-in page alone.
      if (error.reason !== 'NO_GROUP' || !adUser || !groups) return;
      await queue.enqueue({ type: 'signin-outcome', platform, notify, outcome: { kind: 'no-group', adUser, groups } });
    },
  };
}

/** In the worker: the outcome, told through the platform's deliverer (a state from before addresses were kept: not). */
export async function tellSigninOutcome(deliverers: Deliverers, job: SigninOutcomeJob, log: Log): Promise<void> {
  const deliverer = deliverers[job.platform];
  if (!deliverer || !isAddressOf(job.platform, job.notify)) {
    log.warn('A sign-in outcome has nowhere to be told', { platform: job.platform });
    return;
  }
  const view =
    job.outcome.kind === 'linked' ? linkedNotice(job.outcome.link) : noGroup(job.outcome.adUser, job.outcome.groups);
  try {
    await deliverer.send(job.notify, view);
  } catch (error) {
    // The sign-in itself is done; a person who cannot be reached for good (the bot blocked) is not retried.
    if (error instanceof DeliveryError && error.permanent) {
      log.warn('Could not tell the person what came of their sign-in', {
        platform: job.platform,
        error: error.message,
      });
      return;
    }
    throw error;
  }
}
