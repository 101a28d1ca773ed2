/**
 * Schedules in the conversation: `stop at 19:00` asks first ("Stop ws-… on Fri 4 Dec at 18:30 Europe/Berlin?"),
 * Confirm makes the one-time schedule and its index entry, `schedules` lists them with Cancel buttons, and Cancel
 * removes one (only your own, unless you are an admin). Firing is in fire.ts.
 */
import { createHash } from 'node:crypto';
import { chatKey } from '../../core/data/links';
import type { PendingSchedule, ScheduleFilters } from '../../core/data/schedules';
import { decide, isRoleRefusal } from '../../core/policy';
import { type Action, SCHEDULABLE_ACTIONS } from '../../core/rules';
import { checkWallClock, isIanaZone, isScheduleTime, readScheduleTime } from '../../core/schedule-time';
import type { Asker, InboundRequest, ReplyAddresses, ScheduleIntent } from '../chat/port';
import type { Command, Target } from '../commands/parse';
import {
  adminOnly,
  clickedWorkspace,
  mentionedLink,
  message,
  notLinkedPerson,
  type Person,
  person,
  type Reply,
  resolveTarget,
  signinReply,
} from '../conversation';
import type { BotServices } from '../services';
import { notice, noWorkspaces } from '../views';
import {
  notYourSchedule,
  scheduleAlreadyGone,
  scheduleCancelled,
  scheduleCreateFailed,
  scheduleDismissed,
  scheduled,
  scheduleList,
  scheduleNotSchedulable,
  scheduleOneWorkspace,
  scheduleQuestion,
  schedulesUnavailable,
  scheduleTimeQuestion,
  tooManySchedules,
} from '../views/schedules';
import type { ScheduledActionJob } from '../work/jobs';

/** How many schedules one list shows. */
export const SCHEDULES_LISTED = 20;

/** The person's time zone from their chat profile, or UTC when the platform cannot say. */
async function zoneOf(services: BotServices, asker: Asker): Promise<{ zone: string; fromChat: boolean }> {
  try {
    const zone = await asker.timeZone?.();
    if (zone && isIanaZone(zone)) return { zone, fromChat: true };
  } catch (error) {
    services.log.warn('Could not read the chat profile time zone; using UTC', { error: String(error) });
  }
  return { zone: 'UTC', fromChat: false };
}

/**
 * Role and ownership refusals are final when asked, and so is a running mode the action never works in (an
 * AlwaysOn WorkSpace is not stopped or started); the state is checked when the schedule fires.
 */
function refusalNow(
  services: BotServices,
  asker: Asker,
  who: Person,
  record: Parameters<typeof decide>[1],
  action: Action,
) {
  const decision = decide(who.actor, record, action, services.config.roleActions, services.now());
  if (!decision.allowed && (isRoleRefusal(decision.code) || decision.code === 'LOCKED')) {
    return adminOnly(services, asker, who, notice('warning', decision.reason));
  }
  if (!decision.allowed && decision.code === 'WRONG_RUNNING_MODE') return message(notice('warning', decision.reason));
  return undefined;
}

/** `stop ws-1 friday 18:30`: the question with Confirm, or why not (as a question back). */
export async function answerScheduleCommand(
  services: BotServices,
  asker: Asker,
  who: Person,
  command: { action: Action; target?: Target; when: string },
): Promise<Reply> {
  if (!services.schedules.scheduler) return message(schedulesUnavailable());
  if (!SCHEDULABLE_ACTIONS.includes(command.action)) return message(scheduleNotSchedulable(command.action));
  const resolved = await resolveTarget(services, asker, who, command.target, command.action);
  if ('kind' in resolved) return resolved;
  const { records, ownerName } = resolved;
  if (records.length === 0) return message(noWorkspaces(services.scanIntervalMinutes, ownerName));
  if (records.length > 1) {
    return message(
      scheduleOneWorkspace(
        command.action,
        records.map((r) => r.workspaceId),
        command.when,
      ),
    );
  }
  const record = records[0]!;
  const refused = refusalNow(services, asker, who, record, command.action);
  if (refused) return refused;
  const { zone, fromChat } = await zoneOf(services, asker);
  const reading = readScheduleTime(command.when, zone, services.now(), services.config.schedules.horizonDays);
  if (!isScheduleTime(reading)) return message(scheduleTimeQuestion(reading, command.action));
  const pending = await services.schedules.index.countFor(asker.chat);
  if (pending >= services.config.schedules.maxPendingPerPerson) {
    return message(tooManySchedules(services.config.schedules.maxPendingPerPerson));
  }
  return message(
    scheduleQuestion(
      { action: command.action, workspaceId: record.workspaceId, wall: reading.wall, zone: reading.zone },
      fromChat,
    ),
  );
}

/** The schedule's name: its action and WorkSpace, and the confirmation's key, so a repeated click names the same. */
export function scheduleName(action: Action, workspaceId: string, requestKey: string): string {
  const digest = createHash('sha256').update(requestKey).digest('hex').slice(0, 12);
  return `${action}-${workspaceId}`.slice(0, 64 - digest.length - 1).concat('-', digest);
}

/** Confirm: checked again (time, person, WorkSpace, limit), then the index entry and the schedule. */
async function confirmSchedule(
  services: BotServices,
  asker: Asker,
  request: InboundRequest,
  intent: Extract<ScheduleIntent, { kind: 'schedule-confirm' }>,
): Promise<Reply> {
  const { scheduler, index } = services.schedules;
  if (!scheduler) return message(schedulesUnavailable());
  if (!SCHEDULABLE_ACTIONS.includes(intent.action)) return message(scheduleNotSchedulable(intent.action));
  const resolved = await clickedWorkspace(services, asker, intent.workspaceId);
  if ('kind' in resolved) return resolved;
  const { who, record } = resolved;
  const refused = refusalNow(services, asker, who, record, intent.action);
  if (refused) return refused;
  const now = services.now();
  const { horizonDays, maxPendingPerPerson } = services.config.schedules;
  // The question may have waited: the time it named can have passed since.
  const reading = checkWallClock(intent.wall, intent.zone, now, horizonDays);
  if (!isScheduleTime(reading)) return message(scheduleTimeQuestion(reading, intent.action));
  const atMs = Date.parse(reading.at);
  const name = scheduleName(intent.action, record.workspaceId, request.requestKey);
  const schedule: PendingSchedule<ReplyAddresses> = {
    name,
    action: intent.action,
    workspaceId: record.workspaceId,
    at: new Date(atMs).toISOString(),
    wall: intent.wall,
    zone: intent.zone,
    owner: asker.chat,
    ownerAdUser: who.actor.ad.userName.toLowerCase(),
    requestedBy: request.requestedBy,
    reply: request.reply,
    createdAt: now.toISOString(),
  };
  const mine = await index.listFor(asker.chat);
  const repeated = mine.some((s) => s.name === name);
  if (!repeated && mine.length >= maxPendingPerPerson) return message(tooManySchedules(maxPendingPerPerson));
  // The entry first: a schedule that fires finds it. A repeated click makes nothing new (same name, same token).
  if (!repeated) await index.add(schedule);
  const job: ScheduledActionJob = { type: 'scheduled-action', schedule };
  try {
    await scheduler.create({
      name,
      wall: intent.wall,
      zone: intent.zone,
      input: job,
      clientToken: createHash('sha256').update(`schedule:${request.requestKey}`).digest('hex').slice(0, 64),
      description: `${intent.action} ${record.workspaceId} for ${schedule.ownerAdUser}`,
    });
  } catch (error) {
    services.log.error('Could not create the schedule', { name, error: String(error) });
    if (!repeated) await index.remove(asker.chat, name);
    return message(scheduleCreateFailed());
  }
  return message(scheduled(schedule));
}

/** Cancel: only the owner's own, or an admin's; the Scheduler schedule first, then its entry. */
async function cancelSchedule(
  services: BotServices,
  asker: Asker,
  intent: Extract<ScheduleIntent, { kind: 'schedule-cancel' }>,
): Promise<Reply> {
  const who = await person(services, asker.chat);
  if (!who) return signinReply(services, asker, 'new');
  const own = chatKey(intent.owner) === chatKey(asker.chat);
  if (!own && !who.actor.roles.has('admin')) return message(notYourSchedule(), 'below');
  if (!own && who.adminReauthNeeded) return signinReply(services, asker, 'admin-reauth');
  const { index, scheduler } = services.schedules;
  const entry = await index.get(intent.owner, intent.name);
  if (!entry) return message(scheduleAlreadyGone(), 'below');
  if (!scheduler) return message(schedulesUnavailable(), 'below');
  await scheduler.delete(entry.name);
  // When it fired in between, the firing removed the entry: then it is no longer waiting to be cancelled.
  const removed = await index.remove(intent.owner, intent.name);
  return message(removed ? scheduleCancelled(removed) : scheduleAlreadyGone());
}

/** `schedules`: mine; an admin sees everyone's, filtered by person or WorkSpace. */
export async function answerSchedulesList(
  services: BotServices,
  asker: Asker,
  who: Person,
  command: Extract<Command, { kind: 'schedules' }>,
): Promise<Reply> {
  const admin = who.actor.roles.has('admin');
  const filters: ScheduleFilters = {
    ...(command.filters.user ? { adUser: command.filters.user } : {}),
    ...(command.filters.workspaceId ? { workspaceId: command.filters.workspaceId } : {}),
  };
  if (command.userMention) {
    const link = await mentionedLink(asker, who, command.userMention);
    if (!link) return notLinkedPerson(command.userMention.name);
    filters.adUser = link.adUserName.toLowerCase();
  }
  const filtered = Object.keys(filters).length > 0;
  if (!admin) {
    const mine = await services.schedules.index.listFor(asker.chat);
    const own = filters.adUser === undefined || filters.adUser === who.actor.ad.userName.toLowerCase();
    if (!own)
      return adminOnly(services, asker, who, notice('warning', "Only admins can see other people's schedules."));
    const shown = mine.filter((s) => !filters.workspaceId || s.workspaceId === filters.workspaceId);
    const more = shown.length > SCHEDULES_LISTED;
    return message(scheduleList(shown.slice(0, SCHEDULES_LISTED), { all: false, filtered, more }));
  }
  if (who.adminReauthNeeded) return signinReply(services, asker, 'admin-reauth');
  // One more than is listed, to know whether others wait.
  const all = await services.schedules.index.listAll(filters, SCHEDULES_LISTED + 1);
  const more = all.length > SCHEDULES_LISTED;
  return message(scheduleList(all.slice(0, SCHEDULES_LISTED), { all: true, filtered, more }));
}

/** A click on a schedule's button. */
export async function answerScheduleIntent(
  services: BotServices,
  asker: Asker,
  request: InboundRequest,
  intent: ScheduleIntent,
): Promise<Reply> {
  switch (intent.kind) {
    case 'schedule-confirm':
      return confirmSchedule(services, asker, request, intent);
    case 'schedule-dismiss':
      return message(scheduleDismissed(intent.action, intent.workspaceId));
    case 'schedule-cancel':
      return cancelSchedule(services, asker, intent);
  }
}
