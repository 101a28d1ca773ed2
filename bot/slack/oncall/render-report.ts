/**
 * The on-call report as a Slack message: a header that says what changed, the fleet counts, then what was removed,
 * what could not be scanned and what needs attention. Pure, and within Block Kit limits whatever the report's size.
 * Every number shown is a count taken from the report itself, never an estimate.
 */
import type { DividerBlock, HeaderBlock, KnownBlock } from '@slack/web-api';
import type { AttentionEntry } from '../../../core/fleet-summary';
import type { OnCallReport, RemovedWorkspace, UnscannedTarget } from '../../../sync/report';
import {
  BLOCK_LIMITS,
  fitSections,
  mrkdwnContext,
  mrkdwnSection,
  shareBlockBudget,
  truncateText,
} from '../blocks/limits';
import { code, counted, escapeMrkdwn, formatCount, slackDate } from '../blocks/mrkdwn';

/** A report is read at a glance: past this many lines a category says how many more there are. */
export const LINES_PER_CATEGORY = 20;

/** A cloud error can be a page long; a line keeps its start, which names the cause. */
const ERROR_CHARS = 300;

/** WorkSpaces states are short words; anything longer is not one and is cut. */
const STATE_CHARS = 40;

/** Notifications show a line or two; the rest of the fallback would only be cut off there. */
const FALLBACK_CHARS = 1000;

const PROOF: Record<RemovedWorkspace['proof'], string> = {
  'two-complete-scans': 'absent from two complete scans',
  'describe-by-id': 'not found when described by id',
};

export interface RenderedMessage {
  /** The fallback: what notifications, screen readers and search show. */
  text: string;
  blocks: KnownBlock[];
}

interface Category {
  title: string;
  lines: string[];
  more: (hidden: number) => string;
}

export function renderOnCallReport(report: OnCallReport): RenderedMessage {
  const headline = headlineOf(report);
  const header: HeaderBlock = {
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncateText(report.kind === 'digest' ? `Daily digest: ${headline}` : headline, BLOCK_LIMITS.headerText),
    },
  };
  const top: KnownBlock[] = [header, fleetContext(report)];
  const shown = [
    removedCategory(report.removed),
    unscannedCategory(report.unscanned),
    attentionCategory(report.attention),
  ].filter((category) => category.lines.length > 0);

  // Each category costs a divider and a title besides its lines; small ones leave their share to large ones.
  const overhead = 2;
  const needs = shown.map(
    (c) => overhead + fitSections(c.lines, { budget: Number.POSITIVE_INFINITY, ...linesOf(c) }).blocks.length,
  );
  const shares = shareBlockBudget(needs, BLOCK_LIMITS.blocksPerMessage - top.length);
  const body = shown.flatMap((category, i) => {
    const budget = shares[i]! - overhead;
    const divider: DividerBlock = { type: 'divider' };
    return [
      divider,
      mrkdwnSection(category.title),
      ...fitSections(category.lines, { budget, ...linesOf(category) }).blocks,
    ];
  });
  return { text: fallbackText(report, headline), blocks: [...top, ...body] };
}

function linesOf(category: Category) {
  return { maxLines: LINES_PER_CATEGORY, more: category.more };
}

/** "2 WorkSpaces removed, 1 region not scanned, 3 need attention (1 stuck)": only what is there. */
function headlineOf(report: OnCallReport): string {
  const parts = [
    report.removed.length > 0 ? removedPhrase(report.removed) : undefined,
    report.unscanned.length > 0 ? unscannedPhrase(report.unscanned) : undefined,
    report.attention.length > 0 ? attentionPhrase(report.attention) : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0
    ? parts.join(', ')
    : 'All clear — nothing removed, every region scanned, nothing needs attention';
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

function fleetContext(report: OnCallReport) {
  const { total, byState, scannedAt } = report.fleet;
  const states = Object.entries(byState)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([state, count]) => `${formatCount(count)} ${truncateText(escapeMrkdwn(state), STATE_CHARS)}`);
  const fleet = `Fleet: *${counted(total, 'WorkSpace')}*${states.length > 0 ? `: ${wholeEntries(states)}` : ''}`;
  const scanned = scannedAt ? `Counted at the scan of ${slackDate(scannedAt)}` : 'Scan time not recorded';
  const generated = `${report.kind === 'digest' ? 'Daily digest' : 'Report'} of ${slackDate(report.generatedAt)}`;
  return mrkdwnContext(fleet, scanned, generated);
}

/** As many whole "count STATE" entries as fit: a count cut in half would be a number the report never had. */
function wholeEntries(entries: readonly string[]): string {
  const room = BLOCK_LIMITS.text - 100;
  let text = '';
  for (const [i, entry] of entries.entries()) {
    const next = text === '' ? entry : `${text} · ${entry}`;
    if (next.length > room) return `${text} · and ${counted(entries.length - i, 'other state')}`;
    text = next;
  }
  return text;
}

function removedCategory(removed: readonly RemovedWorkspace[]): Category {
  const sorted = [...removed].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.workspaceId.localeCompare(b.workspaceId),
  );
  return {
    title: `*${removedPhrase(removed)} from the cache*`,
    lines: sorted.map((ws) =>
      [
        `• ${code(ws.workspaceId)} ${escapeMrkdwn(ws.userName)}`,
        `${escapeMrkdwn(ws.region)}, account ${escapeMrkdwn(ws.accountId)}`,
        ws.lastSeenAt ? `last seen ${slackDate(ws.lastSeenAt)}` : 'last seen: unknown',
        PROOF[ws.proof] ?? escapeMrkdwn(ws.proof),
      ].join(' · '),
    ),
    more: (hidden) => `…and ${formatCount(hidden)} more removed, not listed here`,
  };
}

function unscannedCategory(unscanned: readonly UnscannedTarget[]): Category {
  // The longest-failing first: that is the one most likely to need a person.
  const sorted = [...unscanned].sort(
    (a, b) => byTime(a.failingSince, b.failingSince) || a.region.localeCompare(b.region),
  );
  return {
    title: `*${unscannedPhrase(unscanned)}*`,
    lines: sorted.map((target) =>
      [
        `• ${escapeMrkdwn(target.region)}, account ${escapeMrkdwn(target.accountId)}`,
        `failing since ${slackDate(target.failingSince)}`,
        target.lastCompleteAt ? `last complete scan ${slackDate(target.lastCompleteAt)}` : 'never scanned completely',
        `last error: ${escapeMrkdwn(truncateText(target.lastError, ERROR_CHARS))}`,
      ].join(' · '),
    ),
    more: (hidden) => `…and ${formatCount(hidden)} more not scanned, not listed here`,
  };
}

function attentionCategory(attention: readonly AttentionEntry[]): Category {
  // The longest in trouble first.
  const sorted = [...attention].sort((a, b) => byTime(a.since, b.since) || a.workspaceId.localeCompare(b.workspaceId));
  return {
    title: `*${attentionPhrase(attention, 'WorkSpace')}*`,
    lines: sorted.map((item) =>
      [
        `• ${code(item.workspaceId)} ${escapeMrkdwn(item.userName)}`,
        `${item.reason === 'stuck' ? `*stuck* in ${stateOf(item)}` : stateOf(item)} since ${slackDate(item.since)}`,
        `${escapeMrkdwn(item.region)}, account ${escapeMrkdwn(item.accountId)}`,
      ].join(' · '),
    ),
    more: (hidden) => `…and ${formatCount(hidden)} more; \`/workspace fleet\` lists them all`,
  };
}

function stateOf(item: AttentionEntry): string {
  return truncateText(escapeMrkdwn(item.state), STATE_CHARS);
}

/** Oldest first; a value that is not a time goes last. */
function byTime(a: string, b: string): number {
  const x = Date.parse(a);
  const y = Date.parse(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
  return x - y;
}

/** What a notification shows: the headline, the fleet size, and the first few names of each kind. */
function fallbackText(report: OnCallReport, headline: string): string {
  const title = report.kind === 'digest' ? 'WorkSpaces daily digest' : 'WorkSpaces on-call';
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
        (item) => `${item.workspaceId} (${item.reason === 'stuck' ? `stuck in ${item.state}` : item.state})`,
      ),
    ),
  ].filter((detail) => detail !== undefined);
  const text = [`${title}: ${headline}.`, `Fleet: ${counted(report.fleet.total, 'WorkSpace')}.`, ...details].join(' ');
  return truncateText(escapeMrkdwn(text), FALLBACK_CHARS);
}

function firstFew(label: string, names: string[], few = 3): string | undefined {
  if (names.length === 0) return undefined;
  const rest = names.length - few;
  return `${label}: ${names.slice(0, few).join(', ')}${rest > 0 ? ` and ${formatCount(rest)} more` : ''}.`;
}
