/**
 * Renderers only lay out: every sentence a person reads comes from bot/views, so a Teams renderer says the same.
 * This reads the renderers' source and fails on a string literal that holds words (two or more words of letters),
 * outside comments. Block Kit's own vocabulary (types, styles, token syntax) has no spaces, so it passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const RENDERERS = [
  ...readdirSync(join(root, 'bot/slack/render')).map((file) => `bot/slack/render/${file}`),
  'bot/slack/oncall/render-report.ts',
  'bot/slack/blocks/limits.ts',
  'bot/slack/blocks/mrkdwn.ts',
];

/** The source with comments blanked out, strings kept. */
function withoutComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | undefined;
  while (i < source.length) {
    const c = source[i]!;
    if (quote) {
      out += c;
      if (c === '\\') {
        out += source[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = undefined;
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else {
      if (c === "'" || c === '"' || c === '`') quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

/** String literals, template literals without their `${…}` parts, and RangeError messages excepted. */
function literals(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
    const before = source.slice(Math.max(0, match.index - 40), match.index);
    // Errors for developers (a caller broke a rule) are not read by people in chat.
    if (/Error\(\s*$/.test(before)) continue;
    const text = (match[1] ?? match[2] ?? match[3] ?? '').replace(/\$\{[^}]*\}/g, ' ');
    found.push(text);
  }
  return found;
}

const WORDS = /[A-Za-z]{2,}[,.;:]? +[A-Za-z]{2,}/;

describe.each(RENDERERS)('%s', (file) => {
  it('holds no sentence a person reads', () => {
    const sentences = literals(withoutComments(readFileSync(join(root, file), 'utf8'))).filter((text) =>
      WORDS.test(text),
    );
    expect(sentences).toEqual([]);
  });
});

it('finds a sentence when there is one (the check itself works)', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text under test holds a template literal
  const source = "const a = 'application/json'; // Nothing needs attention.\nconst b = `…and ${n} more not shown`;";
  expect(literals(withoutComments(source)).filter((t) => WORDS.test(t))).toEqual(['…and   more not shown']);
});
