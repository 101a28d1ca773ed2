/**
 * Times in words that need no time zone: "3 days ago", "in 5 hours", and a UTC stamp where an exact time matters. The
 * view model's texts are plain, so a renderer cannot turn a time inside them into a local one.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "1 minute", "5 hours", "3 days": the largest unit that fits, rounded down so nothing looks later than it is. */
export function durationWords(ms: number): string {
  const abs = Math.abs(ms);
  const [size, unit] = abs >= 2 * DAY ? [DAY, 'day'] : abs >= 2 * HOUR ? [HOUR, 'hour'] : [MINUTE, 'minute'];
  const n = Math.max(1, Math.floor(abs / size));
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "5 minutes ago", "in 3 days", "just now"; a value that is not a time is returned as it is. */
export function relativeTime(iso: string, now: Date): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = at - now.getTime();
  if (Math.abs(diff) < MINUTE) return 'just now';
  return diff > 0 ? `in ${durationWords(diff)}` : `${durationWords(diff)} ago`;
}

/** "2026-11-23 12:00 UTC"; a value that is not a time is returned as it is. */
export function utcTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 days ago (2026-11-20 12:00 UTC)". */
export function whenWords(iso: string, now: Date): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : `${relativeTime(iso, now)} (${utcTime(iso)})`;
}

/** Minutes from `iso` to `now`; 0 for a value that is not a time. */
export function minutesSince(iso: string, now: Date): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, (now.getTime() - at) / MINUTE);
}
