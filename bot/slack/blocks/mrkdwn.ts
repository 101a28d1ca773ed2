/** Text for Slack mrkdwn: escaping what came from data, times each reader sees in their own zone, counts. */
import { utcTime } from '../../views/time';

/** Slack reads `&`, `<` and `>` as markup; anything from data (user names, AWS errors) must be escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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

/** 5000 -> "5,000", the same everywhere whatever the server's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 WorkSpace", "3 WorkSpaces". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}
