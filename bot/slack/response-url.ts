/**
 * Which response_urls the bot posts to: Slack's own https hosts, and the origin of a configured Web API stand-in
 * (npm start, tests). Anything else (a loopback or link-local address in a forged payload) is refused, so a
 * request cannot make the bot POST wherever it names.
 */
const SLACK_HOOK_HOSTS = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);

export function isSlackResponseUrl(raw: string, apiUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:' && SLACK_HOOK_HOSTS.has(url.hostname) && url.port === '') return true;
  if (!apiUrl) return false;
  try {
    return url.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}
