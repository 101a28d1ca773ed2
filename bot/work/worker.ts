/**
 * Performs handed-off work and reports where the person asked. A repeated delivery of the same request
 * (a double click, a Lambda retry) finds its idempotency record and acts not again; it reports the first
 * outcome again only where that replaces a message in place, so no message is ever posted twice.
 */
import { isRepeatInProgress, performAction } from '../../core/actions';
import { actorFromLink } from '../../core/auth/actor';
import type { WorkerServices } from '../services';
import type { MessageView } from '../views';
import { actionOutcome, notice } from '../views';
import { type Job, type ReplyTarget, replacesInPlace } from './jobs';

export type Deliver = (target: ReplyTarget, view: MessageView) => Promise<void>;

export async function runJob(services: WorkerServices, deliver: Deliver, job: Job): Promise<void> {
  const link = await services.links.get(job.chat, services.now());
  if (!link) {
    await deliver(
      job.reply,
      notice(
        'warning',
        'Your chat account is no longer linked, so nothing was done. Sign in again with the link command.',
      ),
    );
    return;
  }
  const { actor } = actorFromLink(link, services.now(), services.config.links);
  const outcome = await performAction(services.actions, {
    actor,
    action: job.action,
    workspaceIds: job.workspaceIds,
    requestKey: job.requestKey,
    ...(job.attemptAt !== undefined ? { attemptAt: job.attemptAt } : {}),
  });
  if (outcome.duplicate) {
    services.log.info('Repeated request; already handled', { requestKey: job.requestKey });
    // A repeat's own "Rebooting…" may have landed over the first outcome (a double click whose second interim
    // came late): the outcome is sent again where it replaces. Still in progress, the first delivery will report.
    if (isRepeatInProgress(outcome) || !replacesInPlace(job.reply)) return;
  }
  await deliver(job.reply, actionOutcome(outcome, actor, job.requestedBy));
}
