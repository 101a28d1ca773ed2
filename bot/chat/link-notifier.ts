/**
 * Telling a person in chat what came of their sign-in. The sign-in finishes in the chat function, which delivers
 * nothing itself: its notifiers hand the outcome to the worker, which tells it (bot/work/signin-outcome.ts) at the
 * address the platform's asker named when the link was made (Slack: the DM with the bot; Teams: the personal chat),
 * kept with the sign-in state.
 */
import type { LinkNotifier } from '../../core/auth/signin';
import type { ChatPlatform } from '../../core/policy';
import type { WorkQueue } from '../work/jobs';

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
