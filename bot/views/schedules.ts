/**
 * Schedules in words: the question before one is made ("Stop ws-… on Fri 4 Dec at 18:30 Europe/Berlin?"), why a
 * time was not taken (each a question back), the list with its Cancel buttons, and what came of one when it fired.
 */
import type { PendingSchedule } from '../../core/data/schedules';
import { ACTION_RULES, type Action, SCHEDULABLE_ACTIONS } from '../../core/rules';
import type { ScheduleTimeProblem } from '../../core/schedule-time';
import type { ReplyAddresses } from '../chat/port';
import type { ControlRow, MessageView, Section, Span, Text } from './model';
import { cmd, id, words } from './text';
import { counted, orList } from './words';
import { actionLabel } from './workspace';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Fri 4 Dec at 18:30 Europe/Berlin": a wall-clock time as the person will read it, in their zone. */
export function wallClockWords(wall: string, zone: string): string {
  const [date, time] = wall.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // The weekday of a calendar date does not depend on any zone.
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year === currentYear() ? '' : `${year} `}at ${time.slice(0, 5)} ${zone}`;
}

function currentYear(): number {
  return new Date().getUTCFullYear();
}

/** "Stop ws-1 on Fri 4 Dec at 18:30 Europe/Berlin". */
function what(action: Action, workspaceId: string, wall: string, zone: string): Span[] {
  return words(`${actionLabel(action)} `, id(workspaceId), ` on ${wallClockWords(wall, zone)}`);
}

function warning(text: Text, detail?: Text): MessageView {
  return {
    text,
    sections: [{ type: 'notice', tone: 'warning', text, ...(detail ? { detail } : {}) }],
    private: true,
  };
}

const EXAMPLES = words(
  'Say it like ',
  cmd('stop at 19:00'),
  ', ',
  cmd('start tomorrow 8:00'),
  ', ',
  cmd('restart in 30m'),
  ' or ',
  cmd('stop ws-a1b2c3d4e friday 18:30'),
  '.',
);

/** Why a time was not taken, asked back: nothing is scheduled until the person says a time that is clear. */
export function scheduleTimeQuestion(problem: ScheduleTimeProblem, action: Action): MessageView {
  const verb = ACTION_RULES[action].verb;
  switch (problem.problem) {
    case 'unparseable':
      return warning(`I couldn't read “${problem.text}” as a time. When should I ${verb} it?`, EXAMPLES);
    case 'no-time':
      return warning(`“${problem.text}” has no time of day. At what time should I ${verb} it?`, EXAMPLES);
    case 'ambiguous-hour': {
      const evening = problem.hour === 12 ? 0 : problem.hour + 12;
      const morning = problem.hour === 12 ? 12 : problem.hour;
      return warning(
        `Did you mean ${pad(morning)}:00 or ${pad(evening)}:00? Say the time on a 24-hour clock, or add am or pm.`,
      );
    }
    case 'repeated':
      return warning(
        `${wallClockWords(problem.wall, problem.zone)} happens twice that night: the clocks go back. Which do you mean? Please choose a time outside the repeated hour.`,
      );
    case 'skipped':
      return warning(
        `${wallClockWords(problem.wall, problem.zone)} does not happen: the clocks go forward that night. Please choose another time.`,
      );
    case 'past':
      return warning(
        `${wallClockWords(problem.wall, problem.zone)} has passed (or is less than a minute away). When should I ${verb} it?`,
      );
    case 'too-far':
      return warning(
        `${wallClockWords(problem.wall, problem.zone)} is more than ${counted(problem.horizonDays, 'day')} ahead, further than I schedule. Please choose an earlier time.`,
      );
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The question before a schedule is made, with Confirm and Don't schedule. */
export function scheduleQuestion(
  request: { action: Action; workspaceId: string; wall: string; zone: string },
  zoneFromChat: boolean,
): MessageView {
  const text = words(...what(request.action, request.workspaceId, request.wall, request.zone), '?');
  const sections: Section[] = [{ type: 'text', text }];
  if (!zoneFromChat) {
    sections.push({
      type: 'context',
      text: `Your chat profile did not say your time zone, so this is ${request.zone}.`,
    });
  }
  sections.push({
    type: 'context',
    text: 'The state is checked when it is due: if it cannot be done then, I tell you why.',
  });
  const controls: ControlRow[] = [
    {
      buttons: [
        { label: 'Confirm', style: 'primary', intent: { kind: 'schedule-confirm', ...request } },
        {
          label: "Don't schedule",
          intent: { kind: 'schedule-dismiss', action: request.action, workspaceId: request.workspaceId },
        },
      ],
    },
  ];
  return { text, sections, controls, private: true };
}

export function scheduleDismissed(action: Action, workspaceId: string): MessageView {
  const text = words(`Nothing scheduled: I won't ${ACTION_RULES[action].verb} `, id(workspaceId), ' later.');
  return { text, sections: [{ type: 'notice', tone: 'info', text }], private: true };
}

export function scheduled(schedule: PendingSchedule<ReplyAddresses>): MessageView {
  const text = words('Scheduled: ', ...what(schedule.action, schedule.workspaceId, schedule.wall, schedule.zone), '.');
  return {
    text,
    sections: [
      { type: 'notice', tone: 'success', text },
      {
        type: 'context',
        text: words('I will tell you here how it went. ', cmd('schedules'), ' lists it, to cancel it.'),
      },
    ],
    private: true,
  };
}

export function scheduleNotSchedulable(action: Action): MessageView {
  const usable = orList(SCHEDULABLE_ACTIONS.map((a) => ACTION_RULES[a].verb));
  return warning(
    `I can't schedule a ${ACTION_RULES[action].verb} for later: only ${usable} can be. A ${ACTION_RULES[action].verb} is asked about when it is done.`,
  );
}

export function schedulesUnavailable(): MessageView {
  return warning('Schedules are not set up in this deployment of the bot. Ask the people who run it.');
}

export function tooManySchedules(max: number): MessageView {
  return warning(
    words(
      `You already have ${counted(max, 'schedule')} waiting, as many as I keep for one person. `,
      cmd('schedules'),
      ' lists them; cancel one first.',
    ),
  );
}

export function scheduleOneWorkspace(action: Action, ids: readonly string[], when: string): MessageView {
  return warning(
    words(
      `That names ${counted(ids.length, 'WorkSpace')}; a schedule is for one. Name it, as in `,
      cmd(`${action} ${ids[0]} ${when}`),
      '.',
    ),
    `Yours: ${ids.join(', ')}`,
  );
}

export function scheduleCreateFailed(): MessageView {
  return warning("I couldn't make the schedule just now; nothing is scheduled. Please try again in a minute.");
}

/** The pending schedules with a Cancel button each; `all`: an admin's list of everyone's. */
/** A list of pending schedules; `more`: others wait beyond these (only the first ones are listed). */
export function scheduleList(
  schedules: readonly PendingSchedule<ReplyAddresses>[],
  options: { all: boolean; filtered: boolean; more: boolean },
): MessageView {
  if (schedules.length === 0) {
    const text = options.all
      ? options.filtered
        ? 'No pending schedules match.'
        : 'Nobody has a schedule waiting.'
      : words('You have no schedules waiting. Schedule one with ', cmd('stop at 19:00'), '.');
    return { text, sections: [{ type: 'notice', tone: 'info', text }], private: true };
  }
  const count = options.more ? `the first ${schedules.length}` : String(schedules.length);
  const title = options.all ? `Pending schedules (${count})` : `Your schedules (${count})`;
  const controls: ControlRow[] = schedules.map((schedule) => ({
    text: words(
      ...what(schedule.action, schedule.workspaceId, schedule.wall, schedule.zone),
      options.all ? ` · for ${schedule.ownerAdUser} (${schedule.requestedBy})` : '',
    ),
    buttons: [
      {
        label: 'Cancel',
        style: 'danger',
        intent: { kind: 'schedule-cancel', name: schedule.name, owner: schedule.owner },
      },
    ],
  }));
  const sections: Section[] = [{ type: 'header', text: title }];
  if (options.more) {
    sections.push({
      type: 'context',
      text: options.all
        ? `More are waiting after these ${schedules.length}, the earliest first; filter by user: or a WorkSpace id.`
        : `More are waiting after these ${schedules.length}, the earliest first; filter by a WorkSpace id.`,
    });
  }
  return { text: title, sections, controls, private: true };
}

export function scheduleCancelled(schedule: PendingSchedule<ReplyAddresses>): MessageView {
  const text = words('Cancelled: ', ...what(schedule.action, schedule.workspaceId, schedule.wall, schedule.zone), '.');
  return { text, sections: [{ type: 'notice', tone: 'success', text }], private: true };
}

export function scheduleAlreadyGone(): MessageView {
  return warning('That schedule is no longer waiting: it has run, or was cancelled.');
}

export function notYourSchedule(): MessageView {
  return warning('You can cancel only your own schedules.');
}

/** When it fired, but nothing was done: the person is told why, with what to do. */
export function scheduleNotRun(
  schedule: PendingSchedule<ReplyAddresses>,
  why: 'unlinked' | 'workspace-gone' | 'no-access',
): MessageView {
  const scheduledFor = words(
    `I did not ${ACTION_RULES[schedule.action].verb} `,
    id(schedule.workspaceId),
    ` as scheduled for ${wallClockWords(schedule.wall, schedule.zone)}: `,
  );
  const reason: Text =
    why === 'unlinked'
      ? words('your chat account is no longer linked. Sign in again with ', cmd('link'), ', then schedule it again.')
      : why === 'workspace-gone'
        ? 'that WorkSpace no longer exists, or I can no longer see it.'
        : 'you may no longer act on that WorkSpace.';
  const text = words(...scheduledFor, ...(typeof reason === 'string' ? [reason] : reason));
  return { text, sections: [{ type: 'notice', tone: 'warning', text }], private: true };
}

/** What came of a schedule that ran: its outcome, under a line saying which schedule it was. */
export function scheduleRan(schedule: PendingSchedule<ReplyAddresses>, outcome: MessageView): MessageView {
  const line = words('As scheduled for ', wallClockWords(schedule.wall, schedule.zone), ':');
  return { ...outcome, sections: [{ type: 'context', text: line }, ...outcome.sections] };
}
