/**
 * The on-call report as Teams messages: a card with a heading that says what changed, the fleet counts, and the first
 * lines of each category (removed, not scanned, needing attention); then, as replies under it (in a channel) or
 * messages after it, every line that did not fit, so nothing is dropped. Each message stays within Teams' size
 * limit. The words are bot/views/oncall.ts's; this file only lays them out.
 */
import type { OnCallReport } from '../../../sync/report';
import { type OnCallCategoryView, onCallView } from '../../views/oncall';
import { type CardElement, type Container, textBlock, textBlocks } from './elements';
import { CARD_LIMITS, jsonBytes } from './limits';
import { bold, cardText, escapeCardText } from './markdown';
import { activityFits, type CardActivity, cardActivity } from './message';

const small = { subtle: true, size: 'Small' } as const;

/** The report first, then its continuations in posting order; together they hold every line. */
export function renderOnCallActivities(report: OnCallReport): CardActivity[] {
  const view = onCallView(report);
  const top: CardElement[] = [
    textBlock(escapeCardText(view.headline), { weight: 'Bolder', size: 'Medium', heading: true }),
    textBlock(fleetLine(view.fleet)),
    ...view.context.flatMap((line) => textBlocks(cardText(line), { ...small, spacing: 'None' })),
  ];
  const categories = view.categories.map((category) => ({
    category,
    lines: category.lines.map((line) => `• ${cardText(line)}`),
  }));
  const body = (cap: number) => [
    ...top,
    ...categories.map(({ category, lines }) => categoryContainer(category, lines, Math.min(cap, lines.length))),
  ];
  // The most lines per category that fit in one message, up to the glance limit; the rest continue after it.
  let cap = Math.min(CARD_LIMITS.onCallLinesPerCategory, Math.max(0, ...categories.map((c) => c.lines.length)));
  while (cap > 0 && !activityFits(view.fallback, body(cap))) cap--;
  const first = cardActivity(view.fallback, body(cap));
  const continued = categories.flatMap(({ category, lines }) =>
    lines.length > cap ? continuations(category, lines, cap, view.threadFallback) : [],
  );
  return [first, ...continued];
}

function categoryContainer(category: OnCallCategoryView, lines: readonly string[], shown: number): Container {
  const hidden = lines.length - shown;
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      textBlock(bold(escapeCardText(category.title))),
      ...lines.slice(0, shown).map((line) => textBlock(line, { spacing: 'None' })),
      ...(hidden > 0 ? textBlocks(cardText(category.moreInThread(hidden)), small) : []),
    ],
  };
}

/** The lines from `from` on, as messages: each a title saying which lines it holds, then as many lines as fit. */
function continuations(
  category: OnCallCategoryView,
  lines: readonly string[],
  from: number,
  fallback: (title: string) => string,
): CardActivity[] {
  const messages: CardActivity[] = [];
  // Room for the title, whose numbers grow, on top of the empty message.
  const room = CARD_LIMITS.activityBytes - jsonBytes(cardActivity(fallback(category.title), [])) - 1024;
  let start = from;
  while (start < lines.length) {
    let end = start;
    let used = 0;
    // A line costs its block and a comma; a line is at most CARD_LIMITS.textChars, so at least one always fits.
    while (end < lines.length) {
      const cost = jsonBytes(textBlock(lines[end]!, { spacing: 'None' })) + 1;
      if (end > start && used + cost > room) break;
      used += cost;
      end++;
    }
    const title = category.continued(start + 1, end);
    const shown = lines.slice(start, end).map((line) => textBlock(line, { spacing: 'None' }));
    messages.push(cardActivity(fallback(title), [textBlock(bold(escapeCardText(title))), ...shown]));
    start = end;
  }
  return messages;
}

/** "Fleet: **412 WorkSpaces**: 380 Available · 20 Stopped · …", with as many whole counts as fit. */
function fleetLine(fleet: ReturnType<typeof onCallView>['fleet']): string {
  const head = `${escapeCardText(fleet.label)}: ${bold(escapeCardText(fleet.total))}`;
  let states = '';
  for (const [i, entry] of fleet.states.entries()) {
    const next = states === '' ? escapeCardText(entry) : `${states} · ${escapeCardText(entry)}`;
    if (next.length > CARD_LIMITS.onCallFleetChars) {
      const rest = escapeCardText(fleet.otherStates(fleet.states.length - i));
      states = states === '' ? rest : `${states} · ${rest}`;
      break;
    }
    states = next;
  }
  return states ? `${head}: ${states}` : head;
}
