/**
 * What Teams and Adaptive Cards refuse, and what the Teams renderer stays within: the one source of truth for the
 * card renderer, the card action data and (later) the local Bot Framework stand-in's checks.
 */

/** What Teams itself refuses. */
export const TEAMS_LIMITS = {
  /**
   * A message (the whole activity, card included) over about 28 KB is refused with 413 "Request Entity Too Large"
   * (learn.microsoft.com, "Format cards in Teams" / "Bot messages": "the message size limit is 28 KB").
   */
  messageBytes: 28 * 1024,
  /** The version of Adaptive Cards Teams renders for bots (Universal Actions need 1.4; 1.5 adds Input labels). */
  cardVersion: '1.5',
} as const;

/** What the renderer keeps to: Teams' limits with a margin, and caps of its own where Teams has none. */
export const CARD_LIMITS = {
  /**
   * The activity as the renderer writes it, in UTF-8 bytes. botbuilder and the connector add the envelope (ids,
   * `from`, `recipient`, `conversation`, `serviceUrl`, about 1 KB), so the renderer leaves 3 KB of the 28 KB.
   */
  activityBytes: TEAMS_LIMITS.messageBytes - 3 * 1024,
  /** One text block: more than a screen is noise, and a longer one would crowd out everything else. */
  textChars: 3000,
  /** A button's title: Teams cuts long titles anyway; the action's words are short. */
  buttonTitleChars: 75,
  /** The activity's `summary` (what notifications and the activity feed show). */
  summaryChars: 300,
  /** A fleet cursor carried in a button's data: the same bound as Slack's button value, and far beyond any real one. */
  cursorChars: 2000,
  /** The sign-in link: a URL cannot be shortened, and one longer than this is not one the bot made. */
  urlChars: 3000,
  /** What a person types to confirm: longer than any WorkSpace id by far; more is cut (it cannot match anyway). */
  typedChars: 200,
  /** Entries of each count list (by state, by region) in the fleet summary; the rest are counted. */
  countEntries: 15,
  /** Lines of regions not scanned in the fleet summary; the rest are counted. */
  unscannedLines: 10,
  /** Options of a chooser's menu; the rest are counted, and can be named by id. */
  chooserOptions: 100,
  /** A chooser up to this many WorkSpaces shows them as radio buttons, a drop-down beyond. */
  chooserExpanded: 5,
  /** An on-call report is read at a glance: past this many lines, a category continues in the messages after it. */
  onCallLinesPerCategory: 20,
  /** The on-call report's fleet line: the counts by state that fit in it, each whole. */
  onCallFleetChars: 1000,
  /** Buttons of one WorkSpace shown in the row; the rest go into Teams' "…" menu (`mode: secondary`). */
  primaryButtons: 3,
} as const;

const encoder = new TextEncoder();

/** The UTF-8 size of a value as JSON: what Teams counts. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

export const ELLIPSIS = '…';

/** Text cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}${ELLIPSIS}`;
}
