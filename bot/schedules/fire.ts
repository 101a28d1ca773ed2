/**
 * A schedule that came due (EventBridge Scheduler invoked the worker with its job). Its index entry decides: none,
 * and it was cancelled, so nothing is done. Otherwise the person and the WorkSpace are checked again as they are now
 * (still linked, WorkSpace still there and still theirs, the role still allows it), the action is performed once
 * (Scheduler's retries find the idempotency record) against the live state, and the person is told where they asked,
 * or in their DM when that address is gone. The entry is removed once the person has been told.
 */

import { performAction } from '../../core/actions';
import { actorFromLink } from '../../core/auth/actor';
import { ownerMatches } from '../../core/identity';
import { decide, isRoleRefusal } from '../../core/policy';
import { tellLater } from '../chat/later';
import { actionsFor, type ConverseOptions } from '../chat/orchestrator';
import type { Deliverers } from '../chat/port';
import type { BotServices } from '../services';
import { actionOutcome, notice } from '../views';
import { scheduleNotRun, scheduleRan } from '../views/schedules';
import type { ScheduledActionJob } from '../work/jobs';
import { followUpAfter } from './follow-ups';

export async function fireSchedule(
  services: BotServices,
  deliverers: Deliverers,
  job: ScheduledActionJob,
  options: ConverseOptions = {},
): Promise<void> {
  const { index } = services.schedules;
  const entry = await index.get(job.schedule.owner, job.schedule.name);
  if (!entry) {
    services.log.info('Schedule fired after it was cancelled; nothing done', { name: job.schedule.name });
    return;
  }
  const requestKey = `schedule:${entry.name}`;
  // Told below what they asked from: the question they confirmed stays as it was.
  const tell = tellLater(
    deliverers,
    services.log,
    { owner: entry.owner, requestedBy: entry.requestedBy, reply: entry.reply, requestKey },
    options.retryDelaysMs,
  );
  const done = async () => {
    await index.remove(entry.owner, entry.name);
  };

  const now = services.now();
  const link = await services.links.get(entry.owner, now);
  if (!link) {
    await tell(scheduleNotRun(entry, 'unlinked'));
    return done();
  }
  const { actor } = actorFromLink(link, now, services.config.links);
  const record = await services.cache.get(entry.workspaceId);
  if (!record) {
    await tell(scheduleNotRun(entry, 'workspace-gone'));
    return done();
  }
  const admin = actor.roles.has('admin');
  if (!admin && !ownerMatches(actor.ad, record)) {
    await tell(scheduleNotRun(entry, 'no-access'));
    return done();
  }
  const decision = decide(actor, record, entry.action, services.config.roleActions, now);
  if (!decision.allowed && isRoleRefusal(decision.code)) {
    await tell(scheduleRan(entry, notice('warning', decision.reason)));
    return done();
  }
  // In a member account, under a role session named after this delivery, as a chat request's calls are.
  const outcome = await performAction(actionsFor(services, options.deliveryId), {
    actor,
    action: entry.action,
    workspaceIds: [entry.workspaceId],
    requestKey,
    ...(options.deliveryId ? { claimant: options.deliveryId } : {}),
  });
  if (outcome.duplicate) {
    services.log.info('Schedule fired again; already handled', { name: entry.name });
    return;
  }
  for (const { status } of outcome.outcomes) {
    services.log.info('Action outcome', { action: outcome.action, outcome: status, requestKey, scheduled: true });
  }
  await tell(scheduleRan(entry, actionOutcome(outcome, actor, entry.requestedBy)));
  await done();
  await followUpAfter(
    services,
    { owner: entry.owner, requestedBy: entry.requestedBy, reply: entry.reply, requestKey },
    outcome,
  );
}
