/**
 * The provider's HTML: the sign-in page (one button per demo person, and Deny) and the error page. Plain,
 * script-free, labelled HTML, so it works with a keyboard, a screen reader and a headless browser alike.
 */
import { escapeHtml } from '../../bot/auth/pages';
import type { SigninPerson } from './people';

export const SIGNIN_TITLE = 'Sign in to WorkSpaces Bot (local AD FS stand-in)';
/** Where the sign-in page posts the choice; Cognito's hosted UI posts to /login as well. */
export const LOGIN_PATH = '/login';

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f6f7f9; line-height: 1.5; }
  main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid #d0d4da; }
  h1 { font-size: 1.5rem; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
  legend { font-weight: 600; margin-bottom: 0.5rem; }
  ul { list-style: none; padding: 0; margin: 0; }
  li { margin-bottom: 0.75rem; }
  button { font: inherit; cursor: pointer; text-align: left; padding: 0.6rem 0.9rem; border: 2px solid #1f5fa8;
    border-radius: 4px; background: #fff; color: #1f5fa8; width: 100%; }
  button.deny { width: auto; border-color: #8a1c1c; color: #8a1c1c; }
  button:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
  .account, .groups { display: block; color: #333; font-size: 0.95rem; }
  .note { margin: 0.25rem 0 0; font-size: 0.9rem; color: #444; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function groupsText(person: SigninPerson): string {
  return person.groups && person.groups.length > 0 ? person.groups.join(', ') : 'none sent';
}

export function signinPage(pageId: string, people: readonly SigninPerson[], identityProvider: string): string {
  const items = people
    .map((person) => {
      const noteId = `note-${person.key}`;
      const note = person.note ? `\n<p class="note" id="${noteId}">${escapeHtml(person.note)}</p>` : '';
      const describedBy = person.note ? ` aria-describedby="${noteId}"` : '';
      return `<li>
<button type="submit" name="person" value="${escapeHtml(person.key)}"${describedBy}>
<strong>${escapeHtml(person.displayName)}</strong>
<span class="account">AD account: ${escapeHtml(person.adUserId)} (${escapeHtml(person.email)})</span>
<span class="groups">Groups: ${escapeHtml(groupsText(person))}</span>
</button>${note}
</li>`;
    })
    .join('\n');
  return page(
    SIGNIN_TITLE,
    `<h1>${escapeHtml(SIGNIN_TITLE)}</h1>
<p>This page stands in for your organisation's AD FS sign-in (identity provider ${escapeHtml(identityProvider)}).
Choose who you are; no password is asked. Nothing leaves this machine.</p>
<form method="post" action="${LOGIN_PATH}">
<input type="hidden" name="request" value="${escapeHtml(pageId)}">
<fieldset>
<legend>Sign in as</legend>
<ul>
${items}
</ul>
</fieldset>
<button type="submit" class="deny" name="deny" value="deny">Deny</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(
    `Sign-in error: ${title}`,
    `<h1>Sign-in error: ${escapeHtml(title)}</h1>
<p role="alert">${escapeHtml(message)}</p>
<p>Go back to the chat and start the sign-in again. If it keeps happening, the bot's sign-in settings (client id,
callback URL) do not match this provider.</p>`,
  );
}
