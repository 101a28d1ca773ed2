/**
 * A MessageView as a Teams message: an Adaptive Card 1.5 of its sections, fitted into Teams' size limit. When not
 * everything fits, the lists (rows, lines, options) are cut to the same length, each saying how many it left out;
 * if even that is too much, whole parts go from the end and one closing line says what was left out. So a message is
 * sent shortened instead of refused.
 */
import type { MessageView, Section } from '../../views/model';
import { BOT_NAME, LEFT_OUT } from '../../views/words';
import { DEFAULT_RENDER_OPTIONS, type Part, type RenderOptions, renderSection } from './card';
import { type CardElement, executeButton, textBlock } from './elements';
import { CARD_LIMITS, jsonBytes, TEAMS_LIMITS, truncate } from './limits';
import { cardText, escapeCardText, plainText } from './markdown';

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
  const summary = plainText(view.text, options);
  const fits = (body: CardElement[]) => activityFits(summary, body);
  return cardActivity(
    summary,
    fitParts([...sectionParts(view.sections, options), ...controlParts(view, options)], fits),
  );
}

/** The view's control rows (a schedule's Confirm and Don't schedule; a pending one's Cancel): words, then buttons. */
function controlParts(view: MessageView, options: RenderOptions): Part[] {
  return (view.controls ?? []).map((row) => {
    const buttons = row.buttons.map((control) =>
      executeButton(
        control.label,
        { kind: 'intent', intent: control.intent },
        control.style ? { style: control.style } : {},
      ),
    );
    const elements: CardElement[] = [
      ...(row.text !== undefined ? [textBlock(cardText(row.text, options))] : []),
      ...(buttons.length > 0 ? [{ type: 'ActionSet' as const, actions: buttons }] : []),
    ];
    return { render: () => elements, entries: 0, givesWay: 1 };
  });
}

/** Whether a message of this summary and body stays within CARD_LIMITS.activityBytes. */
export function activityFits(summary: string, body: CardElement[]): boolean {
  return jsonBytes(cardActivity(summary, body)) <= CARD_LIMITS.activityBytes;
}

/** The message for a card's body, with its summary (plain text) for notifications and as the card's fallback. */
export function cardActivity(text: string, body: CardElement[]): CardActivity {
  const summary = truncate(text.trim() || BOT_NAME, CARD_LIMITS.summaryChars);
  const shown = withoutNeedlessInputScopes(body);
  return {
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
          body: shown.length > 0 ? shown : [textBlock(escapeCardText(summary))],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

/**
 * A plain button says it sends no inputs (`associatedInputs: none`), so an empty required box elsewhere on the card
 * never blocks it. On a card with no inputs at all that is true anyway, and a fleet page has dozens of buttons, each
 * twice: there the words go, to leave room for rows.
 */
function withoutNeedlessInputScopes(body: CardElement[]): CardElement[] {
  if (JSON.stringify(body).includes('"type":"Input.')) return body;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, inner]) => !(key === 'associatedInputs' && inner === 'none'))
        .map(([key, inner]) => [key, key === 'data' ? inner : strip(inner)]),
    );
  };
  return strip(body) as CardElement[];
}

/**
 * The body of the answer to an `adaptiveCard/action` invoke (Universal Actions): the card that replaces the one
 * clicked, for the person who clicked. The glue sends it as the invoke response's body with HTTP status 200.
 */
export interface AdaptiveCardInvokeResponse {
  statusCode: 200;
  type: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  value: AdaptiveCard;
}

export function renderInvokeResponse(
  view: MessageView,
  options: RenderOptions = DEFAULT_RENDER_OPTIONS,
): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: renderCard(view, options) };
}

function sectionParts(sections: readonly Section[], options: RenderOptions): Part[] {
  const workspaces = sections.filter((section) => section.type === 'workspace').length;
  return sections.map((section, i) => renderSection(section, { previous: sections[i - 1]?.type, workspaces }, options));
}

/**
 * Every part whole if it fits. Else lists are cut, those that give way first (Part.givesWay) before the others, each
 * group to the longest common length that fits. If even empty lists do not fit, parts go from the end.
 */
function fitParts(parts: readonly Part[], fits: (body: CardElement[]) => boolean): CardElement[] {
  const caps = parts.map(() => Number.POSITIVE_INFINITY);
  const body = (kept = parts.length) => parts.slice(0, kept).flatMap((part, i) => part.render(caps[i]!));
  if (fits(body())) return body();

  const levels = [...new Set(parts.filter((part) => part.entries > 0).map((part) => part.givesWay))].sort();
  for (const level of levels) {
    const group = parts.flatMap((part, i) => (part.entries > 0 && part.givesWay === level ? [i] : []));
    const setCap = (cap: number) => {
      for (const i of group) caps[i] = cap;
    };
    setCap(0);
    if (!fits(body())) continue;
    // The longest cap that fits, by bisection: a shorter list never makes a card bigger.
    let low = 0;
    let high = Math.max(...group.map((i) => parts[i]!.entries));
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      setCap(mid);
      if (fits(body())) low = mid;
      else high = mid - 1;
    }
    setCap(low);
    return body();
  }

  // Even the shortest lists do not fit (many WorkSpaces, each with its buttons): parts go from the end.
  for (let kept = parts.length - 1; kept >= 1; kept--) {
    const shortened = [...body(kept), omittedLine(parts.slice(kept))];
    if (fits(shortened)) return shortened;
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
