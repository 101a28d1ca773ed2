/**
 * Block Kit limits: the one source of truth for the project's renderers and for the local Slack stand-in's
 * validation, plus the small pure helpers that keep a rendered message inside them whatever the data.
 */
import type { ContextBlock, SectionBlock } from '@slack/web-api';

/** What Slack itself rejects (`invalid_blocks`, `msg_too_long`); the stand-in enforces exactly these. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  /** Modals and the home tab. */
  blocksPerView: 100,
  elementsPerActions: 25,
  elementsPerContext: 10,
  fieldsPerSection: 10,
  overflowOptions: 5,
  optionsPerSelect: 100,
  optionValue: 150,
  optionText: 75,
  buttonValue: 2000,
  buttonText: 75,
  /** A section's text, or one element of a context block. */
  text: 3000,
  fieldText: 2000,
  headerText: 150,
  blockId: 255,
  actionId: 255,
  viewTitle: 24,
  viewCallbackId: 255,
  viewPrivateMetadata: 3000,
  /** Top-level `text` of a message; Slack answers `msg_too_long` past it. */
  messageText: 40_000,
  /**
   * All the text in a message's blocks together (blocksTextLength); past about this Slack answers
   * `msg_blocks_too_long`. Not in Slack's documentation: reported in slackapi/bolt-js issues #2509 and #2867.
   */
  messageBlocksText: 12_000,
} as const;

/**
 * What the renderers stay within: Slack's limits, except option values, which the design caps at 75 (Slack's
 * limit before it was raised to 150) so an option value built here is valid wherever it is sent, and the text of a
 * message's blocks, kept a margin under Slack's undocumented "about 12,000".
 */
export const BLOCK_LIMITS = { ...SLACK_LIMITS, optionValue: 75, messageBlocksText: 11_000 } as const;

export const ELLIPSIS = '…';

/** The characters of every text in some blocks (headers, sections, fields, contexts, buttons, dialogs), as counted
 * against SLACK_LIMITS.messageBlocksText. */
export function blocksTextLength(blocks: unknown): number {
  let total = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'text' && typeof inner === 'string') total += inner.length;
      else visit(inner);
    }
  };
  visit(blocks);
  return total;
}

/**
 * Shortens `text` to at most `max` characters, ending in an ellipsis. Never cuts inside a Slack token such as
 * `<!date^…>` or `<@U123>`, an HTML entity such as `&amp;`, or a surrogate pair, any of which would render as junk.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  const open = text.lastIndexOf('<', end - 1);
  if (open !== -1) {
    const close = text.indexOf('>', open);
    if (close === -1 || close >= end) end = open;
  }
  const amp = text.lastIndexOf('&', end - 1);
  if (amp !== -1 && amp >= end - 8) {
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi >= end) end = amp;
  }
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/** Joins lines into as few texts of at most `maxChars` as possible; a line too long on its own is truncated. */
export function packLines(lines: readonly string[], maxChars: number = BLOCK_LIMITS.text): string[][] {
  const packs: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const raw of lines) {
    const line = truncateText(raw, maxChars);
    if (current.length > 0 && length + 1 + line.length > maxChars) {
      packs.push(current);
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? 1 : 0) + line.length;
    current.push(line);
  }
  if (current.length > 0) packs.push(current);
  return packs;
}

export interface FittedSections {
  blocks: (SectionBlock | ContextBlock)[];
  /** How many of the lines are in `blocks`; the rest are counted by the "more" line. */
  shown: number;
  hidden: number;
}

/**
 * Renders lines as mrkdwn sections within `budget` blocks and at most `maxLines` lines. Whatever does not fit is
 * replaced by one context block from `more(hidden)`, so the message says how much it left out instead of failing.
 */
export function fitSections(
  lines: readonly string[],
  options: { budget: number; maxLines?: number; more: (hidden: number) => string },
): FittedSections {
  const capped = lines.slice(0, options.maxLines ?? lines.length);
  let packs = packLines(capped);
  const complete = capped.length === lines.length && packs.length <= options.budget;
  // The "more" line takes a block of its own.
  if (!complete && packs.length + 1 > options.budget) packs = packs.slice(0, Math.max(0, options.budget - 1));
  const shown = packs.reduce((sum, pack) => sum + pack.length, 0);
  // A pack of blank lines alone would be an empty section, which Slack refuses.
  const blocks: (SectionBlock | ContextBlock)[] = packs
    .filter((pack) => pack.join('').trim() !== '')
    .map((pack) => mrkdwnSection(pack.join('\n')));
  const hidden = lines.length - shown;
  if (hidden > 0 && options.budget > 0) blocks.push(mrkdwnContext(options.more(hidden)));
  return { blocks, shown, hidden };
}

/**
 * Shares `total` blocks between parts that each need `needs[i]`: every part gets an equal share, and what a small
 * part leaves unused goes to the larger ones.
 */
export function shareBlockBudget(needs: readonly number[], total: number): number[] {
  const shares = needs.map(() => 0);
  let left = total;
  let open = needs.flatMap((need, i) => (need > 0 ? [i] : []));
  while (left > 0 && open.length > 0) {
    const each = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      const give = Math.min(each, needs[i]! - shares[i]!, left);
      shares[i]! += give;
      left -= give;
    }
    open = open.filter((i) => shares[i]! < needs[i]!);
  }
  return shares;
}

/**
 * Slack refuses a text object whose text is empty (`must be more than 0 characters`), and a blank one shows nothing:
 * every text builder refuses both, so a caller that could have nothing to say decides what to do instead.
 */
export function nonBlank(text: string, what: string): string {
  if (text.trim() === '') throw new RangeError(`${what}: Slack refuses an empty text`);
  return text;
}

export function mrkdwnSection(text: string): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncateText(nonBlank(text, 'section'), BLOCK_LIMITS.text) },
  };
}

export function mrkdwnContext(...texts: string[]): ContextBlock {
  if (texts.length === 0) throw new RangeError('context: Slack refuses a context block without elements');
  return {
    type: 'context',
    elements: texts.slice(0, BLOCK_LIMITS.elementsPerContext).map((text) => ({
      type: 'mrkdwn' as const,
      text: truncateText(nonBlank(text, 'context'), BLOCK_LIMITS.text),
    })),
  };
}
