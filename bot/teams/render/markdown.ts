/**
 * Text for Adaptive Card TextBlocks, which Teams reads as a subset of Markdown (`**bold**`, `_italic_`, `- ` and
 * `1. ` lists, `[text](url)` links) after replacing `{{DATE(…)}}` and `{{TIME(…)}}` with the reader's local time.
 * Everything from data (user names, computer names, AD names, AWS errors) goes through escapeCardText, directly or
 * through cardText for a view's Text, so it is shown as it is, never read as markup or as a date function.
 */
import { readMention } from '../../chat/mentions';
import type { Text } from '../../views/model';
import { flatText } from '../../views/text';
import { utcTime } from '../../views/time';

/** Characters Markdown reads anywhere in a line: emphasis, links, code (\x60), strike-through, autolinks, entities. */
const INLINE_MARKUP = /[\\*_[\]\x60~<>&]/g;
/** What starts a list, a heading or a quote at the start of a line (after any indent). */
const LINE_START_MARKUP = /^([ \t]*)([-+#]|\d+[.)])/gm;
/**
 * The date functions are replaced before Markdown is read, so a backslash does not stop them: an invisible
 * zero-width space between the braces does, and shows nothing.
 */
const DATE_FUNCTION_OPEN = /\{(?=\{)/g;
const ZERO_WIDTH_SPACE = '\u200B';

/**
 * The one escaping helper: `text` shown literally in a TextBlock or a fact. Markdown punctuation gets a backslash
 * (CommonMark's escape, which Teams honours), list and heading markers at a line's start too, and `{{` is broken.
 */
export function escapeCardText(text: string): string {
  return text
    .replace(INLINE_MARKUP, '\\$&')
    .replace(LINE_START_MARKUP, (_, indent: string, marker: string) =>
      /^\d/.test(marker) ? `${indent}${marker.slice(0, -1)}\\${marker.slice(-1)}` : `${indent}\\${marker}`,
    )
    .replace(DATE_FUNCTION_OPEN, `{${ZERO_WIDTH_SPACE}`);
}

/** A mention token of the chat port, as the words can hold it; readMention decides what is one. */
const MENTION_CANDIDATE = /@\{[^{}\s]*\}/g;

/** Port mention tokens (`@{U123|alice}`) as a person reads them: `@alice`, or `@U123` when no name came with it. */
export function showMentions(text: string): string {
  return text.replace(MENTION_CANDIDATE, (token) => {
    const mention = readMention(token);
    return mention ? `@${mention.name ?? mention.chatUserId}` : token;
  });
}

export interface CardTextOptions {
  /**
   * What a person types before a command: nothing in a personal chat, the bot's @mention in a channel. The command
   * words follow it.
   */
  commandPrefix: string;
}

export const DEFAULT_CARD_TEXT_OPTIONS: CardTextOptions = { commandPrefix: '' };

/** How a command is typed in Teams: the usage words, after the @mention where one is needed. */
export function teamsCommand(words: string, options: CardTextOptions = DEFAULT_CARD_TEXT_OPTIONS): string {
  return `${options.commandPrefix} ${words}`.trim();
}

/**
 * A time for the reader's own time zone: Teams replaces `{{DATE(…, SHORT)}} {{TIME(…)}}` with their local date and
 * time. The functions take seconds and a Z or offset, never milliseconds. A value that is not a time is shown as
 * it is.
 */
export function cardTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeCardText(iso);
  const stamp = `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return `{{DATE(${stamp}, SHORT)}} {{TIME(${stamp})}}`;
}

/**
 * A view's Text as TextBlock Markdown: words escaped with mentions shown as names, commands in bold as Teams types
 * them, times in the reader's zone, stressed words in bold. Identifiers are escaped words: a TextBlock has no inline
 * code, and any mark around an id (quotes, bold) would be copied with it; an id that stands alone gets a monospace
 * block of its own (see card.ts).
 */
export function cardText(text: Text, options: CardTextOptions = DEFAULT_CARD_TEXT_OPTIONS): string {
  const words = (w: string) => escapeCardText(showMentions(w));
  return flatText(text, {
    words,
    command: (command) => bold(words(teamsCommand(command, options))),
    time: cardTime,
    code: words,
    strong: (w) => bold(words(w)),
  });
}

/** Escaped Markdown in bold; blank stays blank, since `****` would show as stars. */
export function bold(markdown: string): string {
  return markdown.trim() ? `**${markdown}**` : markdown;
}

/** A view's Text with no markup at all (the activity's summary, the card's fallback): times in UTC. */
export function plainText(text: Text, options: CardTextOptions = DEFAULT_CARD_TEXT_OPTIONS): string {
  return flatText(text, {
    words: showMentions,
    command: (command) => teamsCommand(showMentions(command), options),
    time: utcTime,
  });
}
