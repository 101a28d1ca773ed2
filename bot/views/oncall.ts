/**
 * The on-call report in words, for any chat platform: the headline, the fleet line, and for each category (removed,
 * not scanned, needing attention) its title and one line per entry. Renderers lay it out and decide how many lines
 * fit in a message; the rest go to the thread under it, so no entry is ever dropped. Every number is a count taken
 * from the report itself, never an estimate.
 */
import type { AttentionEntry } from '../../core/fleet-summary';
import { stateLabel } from '../../core/workspace';
import type { OnCallReport, RemovedWorkspace, UnscannedTarget } from '../../sync/report';
import type { Text } from './model';
import { at, cmd, id, strong, words } from './text';
import { counted, formatCount } from './words';

export interface OnCallCategoryView {
  /** "2 WorkSpaces removed from the cache". */
  title: string;
  /** One line per entry, in the order to read them. */
  lines: Text[];
  /** Under the lines a message shows, when the rest are in the thread: "…and 180 more, listed in the thread". */
  moreInThread: (hidden: number) => Text;
  /** The title of a thread reply that carries lines `from` to `to` (1-based) of this category. */
  continued: (from: number, to: number) => string;
}

export interface OnCallView {
  /** The header: what changed, with the counts. */
  headline: string;
  /** "Fleet", the fleet's size ("412 WorkSpaces"), its counts by state ("380 Available"), each whole. */
  fleet: { label: string; total: string; states: string[]; otherStates: (n: number) => string };
  /** When the counts were taken, and when this report was made. */
  context: Text[];
  categories: OnCallCategoryView[];
  /** What a notification shows. */
  fallback: string;
  /** The fallback of a thread reply. */
  threadFallback: (title: string) => string;
}

/** A cloud error can be a page long; a line keeps its start, which names the cause. */
export const ERROR_CHARS = 300;

const PROOF: Record<RemovedWorkspace['proof'], string> = {
  'two-complete-scans': 'absent from two complete scans',
  'describe-by-id': 'not found when described by id',
};

export function onCallView(report: OnCallReport): OnCallView {
  const headline = headlineOf(report);
  const title = report.kind === 'digest' ? 'WorkSpaces daily digest' : 'WorkSpaces on-call';
  return {
    headline: report.kind === 'digest' ? `Daily digest: ${headline}` : headline,
    fleet: fleetOf(report),
    context: [
      report.fleet.scannedAt ? words('Counted at the scan of ', at(report.fleet.scannedAt)) : 'Scan time not recorded',
      words(`${report.kind === 'digest' ? 'Daily digest' : 'Report'} of `, at(report.generatedAt)),
    ],
    categories: [
      removedCategory(report.removed, report.removedStillPending ?? 0),
      unscannedCategory(report.unscanned),
      attentionCategory(report.attention),
      deadLetterCategory(report.deadLetters ?? 0),
    ].filter((category) => category.lines.length > 0),
    fallback: fallbackText(report, title, headline),
    threadFallback: (part) => `${title}, continued: ${part}`,
  };
}

/** "2 WorkSpaces removed, 1 region not scanned, 3 need attention (1 stuck)": only what is there. */
function headlineOf(report: OnCallReport): string {
  const parts = [
    report.removed.length > 0 ? removedPhrase(report.removed) : undefined,
    report.unscanned.length > 0 ? unscannedPhrase(report.unscanned) : undefined,
    report.attention.length > 0 ? attentionPhrase(report.attention) : undefined,
    report.deadLetters ? deadLetterPhrase(report.deadLetters) : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0
    ? parts.join(', ')
    : 'All clear — nothing removed, every region scanned, nothing needs attention';
}

function deadLetterPhrase(count: number): string {
  return `${counted(count, 'chat request')} failed for good`;
}

/** The worker's dead letters: requests nobody was answered for, after Lambda's retries. */
function deadLetterCategory(count: number): OnCallCategoryView {
  const title = `${deadLetterPhrase(count)} (the worker's dead-letter queue)`;
  return {
    title,
    lines:
      count > 0
        ? [
            `The worker could not finish ${counted(count, 'chat request')} after Lambda's retries; the people who asked may have had no answer. Each waits in the worker's dead-letter queue with its request key, which the worker's log lines name; the queue keeps them 14 days.`,
          ]
        : [],
    moreInThread: inThread('dead letters'),
    continued: continued(title),
  };
}

function removedPhrase(removed: readonly RemovedWorkspace[]): string {
  return `${counted(removed.length, 'WorkSpace')} removed`;
}

function unscannedPhrase(unscanned: readonly UnscannedTarget[]): string {
  const accounts = new Set(unscanned.map((target) => target.accountId)).size;
  const where = counted(unscanned.length, 'region');
  return accounts > 1 ? `${where} in ${counted(accounts, 'account')} not scanned` : `${where} not scanned`;
}

/** "3 need attention (1 stuck)", or with a noun "3 WorkSpaces need attention (1 stuck)". */
function attentionPhrase(attention: readonly AttentionEntry[], noun?: string): string {
  const stuck = attention.filter((item) => item.reason === 'stuck').length;
  const subject = noun ? counted(attention.length, noun) : formatCount(attention.length);
  const need = `${subject} ${attention.length === 1 ? 'needs' : 'need'} attention`;
  return stuck > 0 ? `${need} (${formatCount(stuck)} stuck)` : need;
}

function fleetOf(report: OnCallReport): OnCallView['fleet'] {
  const { total, byState } = report.fleet;
  return {
    label: 'Fleet',
    total: counted(total, 'WorkSpace'),
    states: Object.entries(byState)
      .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
      .map(([state, count]) => `${formatCount(count)} ${stateLabel(state)}`),
    otherStates: (n) => `and ${counted(n, 'other state')}`,
  };
}

function continued(title: string) {
  return (from: number, to: number) => `${title}, continued (${formatCount(from)}–${formatCount(to)})`;
}

const inThread = (what: string) => (hidden: number) => `…and ${formatCount(hidden)} more ${what}, listed in the thread`;

/** @param stillPending removals proven but not in this report (it carries a page of them): the next reports do. */
function removedCategory(removed: readonly RemovedWorkspace[], stillPending: number): OnCallCategoryView {
  const sorted = [...removed].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.workspaceId.localeCompare(b.workspaceId),
  );
  const rest = stillPending > 0 ? `; ${formatCount(stillPending)} more follow in the next reports` : '';
  const title = `${removedPhrase(removed)} from the cache${rest}`;
  return {
    title,
    lines: sorted.map((ws) =>
      words(
        id(ws.workspaceId),
        ` ${ws.userName} · ${ws.region}, account ${ws.accountId} · `,
        ...(ws.lastSeenAt ? ['last seen ', at(ws.lastSeenAt)] : ['last seen: unknown']),
        ` · ${PROOF[ws.proof] ?? ws.proof}`,
      ),
    ),
    moreInThread: inThread('removed'),
    continued: continued(title),
  };
}

function unscannedCategory(unscanned: readonly UnscannedTarget[]): OnCallCategoryView {
  // The longest-failing first: that is the one most likely to need a person.
  const sorted = [...unscanned].sort(
    (a, b) => byTime(a.failingSince, b.failingSince) || a.region.localeCompare(b.region),
  );
  const title = unscannedPhrase(unscanned);
  return {
    title,
    lines: sorted.map((target) =>
      words(
        `${target.region}, account ${target.accountId} · failing since `,
        at(target.failingSince),
        ' · ',
        ...(target.lastCompleteAt ? ['last complete scan ', at(target.lastCompleteAt)] : ['never scanned completely']),
        ` · last error: ${cut(target.lastError, ERROR_CHARS)}`,
      ),
    ),
    moreInThread: inThread('not scanned'),
    continued: continued(title),
  };
}

function attentionCategory(attention: readonly AttentionEntry[]): OnCallCategoryView {
  // The longest in trouble first.
  const sorted = [...attention].sort((a, b) => byTime(a.since, b.since) || a.workspaceId.localeCompare(b.workspaceId));
  const title = attentionPhrase(attention, 'WorkSpace');
  return {
    title,
    lines: sorted.map((item) =>
      words(
        id(item.workspaceId),
        ` ${item.userName} · `,
        ...(item.reason === 'stuck' ? [strong('stuck'), ` in ${stateOf(item)}`] : [stateOf(item)]),
        ' since ',
        at(item.since),
        ` · ${item.region}, account ${item.accountId}`,
      ),
    ),
    moreInThread: (hidden) =>
      words(`…and ${formatCount(hidden)} more, listed in the thread; `, cmd('fleet'), ' lists them all'),
    continued: continued(title),
  };
}

/** WorkSpaces states are short words; anything longer is not one and is cut. */
function stateOf(item: AttentionEntry): string {
  return cut(stateLabel(item.state), 40);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Oldest first; a value that is not a time goes last. */
function byTime(a: string, b: string): number {
  const x = Date.parse(a);
  const y = Date.parse(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
  return x - y;
}

/** What a notification shows: the headline, the fleet size, and the first few names of each kind. */
function fallbackText(report: OnCallReport, title: string, headline: string): string {
  const details = [
    firstFew(
      'Removed',
      report.removed.map((ws) => ws.workspaceId),
    ),
    firstFew(
      'Not scanned',
      report.unscanned.map((target) => `${target.region} (${target.accountId})`),
    ),
    firstFew(
      'Needs attention',
      report.attention.map(
        (item) => `${item.workspaceId} (${item.reason === 'stuck' ? `stuck in ${stateOf(item)}` : stateOf(item)})`,
      ),
    ),
  ].filter((detail) => detail !== undefined);
  return [`${title}: ${headline}.`, `Fleet: ${counted(report.fleet.total, 'WorkSpace')}.`, ...details].join(' ');
}

function firstFew(label: string, names: string[], few = 3): string | undefined {
  if (names.length === 0) return undefined;
  const rest = names.length - few;
  return `${label}: ${names.slice(0, few).join(', ')}${rest > 0 ? ` and ${formatCount(rest)} more` : ''}.`;
}
