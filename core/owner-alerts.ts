/**
 * Owner alerts, driven by the scanner: a WorkSpace Unhealthy or in Error for longer than ALERT_AFTER_MINUTES is told
 * to the people who opted in for their own WorkSpaces (`alerts on`), once per episode. The scanner only finds them and
 * hands each to the worker through a one-time schedule a minute ahead (it has no chat credentials); the worker checks
 * the person and the WorkSpace again and sends the message with a Reboot button.
 */
import type { SchedulerGateway } from './aws/scheduler-gateway';
import type { OwnerAlertStore } from './data/owner-alerts';
import type { FleetSummary } from './fleet-summary';
import type { Log } from './logger';
import type { ChatIdentity } from './policy';
import { wallClockOf } from './schedule-time';

/** The states an owner is told of. */
export const ALERTED_STATES: readonly string[] = ['UNHEALTHY', 'ERROR'];

export interface OwnerAlert {
  workspaceId: string;
  state: string;
  /** When the episode began. */
  since: string;
  owner: ChatIdentity;
  /** Where to tell them: the address stored when they opted in. */
  reply: unknown;
}

/** The worker's job for one alert (bot/work/jobs.ts). */
export interface OwnerAlertJob {
  type: 'owner-alert';
  alert: OwnerAlert;
}

export interface OwnerAlertDeps {
  alerts: OwnerAlertStore;
  scheduler?: SchedulerGateway;
  afterMinutes: number;
  now: () => Date;
  log: Log;
}

/** The alerts due from a fleet summary's attention list, each claimed for its episode (so told once). */
export async function dueOwnerAlerts(deps: OwnerAlertDeps, summary: FleetSummary): Promise<OwnerAlert[]> {
  const now = deps.now();
  const due: OwnerAlert[] = [];
  for (const entry of summary.attention) {
    if (entry.reason !== 'state' || !ALERTED_STATES.includes(entry.state)) continue;
    if (now.getTime() - Date.parse(entry.since) < deps.afterMinutes * 60_000) continue;
    for (const { chat: owner, reply } of await deps.alerts.subscribersOf(entry.userName)) {
      if (await deps.alerts.claimEpisode(entry.userName, owner, entry.workspaceId, entry.since, now)) {
        due.push({ workspaceId: entry.workspaceId, state: entry.state, since: entry.since, owner, reply });
      }
    }
  }
  return due;
}

/** Hands each due alert to the worker: a one-time schedule a minute ahead, its name from the episode. */
export async function sendOwnerAlerts(deps: OwnerAlertDeps, summary: FleetSummary): Promise<number> {
  if (!deps.scheduler) return 0;
  const due = await dueOwnerAlerts(deps, summary);
  for (const alert of due) {
    const at = deps.now().getTime() + 60_000;
    const episode = `${alert.workspaceId}-${Date.parse(alert.since).toString(36)}-${alert.owner.userId}`;
    const name = `alert-${episode}`.replace(/[^0-9a-zA-Z-_.]/g, '_').slice(0, 64);
    const job: OwnerAlertJob = { type: 'owner-alert', alert };
    await deps.scheduler.create({
      name,
      wall: wallClockOf(at, 'UTC').toString({ smallestUnit: 'second' }),
      zone: 'UTC',
      input: job,
      clientToken: name,
      description: `alert the owner of ${alert.workspaceId}`,
    });
  }
  if (due.length) deps.log.info('Owner alerts handed to the worker', { count: due.length });
  return due.length;
}
