/**
 * How a Teams client reads a TextBlock's Markdown, as far as the escaping tests need: CommonMark's backslash escapes,
 * the bot's own `**bold**`, and the date functions. `activeMarkup` lists what a client would act on that the bot did
 * not write; `shownText` is what the reader sees (markup gone, escapes resolved, date functions left as written).
 */

/** The date functions as the Adaptive Cards text features describe them: `{{DATE(<RFC 3339>[, COMPACT|SHORT|LONG])}}`. */
export const DATE_FUNCTION =
  /\{\{(DATE|TIME)\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})(, ?(COMPACT|SHORT|LONG))?\)\}\}/g;

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Markdown a client would act on in `markdown`, other than the bot's own bold and date functions. */
export function activeMarkup(markdown: string, own: { dates: boolean } = { dates: true }): string[] {
  const found: string[] = [];
  const text = own.dates ? markdown.replace(DATE_FUNCTION, '') : markdown;
  if (/\{\{/.test(text)) found.push('a date function');
  if (/^[ \t]*([-+*#>]|\d+[.)])(\s|$)/.test(text)) found.push('a list, heading or quote at the start of a line');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && ASCII_PUNCTUATION.test(text[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (c === '*' && text[i + 1] === '*') {
      i++;
      continue;
    }
    if ('*_[]`~<>&'.includes(c)) found.push(`${c} at ${i} in ${JSON.stringify(text)}`);
  }
  return found;
}

/** What a reader sees: the bot's bold marks gone, escapes resolved, invisible breaks removed. */
export function shownText(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i]!;
    if (c === '\\' && ASCII_PUNCTUATION.test(markdown[i + 1] ?? '')) {
      out += markdown[i + 1];
      i++;
    } else if (c === '*' && markdown[i + 1] === '*') {
      i++;
    } else if (c !== '\u200B') {
      out += c;
    }
  }
  return out;
}
