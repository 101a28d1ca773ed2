/**
 * A MessageView as a Slack message or home tab: its sections rendered, then fitted into the block budget. When not
 * everything fits, every part gets a fair share, parts that can shrink leave rows out, and one closing line says
 * what was left out, so the message is sent shortened instead of refused.
 */
import type { DividerBlock, HomeView, KnownBlock } from '@slack/web-api';
import type { MessageView, Section } from '../../views/model';
import { BOT_NAME } from '../../views/words';
import { BLOCK_LIMITS, blocksTextLength, mrkdwnContext, shareBlockBudget, truncateText } from '../blocks/limits';
import { fallbackText } from '../blocks/mrkdwn';
import { DEFAULT_RENDER_OPTIONS, omittedLine, type Part, type RenderOptions, renderSection } from './sections';

export interface RenderedMessage {
  /** The fallback: what notifications, screen readers and search show. */
  text: string;
  blocks: KnownBlock[];
}

/** Notifications show a line or two; the full text is in the blocks. */
const FALLBACK_CHARS = 3000;

const DIVIDER: DividerBlock = { type: 'divider' };

export function renderMessage(view: MessageView, options: RenderOptions = DEFAULT_RENDER_OPTIONS): RenderedMessage {
  const text = truncateText(fallbackText(view.text, options.commandPrefix).trim() || BOT_NAME, FALLBACK_CHARS);
  const parts = sectionParts(view.sections, options);
  // Slack also refuses a message whose blocks hold too many characters (msg_blocks_too_long): with fewer blocks the
  // parts shrink and the closing line says what was left out. A block holds at most 3,000, so this ends.
  let budget: number = BLOCK_LIMITS.blocksPerMessage;
  let blocks = fitParts(parts, budget);
  while (blocksTextLength(blocks) > BLOCK_LIMITS.messageBlocksText && budget > 2) {
    budget = Math.max(2, Math.min(budget - 1, blocks.length - 1));
    blocks = fitParts(parts, budget);
  }
  return { text, blocks };
}

/** The home tab: the views one under another, divided, within the 100 blocks of a view. */
export function renderHome(views: readonly MessageView[], options: RenderOptions = DEFAULT_RENDER_OPTIONS): HomeView {
  const parts = views.flatMap((view, i) => [
    ...(i > 0 ? [{ blocks: [DIVIDER] } satisfies Part] : []),
    ...sectionParts(view.sections, options),
  ]);
  return { type: 'home', blocks: fitParts(parts, BLOCK_LIMITS.blocksPerView) };
}

/**
 * Sections as parts. Consecutive WorkSpaces are divided, as is the fleet page from what is above it; a divider goes
 * or stays with the part below it.
 */
function sectionParts(sections: readonly Section[], options: RenderOptions): Part[] {
  return sections.map((section, i) => {
    const part = renderSection(section, options);
    const previous = sections[i - 1]?.type;
    const divided =
      part.blocks.length > 0 &&
      ((section.type === 'workspace' && previous === 'workspace') ||
        // Under a header or a one-line summary, a page needs no divider: its rows start near the top.
        (section.type === 'fleet-page' && previous !== undefined && previous !== 'header' && previous !== 'context'));
    if (!divided) return part;
    const shrink = part.shrink;
    return {
      ...part,
      blocks: [DIVIDER, ...part.blocks],
      ...(shrink
        ? { shrink: (budget: number) => (budget >= 2 ? [DIVIDER, ...shrink(budget - 1)] : shrink(budget)) }
        : {}),
    };
  });
}

/** All the parts' blocks if they fit in `budget`; otherwise fair shares, leftovers handed on, and a closing line. */
function fitParts(parts: readonly Part[], budget: number): KnownBlock[] {
  const needs = parts.map((part) => part.blocks.length);
  if (needs.reduce((sum, n) => sum + n, 0) <= budget) return parts.flatMap((part) => part.blocks);

  const room = budget - 1;
  const shares = shareBlockBudget(needs, room);
  const chosen = parts.map((part, i) => {
    if (shares[i]! >= needs[i]!) return part.blocks;
    const shrunk = part.shrink && shares[i]! > 0 ? part.shrink(shares[i]!).slice(0, shares[i]) : [];
    return shrunk.length > 0 ? shrunk : undefined;
  });
  let left = room - chosen.reduce((sum, blocks) => sum + (blocks?.length ?? 0), 0);
  // Whole parts left out first, in order: a WorkSpace that fits is worth more than an extra row elsewhere.
  for (const [i, part] of parts.entries()) {
    if (chosen[i] === undefined && needs[i]! > 0 && needs[i]! <= left) {
      chosen[i] = part.blocks;
      left -= needs[i]!;
    }
  }
  for (const [i, part] of parts.entries()) {
    const current = chosen[i];
    if (left <= 0 || !part.shrink || current === undefined || current.length >= needs[i]!) continue;
    const grown = part.shrink(current.length + left).slice(0, current.length + left);
    left -= grown.length - current.length;
    chosen[i] = grown;
  }

  const omitted = parts.filter((part, i) => chosen[i] === undefined && needs[i]! > 0 && part.noun);
  const workspaces = omitted.filter((part) => part.noun === 'WorkSpace').length;
  const blocks = chosen.flatMap((part) => part ?? []);
  if (omitted.length > 0) blocks.push(mrkdwnContext(omittedLine(workspaces, omitted.length - workspaces)));
  return blocks.slice(0, budget);
}
