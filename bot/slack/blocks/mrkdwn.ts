/**
 * Text for Slack mrkdwn: escaping what came from data, times each reader sees in their own zone, counts. Every
 * value interpolated into mrkdwn anywhere in the bot goes through escapeMrkdwn (directly, or through mrkdwnText for
 * a view's Text), so a name like `<!channel>` or `<@U123>` is shown, never acted on.
 */
import type { Text } from '../../views/model';
import { flatText } from '../../views/text';
import { utcTime } from '../../views/time';

/**
 * Slack reads `&`, `<` and `>` as markup (`<!channel>`, `<@U123>`, `<https://…|link>`); anything from data (user
 * names, AWS errors, claims) must be escaped. This is the one escaping helper.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** How a command is typed in Slack: the slash command, then the usage words. */
export function slackCommand(prefix: string, words: string): string {
  return `${prefix} ${words}`.trim();
}

/** A view's Text as mrkdwn: words escaped, commands as code with the slash command, times as date tokens. */
export function mrkdwnText(text: Text, commandPrefix: string): string {
  return flatText(text, {
    words: escapeMrkdwn,
    command: (words) => code(slackCommand(commandPrefix, words)),
    time: slackDate,
    code,
    strong: (words) => `*${escapeMrkdwn(words)}*`,
  });
}

/** A view's Text as the plain fallback of a message (still escaped: Slack reads the fallback as mrkdwn too). */
export function fallbackText(text: Text, commandPrefix: string): string {
  return escapeMrkdwn(flatText(text, { command: (words) => slackCommand(commandPrefix, words), time: utcTime }));
}

/** An identifier in code style; a backtick inside it would end the code span, so it becomes a quote. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

/**
 * A time as a Slack date token, which each reader's client shows in their own time zone; the fallback (for
 * clients that cannot) is UTC. A value that is not a time is shown as it is rather than guessed at.
 */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  // The fallback (`2025-01-06 09:00 UTC`) is for notifications and clients that cannot render date tokens.
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${utcTime(iso)}>`;
}

export { counted, formatCount } from '../../views/words';
