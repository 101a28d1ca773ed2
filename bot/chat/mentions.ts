/**
 * A mention of another chat user inside command text, in the port's own form `@{U123|alice}`. Each adapter turns its
 * platform's mentions into it (Slack's `<@U123|alice>`; Teams' mention entities), so the command parser knows no
 * platform's syntax.
 */
const TOKEN = /^@\{([A-Za-z0-9:_-]{1,200})(?:\|([^{}|]{0,80}))?\}$/;

export interface Mention {
  chatUserId: string;
  name?: string;
}

export function mentionToken(chatUserId: string, name?: string): string {
  const shown = name?.replace(/[{}|\s]/g, '').trim();
  return `@{${chatUserId}${shown ? `|${shown}` : ''}}`;
}

export function readMention(token: string): Mention | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  const name = match[2]?.trim();
  return { chatUserId: match[1]!, ...(name ? { name } : {}) };
}
