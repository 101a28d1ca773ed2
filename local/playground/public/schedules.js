/**
 * The Schedules panel, the same for every chat platform: the local Scheduler's pending schedules (what each will do,
 * for whom, when in UTC and in its own zone) and buttons that fast-forward its clock, so a "stop in 30m" fires now.
 * The list is fetched from GET /playground/api/schedules when the page opens, every few seconds (the stand-in also
 * fires on real time), after anything the bot sends, and after each fast-forward (whose answer carries it).
 * Without a Scheduler stand-in the server answers 404 and the panel stays hidden.
 */

const $ = (selector) => document.querySelector(selector);
const REFRESH_MS = 5_000;

let refreshing;
let again = false;
/** Whether a pending schedule has a time to go to ("To the next one"). */
let hasNext = false;

export async function setUpSchedules() {
  const first = await fetchSchedules();
  if (!first) return;
  $('#schedules').hidden = false;
  show(first);
  for (const button of document.querySelectorAll('.fast-forward button')) {
    button.addEventListener('click', () => fastForward(button));
  }
  setInterval(refreshSchedules, REFRESH_MS);
}

/** Fetches and shows the list again; calls that come while one is under way make one more, not one each. */
export function refreshSchedules() {
  if ($('#schedules').hidden) return;
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = fetchSchedules()
    .then((answer) => answer && show(answer))
    .finally(() => {
      refreshing = undefined;
      if (again) {
        again = false;
        refreshSchedules();
      }
    });
}

async function fetchSchedules() {
  try {
    const response = await fetch('/playground/api/schedules');
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

async function fastForward(button) {
  const body = button.dataset.to === 'next' ? { to: 'next' } : { minutes: Number(button.dataset.minutes) };
  const buttons = document.querySelectorAll('.fast-forward button');
  for (const b of buttons) b.disabled = true;
  const fired = $('#schedules-fired');
  try {
    const response = await fetch('/playground/api/schedules/advance', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    fired.classList.toggle('failed', !response.ok);
    if (!response.ok) {
      fired.textContent = answer.error ?? `The playground answered HTTP ${response.status}.`;
      return;
    }
    show(answer);
    fired.textContent = firedText(answer);
  } catch (error) {
    fired.classList.add('failed');
    fired.textContent = `The playground server did not answer (${error.message}). Is npm start still running?`;
  } finally {
    for (const b of buttons) b.disabled = false;
    $('#fast-forward-next').disabled = !hasNext;
  }
}

function firedText(answer) {
  const moved = `Moved the clock on ${duration(answer.advancedMinutes)}.`;
  if (answer.fired.length === 0) return `${moved} Nothing was due.`;
  const told = answer.fired.map((row) => `${what(row)}${row.ok ? '' : ' (failed)'}`);
  return `${moved} Fired: ${told.join('; ')}.`;
}

function show(answer) {
  $('#schedules-now').textContent = utc(answer.now);
  const list = $('#schedule-list');
  list.replaceChildren();
  if (answer.schedules.length === 0) {
    const item = document.createElement('li');
    item.className = 'hint';
    item.textContent = 'Nothing scheduled. Try “stop in 30m”.';
    list.append(item);
  }
  for (const row of answer.schedules) {
    const item = document.createElement('li');
    item.dataset.name = row.name;
    const label = document.createElement('span');
    label.className = 'schedule-what';
    label.textContent = `${what(row)}${row.requestedBy ? `, asked by ${row.requestedBy}` : ''}`;
    const when = document.createElement('span');
    when.className = 'schedule-when';
    const inZone = row.zone === 'UTC' ? '' : ` · ${row.dueInZone} ${row.zone}`;
    when.textContent = row.dueUtc
      ? `${utc(row.dueUtc)}${inZone} · ${dueIn((Date.parse(row.dueUtc) - Date.parse(answer.now)) / 60_000)}`
      : `never: its time does not occur in ${row.zone}`;
    item.title = row.name;
    item.append(label, when);
    list.append(item);
  }
  hasNext = answer.schedules.some((row) => row.dueUtc);
  $('#fast-forward-next').disabled = !hasNext;
}

/** "stop ws-alice", with the kind of job when it is not a schedule a person asked for (a follow-up check…). */
function what(row) {
  const action = [row.action, row.workspaceId].filter(Boolean).join(' ') || row.name;
  return row.kind === 'scheduled-action' ? action : `${action} (${row.kind})`;
}

/**
 * "in 25 min", or "due now" once its time has come: the bot computes a schedule's time on the real clock, so one it
 * makes after a fast-forward can fall behind the Scheduler's clock, which fires it at its next look (a few seconds).
 */
function dueIn(minutes) {
  if (minutes <= 0) return 'due now: fires at the Scheduler’s next look';
  return minutes < 1 ? 'in under a minute' : `in ${duration(minutes)}`;
}

function utc(iso) {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function duration(minutes) {
  const whole = Math.max(0, Math.round(minutes));
  if (whole < 60) return `${whole} min`;
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  const rest = whole % 60;
  return [days && `${days} d`, hours && `${hours} h`, rest && `${rest} min`].filter(Boolean).join(' ');
}
