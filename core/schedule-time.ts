/**
 * When a person means, from what they typed ("19:00", "tomorrow 8:00", "friday 18:30", "in 30m"), read in their
 * IANA time zone. chrono-node reads the words; temporal-polyfill turns the wall-clock time into an instant, so the
 * answer is right across daylight-saving changes. Nothing is guessed: a time that could mean two things, that the
 * clocks skip or repeat, that is past or too far ahead is refused with the reason, for the person to say again.
 */
import * as chrono from 'chrono-node';
import { Temporal } from 'temporal-polyfill';

/** A time understood: the instant, and the wall-clock time and zone a one-time schedule names it by. */
export interface ScheduleTime {
  /** ISO instant (UTC). */
  at: string;
  /** The wall-clock time in `zone`, `yyyy-mm-ddThh:mm:ss`: what `at(...)` carries. */
  wall: string;
  zone: string;
}

export type ScheduleTimeProblem =
  | { problem: 'unparseable'; text: string }
  /** "at 7": morning or evening? */
  | { problem: 'ambiguous-hour'; text: string; hour: number }
  /** A day without a time ("tomorrow"). */
  | { problem: 'no-time'; text: string }
  /** The wall-clock time happens twice that day (clocks go back). */
  | { problem: 'repeated'; wall: string; zone: string }
  /** The wall-clock time does not happen that day (clocks go forward). */
  | { problem: 'skipped'; wall: string; zone: string }
  | { problem: 'past'; wall: string; zone: string }
  | { problem: 'too-far'; wall: string; zone: string; horizonDays: number };

export type ScheduleTimeReading = ScheduleTime | ScheduleTimeProblem;

export function isScheduleTime(reading: ScheduleTimeReading): reading is ScheduleTime {
  return !('problem' in reading);
}

/** A schedule fires with a minute's precision: an earlier time would be in the past by then. */
export const MIN_LEAD_MS = 60_000;

/** Leading words people put before a time; they change nothing. */
const FILLER = /^(?:at|on|for)\s+/i;

function wallString(wall: Temporal.PlainDateTime): string {
  return wall.toString({ smallestUnit: 'second' });
}

/** The wall-clock time of `instant` in `zone`, to the second. */
export function wallClockOf(instantMs: number, zone: string): Temporal.PlainDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instantMs)
    .toZonedDateTimeISO(zone)
    .toPlainDateTime()
    .round({ smallestUnit: 'second', roundingMode: 'floor' });
}

/**
 * Reads `text` as a time in `zone`, at `now`. `horizonDays`: how far ahead a schedule may be. A relative time ("in
 * 30m") is a duration from now; anything else is a wall-clock time in the zone.
 */
export function readScheduleTime(text: string, zone: string, now: Date, horizonDays: number): ScheduleTimeReading {
  const typed = text.trim().replace(/\s+/g, ' ');
  const nowMs = now.getTime();
  // chrono reads in a fixed offset: the person's wall-clock time now, written as if it were UTC, with offset 0.
  const nowWall = wallClockOf(nowMs, zone);
  const reference = new Date(`${wallString(nowWall)}Z`);
  const result = wholeTime(typed, reference) ?? wholeTime(typed.replace(FILLER, ''), reference);
  if (!result) return { problem: 'unparseable', text: typed };
  const relative = result.tags().has('result/relativeDate');
  if (relative) {
    const instantMs = nowMs + (result.start.date().getTime() - reference.getTime());
    return checked(instantMs, zone, nowMs, horizonDays, true);
  }
  if (!result.start.isCertain('hour')) return { problem: 'no-time', text: typed };
  const hour = result.start.get('hour') ?? 0;
  // "8:00" and "18:30" are read on a 24-hour clock; "at 7" could be morning or evening.
  if (!result.start.isCertain('meridiem') && hour >= 1 && hour <= 12 && !/\d[:.h]\d\d/.test(result.text)) {
    return { problem: 'ambiguous-hour', text: typed, hour };
  }
  const wall = Temporal.PlainDateTime.from({
    year: result.start.get('year')!,
    month: result.start.get('month')!,
    day: result.start.get('day')!,
    hour,
    minute: result.start.get('minute') ?? 0,
    second: 0,
  });
  return checkWallClock(wallString(wall), zone, now, horizonDays);
}

/**
 * A wall-clock time in a zone as a schedule time, or why it cannot be one: the clocks skip or repeat it, it is past,
 * or too far ahead. Also for a time that comes back from a button, as untrusted as typed text.
 */
export function checkWallClock(wallText: string, zone: string, now: Date, horizonDays: number): ScheduleTimeReading {
  const wall = Temporal.PlainDateTime.from(wallText);
  const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  const later = wall.toZonedDateTime(zone, { disambiguation: 'later' });
  if (!earlier.toPlainDateTime().equals(wall)) return { problem: 'skipped', wall: wallString(wall), zone };
  if (earlier.epochMilliseconds !== later.epochMilliseconds) {
    return { problem: 'repeated', wall: wallString(wall), zone };
  }
  return checked(earlier.epochMilliseconds, zone, now.getTime(), horizonDays, false);
}

/** chrono's reading of `input` when it reads all of it as one time; words left over mean it is not one. */
function wholeTime(input: string, reference: Date): chrono.ParsedResult | undefined {
  if (!input) return undefined;
  const results = chrono.parse(input, { instant: reference, timezone: 0 }, { forwardDate: true });
  const [result] = results;
  return results.length === 1 && result?.index === 0 && result.text.length === input.length ? result : undefined;
}

function checked(
  instantMs: number,
  zone: string,
  nowMs: number,
  horizonDays: number,
  relative: boolean,
): ScheduleTimeReading {
  const wall = wallClockOf(instantMs, zone);
  if (instantMs < nowMs + MIN_LEAD_MS) return { problem: 'past', wall: wallString(wall), zone };
  if (instantMs > nowMs + horizonDays * 86_400_000) {
    return { problem: 'too-far', wall: wallString(wall), zone, horizonDays };
  }
  // A duration can land on a wall-clock time the clocks repeat: then the schedule names it in UTC, which never does.
  if (relative && instantOf(wallString(wall), zone) !== Math.floor(instantMs / 1000) * 1000) {
    return { at: new Date(instantMs).toISOString(), wall: wallString(wallClockOf(instantMs, 'UTC')), zone: 'UTC' };
  }
  return { at: new Date(instantMs).toISOString(), wall: wallString(wall), zone };
}

/** Whether `zone` is an IANA time zone name this runtime knows. */
export function isIanaZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    Temporal.Now.zonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

/** The instant a wall-clock time in a zone names (the earlier, for one the clocks repeat). */
export function instantOf(wall: string, zone: string): number {
  return Temporal.PlainDateTime.from(wall).toZonedDateTime(zone, { disambiguation: 'earlier' }).epochMilliseconds;
}
