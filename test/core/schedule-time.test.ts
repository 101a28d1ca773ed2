/**
 * Reading a time in the person's zone, across daylight-saving changes in two zones: what the bot understands and
 * the instant the Scheduler stand-in fires `at(wall)` in that zone are the same, and a wall-clock time the clocks
 * skip or repeat is never guessed.
 */
import fc from 'fast-check';
import { checkWallClock, isScheduleTime, readScheduleTime, wallClockOf } from '../../core/schedule-time';
import { atInstant } from '../../local/scheduler';

const ZONES = ['Europe/Berlin', 'America/New_York'] as const;
/** Around the 2027 changes: Berlin 28 Mar and 31 Oct, New York 14 Mar and 7 Nov. */
const CHANGES: Record<(typeof ZONES)[number], number[]> = {
  'Europe/Berlin': [Date.UTC(2027, 2, 28, 1), Date.UTC(2027, 9, 31, 1)],
  'America/New_York': [Date.UTC(2027, 2, 14, 7), Date.UTC(2027, 10, 7, 6)],
};
const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

describe.each(ZONES)('in %s', (zone) => {
  it('a wall-clock time near a change is understood as the Scheduler fires it, or refused when skipped or repeated', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANGES[zone]),
        fc.integer({ min: -36, max: 36 }),
        fc.integer({ min: 0, max: 59 }),
        (change, hours, minute) => {
          const now = new Date(change - 5 * 86_400_000);
          const around = wallClockOf(change + hours * HOUR, zone);
          const typed = `${around.day} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][around.month - 1]} ${around.year} ${pad(around.hour)}:${pad(minute)}`;
          const reading = readScheduleTime(typed, zone, now, 30);
          const wall = `${around.year}-${pad(around.month)}-${pad(around.day)}T${pad(around.hour)}:${pad(minute)}:00`;
          const fired = atInstant(`at(${wall})`, zone);
          if (isScheduleTime(reading)) {
            expect(reading.wall).toBe(wall);
            expect(reading.zone).toBe(zone);
            // The Scheduler (the stand-in) fires at the instant the bot told the person.
            expect(fired).toBe(Date.parse(reading.at));
            expect(wallClockOf(Date.parse(reading.at), zone).toString()).toBe(wall);
          } else {
            expect(['skipped', 'repeated']).toContain(reading.problem);
            if (reading.problem === 'skipped') expect(fired).toBeUndefined();
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('"in N minutes" is that long from now, whatever the clocks do, and fires then', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANGES[zone]),
        fc.integer({ min: -180, max: 180 }),
        fc.integer({ min: 2, max: 600 }),
        (change, offset, minutes) => {
          const now = new Date(change + offset * 60_000);
          const reading = readScheduleTime(`in ${minutes}m`, zone, now, 30);
          if (!isScheduleTime(reading)) throw new Error(`refused: ${JSON.stringify(reading)}`);
          expect(Date.parse(reading.at)).toBe(now.getTime() + minutes * 60_000);
          expect(atInstant(`at(${reading.wall})`, reading.zone)).toBe(Math.floor(Date.parse(reading.at) / 1000) * 1000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

test('the skipped and repeated hours are named, not guessed', () => {
  const before = new Date(Date.UTC(2027, 2, 20));
  expect(readScheduleTime('28 Mar 02:30', 'Europe/Berlin', before, 30)).toEqual({
    problem: 'skipped',
    wall: '2027-03-28T02:30:00',
    zone: 'Europe/Berlin',
  });
  expect(readScheduleTime('7 Nov 01:30', 'America/New_York', new Date(Date.UTC(2027, 10, 1)), 30)).toEqual({
    problem: 'repeated',
    wall: '2027-11-07T01:30:00',
    zone: 'America/New_York',
  });
  expect(checkWallClock('2027-10-31T02:30:00', 'Europe/Berlin', new Date(Date.UTC(2027, 9, 1)), 60)).toMatchObject({
    problem: 'repeated',
  });
});

test.each([
  ['blah', 'unparseable'],
  ['friday 18:30 please', 'unparseable'],
  ['tomorrow', 'no-time'],
  ['at 7', 'ambiguous-hour'],
  ['yesterday 10:00', 'past'],
  ['in 40 days', 'too-far'],
])('%s is refused as %s', (typed, problem) => {
  expect(readScheduleTime(typed, 'Europe/Berlin', new Date(Date.UTC(2026, 11, 3, 11)), 30)).toMatchObject({ problem });
});

test.each([
  ['at 19:00', '2026-12-03T19:00:00'],
  ['tomorrow 8:00', '2026-12-04T08:00:00'],
  ['friday 18:30', '2026-12-04T18:30:00'],
  ['7pm', '2026-12-03T19:00:00'],
  ['on friday at 18:30', '2026-12-04T18:30:00'],
])('%s is %s in Europe/Berlin', (typed, wall) => {
  expect(readScheduleTime(typed, 'Europe/Berlin', new Date(Date.UTC(2026, 11, 3, 11)), 30)).toMatchObject({
    wall,
    zone: 'Europe/Berlin',
  });
});
