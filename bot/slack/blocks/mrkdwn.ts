/** Text for Slack mrkdwn: escaping what came from data, times each reader sees in their own zone, counts. */

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
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${utcFallback(ms)}>`;
}

/** `2025-01-06 09:00 UTC`: plain text for notifications and for clients that cannot render date tokens. */
function utcFallback(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** 5000 -> "5,000", the same everywhere whatever the server's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 WorkSpace", "3 WorkSpaces". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}
