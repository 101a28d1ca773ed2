/**
 * Checking back after a reboot, start, rebuild or restore: a short one-time schedule fires the worker, which reads
 * the WorkSpace live and tells the requester it is available again, that it failed, or, once every check has found
 * it still in its transition, that it is stuck, each with the next step. Checks wait FOLLOW_UP_FIRST_MINUTES, then
 * twice as long each time, up to FOLLOW_UP_MAX_CHECKS. A WorkSpace still Unhealthy after a reboot gets guided
 * recovery: restore, then rebuild, with the age of the snapshots they would return to.
 */
import { createHash } from 'node:crypto';
import type { ActionOutcome } from '../../core/actions';
import { actorFromLink } from '../../core/auth/actor';
import type { ChatIdentity } from '../../core/policy';
import type { Action } from '../../core/rules';
import { wallClockOf } from '../../core/schedule-time';
import { TRANSITIONAL_STATES } from '../../core/workspace';
import { tellLater } from '../chat/later';
import type { Deliverers, ReplyAddresses } from '../chat/port';
import type { BotServices } from '../services';
import { actionFailed, actionStuck, availableAgain, guidedRecovery } from '../views/follow-ups';
import type { FollowUpJob } from '../work/jobs';

/** The actions whose end the bot checks for: each should leave the WorkSpace Available. */
export const FOLLOWED_UP_ACTIONS: readonly Action[] = ['reboot', 'start', 'rebuild', 'restore'];

export interface FollowUp {
  workspaceId: string;
  action: Action;
  owner: ChatIdentity;
  requestedBy: string;
  reply: ReplyAddresses;
  /** The action's request key: the checks' schedule names come from it, so a retried check makes no second one. */
  requestKey: string;
  /** Which check this is, from 1. */
  check: number;
  /** When the action was requested (ISO). */
  since: string;
}

export interface Requester {
  owner: ChatIdentity;
  requestedBy: string;
  reply: ReplyAddresses;
  requestKey: string;
}

/** After an action: a first check for each WorkSpace the API took it for. Nothing when schedules are not set up. */
export async function followUpAfter(
  services: BotServices,
  requester: Requester,
  outcome: ActionOutcome,
): Promise<void> {
  if (outcome.duplicate || !FOLLOWED_UP_ACTIONS.includes(outcome.action) || !services.schedules.scheduler) return;
  const since = services.now().toISOString();
  for (const { workspaceId, status } of outcome.outcomes) {
    if (status !== 'requested') continue;
    await scheduleCheck(services, { ...requester, workspaceId, action: outcome.action, check: 1, since }).catch(
      (error: unknown) => services.log.warn('Could not schedule the check back', { workspaceId, error: String(error) }),
    );
  }
}

function checkName(followUp: FollowUp): string {
  const digest = createHash('sha256')
    .update(`${followUp.requestKey}:${followUp.workspaceId}`)
    .digest('hex')
    .slice(0, 12);
  return `check-${followUp.workspaceId}`.slice(0, 44).concat('-', digest, '-', String(followUp.check));
}

/** The minutes before check `n`: the first wait, doubled each time. */
export function checkDelayMinutes(first: number, n: number): number {
  return first * 2 ** (n - 1);
}

async function scheduleCheck(services: BotServices, followUp: FollowUp): Promise<void> {
  const scheduler = services.schedules.scheduler;
  if (!scheduler) return;
  const delay = checkDelayMinutes(services.config.schedules.followUpFirstMinutes, followUp.check);
  const at = services.now().getTime() + delay * 60_000;
  const name = checkName(followUp);
  const job: FollowUpJob = { type: 'follow-up', followUp };
  // In UTC: a check is minutes away, and UTC never repeats or skips a wall-clock time.
  await scheduler.create({
    name,
    wall: wallClockOf(at, 'UTC').toString({ smallestUnit: 'second' }),
    zone: 'UTC',
    input: job,
    clientToken: createHash('sha256').update(name).digest('hex').slice(0, 64),
    description: `check ${followUp.workspaceId} after ${followUp.action}`,
  });
}

export async function runFollowUp(
  services: BotServices,
  deliverers: Deliverers,
  job: FollowUpJob,
  options: { retryDelaysMs?: readonly number[] } = {},
): Promise<void> {
  const { followUp } = job;
  const record = await services.cache.get(followUp.workspaceId);
  if (!record) {
    services.log.info('Check back on a WorkSpace no longer known; nothing to say', {
      workspaceId: followUp.workspaceId,
    });
    return;
  }
  const [live] = await services.actions.workspaces.describe({ region: record.region, accountId: record.accountId }, [
    record.workspaceId,
  ]);
  if (!live) return;
  const tell = tellLater(
    deliverers,
    services.log,
    {
      owner: followUp.owner,
      requestedBy: followUp.requestedBy,
      reply: followUp.reply,
      requestKey: `check:${followUp.requestKey}:${followUp.workspaceId}:${followUp.check}`,
    },
    options.retryDelaysMs,
  );
  const now = services.now();
  if (live.state === 'AVAILABLE') return tell(availableAgain(record.workspaceId, followUp.action));
  if (TRANSITIONAL_STATES.includes(live.state)) {
    if (followUp.check < services.config.schedules.followUpMaxChecks) {
      return scheduleCheck(services, { ...followUp, check: followUp.check + 1 });
    }
    const minutes = (now.getTime() - Date.parse(followUp.since)) / 60_000;
    return tell(actionStuck(record.workspaceId, followUp.action, live.state, minutes));
  }
  if (followUp.action === 'reboot' && live.state === 'UNHEALTHY') {
    const current = { ...record, state: live.state, observedAt: now.toISOString() };
    const link = await services.links.get(followUp.owner, now);
    const viewer = link
      ? { actor: actorFromLink(link, now, services.config.links).actor, roleActions: services.config.roleActions }
      : undefined;
    const snapshots = await services.actions.workspaces
      .snapshots?.({ region: record.region, accountId: record.accountId }, record.workspaceId)
      .then((s) => ({
        ...(s.restore[0] ? { restore: s.restore[0] } : {}),
        ...(s.rebuild[0] ? { rebuild: s.rebuild[0] } : {}),
      }))
      .catch((error: unknown) => {
        services.log.warn('Could not read the snapshots', { workspaceId: record.workspaceId, error: String(error) });
        return undefined;
      });
    return tell(guidedRecovery(current, snapshots, viewer, now));
  }
  return tell(actionFailed(record.workspaceId, followUp.action, live.state));
}
