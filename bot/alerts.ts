/**
 * Owner alerts in the conversation (`alerts on|off`) and their delivery: the scanner finds a WorkSpace Unhealthy or
 * in Error for longer than ALERT_AFTER_MINUTES (core/owner-alerts.ts) and the worker tells each owner who opted in,
 * once per episode, after checking again that they are still linked, still opted in and still own it, and that it is
 * still in that state.
 */
import { actorFromLink } from '../core/auth/actor';
import { ownerMatches } from '../core/identity';
import { ALERTED_STATES, type OwnerAlertJob } from '../core/owner-alerts';
import type { WorkspaceState } from '../core/workspace';
import { tellLater } from './chat/later';
import type { Asker, Deliverers, InboundRequest, ReplyAddress } from './chat/port';
import type { Command } from './commands/parse';
import { message, person, type Reply, signinReply } from './conversation';
import type { BotServices } from './services';
import { alertsOff, alertsOn, alertsState, ownerAlert } from './views/alerts';

export async function answerAlerts(
  services: BotServices,
  asker: Asker,
  request: InboundRequest,
  command: Extract<Command, { kind: 'alerts' }>,
): Promise<Reply> {
  const who = await person(services, asker.chat);
  if (!who) return signinReply(services, asker, 'new');
  const userName = who.actor.ad.userName;
  const { alerts } = services;
  if (command.on === undefined) return message(alertsState(await alerts.isSubscribed(userName, asker.chat)));
  if (!command.on) return message(alertsOff(await alerts.unsubscribe(userName, asker.chat)));
  // Alerts come in the person's DM with the bot, where the platform has one.
  await alerts.subscribe(userName, asker.chat, request.reply.fallback ?? request.reply.below, services.now());
  return message(alertsOn(services.config.schedules.alertAfterMinutes));
}

export async function deliverOwnerAlert(
  services: BotServices,
  deliverers: Deliverers,
  job: OwnerAlertJob,
  options: { retryDelaysMs?: readonly number[] } = {},
): Promise<void> {
  const { alert } = job;
  const now = services.now();
  const [link, record] = await Promise.all([
    services.links.get(alert.owner, now),
    services.cache.get(alert.workspaceId),
  ]);
  const skip = (why: string) => services.log.info('Owner alert not sent', { workspaceId: alert.workspaceId, why });
  if (!link) return skip('not linked');
  if (!(await services.alerts.isSubscribed(link.adUserName, alert.owner))) return skip('alerts off');
  const { actor } = actorFromLink(link, now, services.config.links);
  if (!record || !ownerMatches(actor.ad, record)) return skip('not theirs');
  if (!ALERTED_STATES.includes(record.state)) return skip('well again');
  const reply = alert.reply as ReplyAddress;
  const tell = tellLater(
    deliverers,
    services.log,
    {
      owner: alert.owner,
      requestedBy: link.adUserName,
      reply: { inPlace: reply, below: reply },
      requestKey: `alert:${alert.workspaceId}:${alert.since}`,
    },
    options.retryDelaysMs,
  );
  await tell(
    ownerAlert(
      record,
      record.state as WorkspaceState,
      alert.since,
      { actor, roleActions: services.config.roleActions },
      now,
    ),
  );
}
