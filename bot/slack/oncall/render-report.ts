/**
 * The on-call report as Slack messages: a message with a header that says what changed, the fleet counts, and the
 * first lines of each category (removed, not scanned, needing attention); then, in its thread, every line that did
 * not fit, so nothing is dropped. Each message stays within Block Kit's limits and within the characters Slack takes
 * in one message's blocks (msg_blocks_too_long). The words are bot/views/oncall.ts's; this file only lays them out.
 */
import type { DividerBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/web-api';
import type { OnCallReport } from '../../../sync/report';
import type { Text } from '../../views/model';
import { type OnCallCategoryView, onCallView } from '../../views/oncall';
import {
  BLOCK_LIMITS,
  blocksTextLength,
  fitSections,
  mrkdwnContext,
  mrkdwnSection,
  packLines,
  shareBlockBudget,
  truncateText,
} from '../blocks/limits';
import { escapeMrkdwn, mrkdwnText } from '../blocks/mrkdwn';
import { DEFAULT_RENDER_OPTIONS } from '../render/sections';

/** A report is read at a glance: past this many lines, a category's lines continue in the thread. */
export const LINES_PER_CATEGORY = 20;

/** Notifications show a line or two; the rest of the fallback would only be cut off there. */
const FALLBACK_CHARS = 1000;

/** The fleet line's share of a message: the counts by state that fit in it, each whole. */
const FLEET_LINE_CHARS = 1000;

/** Room kept in each message for a category's title, its "more" line and what the counting might miss. */
const TITLE_ROOM = 400;

export interface RenderedMessage {
  /** The fallback: what notifications, screen readers and search show. */
  text: string;
  blocks: KnownBlock[];
}

const DIVIDER: DividerBlock = { type: 'divider' };

const mrkdwn = (text: Text) => mrkdwnText(text, DEFAULT_RENDER_OPTIONS.commandPrefix);

/** The first message of the report (what the channel shows); renderOnCallMessages adds its thread. */
export function renderOnCallReport(report: OnCallReport): RenderedMessage {
  return renderOnCallMessages(report)[0]!;
}

/** The report as a message and its thread replies, in posting order; together they hold every line. */
export function renderOnCallMessages(report: OnCallReport): RenderedMessage[] {
  const view = onCallView(report);
  const header: HeaderBlock = {
    type: 'header',
    text: { type: 'plain_text', text: truncateText(view.headline, BLOCK_LIMITS.headerText) },
  };
  const fleet = `${escapeMrkdwn(view.fleet.label)}: *${escapeMrkdwn(view.fleet.total)}*${view.fleet.states.length > 0 ? `: ${wholeEntries(view.fleet.states.map(escapeMrkdwn), view.fleet.otherStates)}` : ''}`;
  const top: KnownBlock[] = [header, mrkdwnContext(fleet, ...view.context.map(mrkdwn))];

  const categories = view.categories.map((category) => ({
    category,
    lines: category.lines.map((line) => truncateText(`• ${mrkdwn(line)}`, BLOCK_LIMITS.text)),
  }));
  // Each category's share of the characters left: small ones leave theirs to large ones.
  const room = Math.max(0, BLOCK_LIMITS.messageBlocksText - blocksTextLength(top) - TITLE_ROOM * categories.length);
  const wants = categories.map(({ lines }) =>
    lines.slice(0, LINES_PER_CATEGORY).reduce((sum, line) => sum + line.length + 1, 0),
  );
  const shares = shareBlockBudget(wants, room);

  const body: KnownBlock[] = [];
  const thread: RenderedMessage[] = [];
  for (const [i, { category, lines }] of categories.entries()) {
    let shown = 0;
    let used = 0;
    while (shown < Math.min(lines.length, LINES_PER_CATEGORY) && used + lines[shown]!.length + 1 <= shares[i]!) {
      used += lines[shown]!.length + 1;
      shown++;
    }
    const hidden = lines.length - shown;
    const blocks = fitSections(lines.slice(0, shown), { budget: Number.POSITIVE_INFINITY, more: () => '' }).blocks;
    body.push(DIVIDER, mrkdwnSection(`*${escapeMrkdwn(category.title)}*`), ...blocks);
    if (hidden > 0) {
      body.push(mrkdwnContext(mrkdwn(category.moreInThread(hidden))));
      thread.push(...threadMessages(category, lines, shown, view.threadFallback));
    }
  }
  return [{ text: truncateText(escapeMrkdwn(view.fallback), FALLBACK_CHARS), blocks: [...top, ...body] }, ...thread];
}

/**
 * The lines from `from` on, as thread replies: each a title saying which lines it holds, then as many lines as fit
 * in one message's blocks and characters.
 */
function threadMessages(
  category: OnCallCategoryView,
  lines: readonly string[],
  from: number,
  fallback: (part: string) => string,
): RenderedMessage[] {
  const messages: RenderedMessage[] = [];
  const chars = BLOCK_LIMITS.messageBlocksText - TITLE_ROOM;
  // A title and a divider besides the packed lines.
  const sections = BLOCK_LIMITS.blocksPerMessage - 2;
  let start = from;
  while (start < lines.length) {
    let end = start;
    let used = 0;
    while (end < lines.length && used + lines[end]!.length + 1 <= chars) {
      if (packLines(lines.slice(start, end + 1)).length > sections) break;
      used += lines[end]!.length + 1;
      end++;
    }
    // A line too long for any message on its own still goes, cut to a section's size by packLines.
    if (end === start) end = start + 1;
    const title = category.continued(start + 1, end);
    const packs = packLines(lines.slice(start, end));
    const blocks: KnownBlock[] = [
      mrkdwnSection(`*${escapeMrkdwn(title)}*`),
      ...packs.map((pack): SectionBlock => mrkdwnSection(pack.join('\n'))),
    ];
    messages.push({ text: truncateText(escapeMrkdwn(fallback(title)), FALLBACK_CHARS), blocks });
    start = end;
  }
  return messages;
}

/** As many whole "count State" entries as fit: a count cut in half would be a number the report never had. */
function wholeEntries(entries: readonly string[], others: (n: number) => string): string {
  let text = '';
  for (const [i, entry] of entries.entries()) {
    const next = text === '' ? entry : `${text} · ${entry}`;
    if (next.length > FLEET_LINE_CHARS) {
      const rest = escapeMrkdwn(others(entries.length - i));
      return text === '' ? rest : `${text} · ${rest}`;
    }
    text = next;
  }
  return text;
}
