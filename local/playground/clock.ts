/**
 * The playground's view of the Scheduler stand-in's clock: the schedules not fired yet, each told as what it will do
 * (from the job in its Input: the action, the WorkSpace, who asked) and when (in UTC and in its own zone), and a
 * fast-forward that moves the stand-in's clock and answers with what fired. Only the local playground has it: the
 * real EventBridge Scheduler's clock cannot be moved.
 */
import { Temporal } from 'temporal-polyfill';
import { isRecord } from '../json';
import type { Invocation, SchedulerStandIn, StoredSchedule } from '../scheduler';
import type { ApiAnswer } from './server';

/** The furthest one fast-forward may go: a little more than the longest horizon a schedule may have (365 days). */
export const MAX_ADVANCE_MINUTES = 366 * 24 * 60;

/** One pending schedule as the page shows it. */
export interface ScheduleRow {
  name: string;
  group: string;
  /** The job's type: scheduled-action, follow-up, owner-alert… */
  kind: string;
  action: string | undefined;
  workspaceId: string | undefined;
  /** Who asked (their directory name), or whom it is for. */
  requestedBy: string | undefined;
  /** ISO instant it fires; undefined when its wall-clock time does not occur in its zone (it never fires). */
  dueUtc: string | undefined;
  zone: string;
  /** Its wall-clock time in its own zone, `YYYY-MM-DD HH:MM`. */
  dueInZone: string | undefined;
}

export interface FiredRow extends ScheduleRow {
  ok: boolean;
  attempts: number;
}

export class PlaygroundClock {
  constructor(private readonly scheduler: SchedulerStandIn) {}

  /** `GET /playground/api/schedules`. */
  list(): ApiAnswer {
    return { status: 200, body: this.snapshot() };
  }

  /**
   * `POST /playground/api/schedules/advance` with `{ "minutes": n }` (a whole number from 1 to MAX_ADVANCE_MINUTES)
   * or `{ "to": "next" }` (exactly to the earliest pending schedule).
   */
  async advance(body: Record<string, unknown>): Promise<ApiAnswer> {
    const model = this.scheduler.model;
    const before = new Map(model.pending().map((schedule) => [schedule.Arn, schedule]));
    let ms: number;
    if (body.to === 'next' && body.minutes === undefined) {
      const next = [...before.values()].find(
        (schedule) => schedule.dueAt !== undefined && schedule.State === 'ENABLED',
      );
      if (!next) return { status: 400, body: { error: 'No schedule is pending: there is no next one to go to.' } };
      ms = Math.max(0, next.dueAt! - model.now());
    } else {
      const minutes = body.minutes;
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_ADVANCE_MINUTES) {
        return {
          status: 400,
          body: {
            error: `Give "minutes" as a whole number from 1 to ${MAX_ADVANCE_MINUTES} (366 days), or "to": "next".`,
          },
        };
      }
      ms = minutes * 60_000;
    }
    const fired = await this.scheduler.advance(ms);
    return {
      status: 200,
      body: {
        advancedMinutes: ms / 60_000,
        fired: fired.map((invocation) => firedRow(invocation, before.get(invocation.scheduleArn))),
        ...this.snapshot(),
      },
    };
  }

  private snapshot(): { now: string; schedules: ScheduleRow[] } {
    const model = this.scheduler.model;
    return { now: new Date(model.now()).toISOString(), schedules: model.pending().map(scheduleRow) };
  }
}

function firedRow(invocation: Invocation, schedule: StoredSchedule | undefined): FiredRow {
  const row = schedule
    ? scheduleRow(schedule)
    : {
        name: invocation.name,
        group: invocation.group,
        kind: 'unknown',
        action: undefined,
        workspaceId: undefined,
        requestedBy: undefined,
        dueUtc: undefined,
        zone: 'UTC',
        dueInZone: undefined,
      };
  return { ...row, ok: invocation.ok, attempts: invocation.attempts };
}

export function scheduleRow(schedule: StoredSchedule): ScheduleRow {
  const job = parseInput(schedule.Target.Input);
  // The bot's jobs carry their details under one key: schedule (an asked-for action), followUp, alert.
  const detail = [job.schedule, job.followUp, job.alert].find(isRecord) ?? {};
  const owner = isRecord(detail.owner) ? detail.owner : {};
  const zone = schedule.ScheduleExpressionTimezone;
  return {
    name: schedule.Name,
    group: schedule.GroupName,
    kind: typeof job.type === 'string' ? job.type : 'unknown',
    action: stringOr(detail.action, job.type === 'owner-alert' ? 'alert the owner' : undefined),
    workspaceId: stringOr(detail.workspaceId),
    requestedBy: stringOr(detail.requestedBy, stringOr(owner.userId)),
    dueUtc: schedule.dueAt === undefined ? undefined : new Date(schedule.dueAt).toISOString(),
    zone,
    dueInZone:
      schedule.dueAt === undefined
        ? undefined
        : Temporal.Instant.fromEpochMilliseconds(schedule.dueAt)
            .toZonedDateTimeISO(zone)
            .toPlainDateTime()
            .toString({ smallestUnit: 'minute' })
            .replace('T', ' '),
  };
}

function parseInput(input: string | undefined): Record<string, unknown> {
  if (input === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(input);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function stringOr(value: unknown, fallback?: string): string | undefined {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
