/** The plain, accessible pages the sign-in shows in the browser. */
import type { ChatPlatform } from '../../core/policy';
import { DEFAULT_RENDER_OPTIONS } from '../slack/render/sections';
import type { Text } from '../views/model';
import type { SigninPageView } from '../views/signin';
import { flatText } from '../views/text';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, heading: string, paragraphs: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - WorkSpaces Bot</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}h1{font-size:1.5rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(heading)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</main>
</body>
</html>
`;
}

export function linkedPage(who: string, roles: string): string {
  return page('Signed in', `Linked as ${who}`, [
    `Your chat account now acts as ${who} (${roles}).`,
    'You can close this tab and go back to chat.',
  ]);
}

export function failedPage(message: string): string {
  return page('Sign-in not completed', 'Sign-in not completed', [message, 'You can close this tab.']);
}

/**
 * A command as the person types it on their platform: Slack's slash command, a Teams message, or (platform not
 * known yet) in words.
 */
function typed(platform: ChatPlatform | undefined, words: string): string {
  if (platform === 'slack') return `${DEFAULT_RENDER_OPTIONS.commandPrefix} ${words}`;
  if (platform === 'teams') return `“${words}” (to the bot in Teams)`;
  return `the ${words} command (${DEFAULT_RENDER_OPTIONS.commandPrefix} ${words} in Slack)`;
}

function pageText(text: Text, platform: ChatPlatform | undefined): string {
  return flatText(text, { command: (words) => typed(platform, words) });
}

/** A sign-in that linked nothing: why, and what to do next (bot/views/signin.ts). */
export function refusedPage(view: SigninPageView, platform: ChatPlatform | undefined): string {
  return page(view.heading, view.heading, [
    ...view.paragraphs.map((p) => pageText(p, platform)),
    'You can close this tab.',
  ]);
}
