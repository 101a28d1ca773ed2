/**
 * A MessageView as a Teams message: an Adaptive Card 1.5 of its sections, fitted into Teams' size limit. When not
 * everything fits, the lists (rows, lines, options) are cut to the same length, each saying how many it left out;
 * if even that is too much, whole parts go from the end and one closing line says what was left out. So a message is
 * sent shortened instead of refused.
 */
import type { MessageView, Section } from '../../views/model';
import { BOT_NAME, LEFT_OUT } from '../../views/words';
import { DEFAULT_RENDER_OPTIONS, type Part, type RenderOptions, renderSection } from './card';
import { type CardElement, textBlock } from './elements';
import { CARD_LIMITS, jsonBytes, TEAMS_LIMITS, truncate } from './limits';
import { escapeCardText, plainText } from './markdown';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export interface AdaptiveCard {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  type: 'AdaptiveCard';
  version: typeof TEAMS_LIMITS.cardVersion;
  /** What a client that cannot draw the card shows. */
  fallbackText: string;
  body: CardElement[];
  /** Teams: the card takes the conversation's width, which a fleet's rows need. */
  msteams: { width: 'Full' };
}

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

/** The message activity, as botbuilder's `sendActivity` / `updateActivity` take it (`Partial<Activity>`). */
export interface CardActivity {
  type: 'message';
  /** Unset: Teams would show a text above the card, saying the same twice. */
  text?: string;
  /** What notifications and the activity feed show. */
  summary: string;
  attachments: [CardAttachment];
}

export function renderCard(view: MessageView, options: RenderOptions = DEFAULT_RENDER_OPTIONS): AdaptiveCard {
  return renderActivity(view, options).attachments[0].content;
}

export function renderActivity(view: MessageView, options: RenderOptions = DEFAULT_RENDER_OPTIONS): CardActivity {
  const summary = truncate(plainText(view.text, options).trim() || BOT_NAME, CARD_LIMITS.summaryChars);
  const activity = (body: CardElement[]): CardActivity => ({
    type: 'message',
    summary,
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        content: {
          $schema: ADAPTIVE_CARD_SCHEMA,
          type: 'AdaptiveCard',
          version: TEAMS_LIMITS.cardVersion,
          fallbackText: summary,
          // A card needs something to show; a view with no sections says its text.
          body: body.length > 0 ? body : [textBlock(escapeCardText(summary))],
          msteams: { width: 'Full' },
        },
      },
    ],
  });
  const fits = (body: CardElement[]) => jsonBytes(activity(body)) <= CARD_LIMITS.activityBytes;
  return activity(fitParts(sectionParts(view.sections, options), fits));
}

function sectionParts(sections: readonly Section[], options: RenderOptions): Part[] {
  const workspaces = sections.filter((section) => section.type === 'workspace').length;
  return sections.map((section, i) => renderSection(section, { previous: sections[i - 1]?.type, workspaces }, options));
}

/** Every part whole if it fits; else the lists cut to the longest common length that fits; else parts dropped. */
function fitParts(parts: readonly Part[], fits: (body: CardElement[]) => boolean): CardElement[] {
  const at = (cap: number, kept: readonly Part[] = parts) => kept.flatMap((part) => part.render(cap));
  const all = at(Number.POSITIVE_INFINITY);
  if (fits(all)) return all;

  // The longest cap that fits, by bisection: a shorter cap never makes a card bigger.
  const longest = Math.max(0, ...parts.map((part) => part.entries));
  let low = 0;
  let high = longest;
  if (fits(at(0))) {
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(at(mid))) low = mid;
      else high = mid - 1;
    }
    return at(low);
  }

  // Even the shortest lists do not fit (many WorkSpaces, each with its buttons): parts go from the end.
  const kept = [...parts];
  const dropped: Part[] = [];
  while (kept.length > 1) {
    dropped.unshift(kept.pop()!);
    const body = [...at(0, kept), omittedLine(dropped)];
    if (fits(body)) return body;
  }
  // Not even the first part fits (a section made of one huge text, which textChars already cuts): say so alone.
  return [omittedLine(parts)];
}

function omittedLine(dropped: readonly Part[]): CardElement {
  // Parts that show nothing (a blank header) free no room and are not counted.
  const counted = dropped.filter((part) => part.render(0).length > 0);
  const workspaces = counted.filter((part) => part.noun === 'WorkSpace').length;
  return textBlock(escapeCardText(LEFT_OUT.parts(workspaces, Math.max(counted.length - workspaces, 0))), {
    subtle: true,
    size: 'Small',
  });
}
