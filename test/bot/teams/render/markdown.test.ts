/**
 * Text for Teams cards: data shown literally whatever it holds (Markdown, lists, links, date functions), commands
 * as Teams types them, times in the reader's zone, mention tokens as names.
 */
import fc from 'fast-check';
import { mentionToken } from '../../../../bot/chat/mentions';
import {
  cardText,
  cardTime,
  escapeCardText,
  plainText,
  showMentions,
  teamsCommand,
} from '../../../../bot/teams/render/markdown';
import { at, cmd, id, strong, words } from '../../../../bot/views/text';
import { activeMarkup, DATE_FUNCTION, shownText } from './markdown-reader';

describe('escapeCardText', () => {
  it.each([
    ['**bold** _it_ `code` ~s~', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~s\\~'],
    ['[click here](https://evil.example)', '\\[click here\\](https://evil.example)'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. first', '1\\. first'],
    ['12) twelfth', '12\\) twelfth'],
    ['# heading', '\\# heading'],
    ['> quote', '\\> quote'],
    ['<at>boss</at>', '\\<at\\>boss\\</at\\>'],
    ['&lt;b&gt;', '\\&lt;b\\&gt;'],
    ['C:\\Users\\*', 'C:\\\\Users\\\\\\*'],
    ['{{DATE(2017-02-14T06:08:39Z, SHORT)}}', '{\u200B{DATE(2017-02-14T06:08:39Z, SHORT)}}'],
    ['alice', 'alice'],
    ['us-east-1 · ws-abc123', 'us-east-1 · ws-abc123'],
  ])('shows %j literally', (text, escaped) => {
    expect(escapeCardText(text)).toBe(escaped);
    expect(activeMarkup(escapeCardText(text))).toEqual([]);
    expect(shownText(escapeCardText(text))).toBe(text);
  });

  it('escapes list markers at the start of every line, not only the first', () => {
    const escaped = escapeCardText('ok\n- one\n  2. two\n* three');
    for (const line of escaped.split('\n')) expect(activeMarkup(line)).toEqual([]);
    expect(shownText(escaped)).toBe('ok\n- one\n  2. two\n* three');
  });

  it('shows any text as it is and leaves nothing for Markdown or the date functions to act on', () => {
    const markdownish = fc.stringMatching(/^[-+*_[\]()`~<>&#{}!.\\0-9a-z \n]*$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), markdownish), (raw) => {
        const text = raw.replace(/\u200B/g, '');
        const escaped = escapeCardText(text);
        expect(shownText(escaped)).toBe(text);
        for (const line of escaped.split('\n')) expect(activeMarkup(line, { dates: false })).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cardTime', () => {
  it('is the date and time functions, which Teams shows in the reader’s own zone, to the second', () => {
    expect(cardTime('2026-11-23T08:00:00.000Z')).toBe(
      '{{DATE(2026-11-23T08:00:00Z, SHORT)}} {{TIME(2026-11-23T08:00:00Z)}}',
    );
    expect(cardTime('2026-11-23T08:00:00+02:00')).toBe(
      '{{DATE(2026-11-23T06:00:00Z, SHORT)}} {{TIME(2026-11-23T06:00:00Z)}}',
    );
    expect(cardTime('2026-11-23T08:00:00.000Z').match(DATE_FUNCTION)).toHaveLength(2);
  });

  it('shows a value that is not a time as it is, escaped', () => {
    expect(cardTime('soon_ish')).toBe('soon\\_ish');
  });
});

describe('cardText', () => {
  it('writes commands as Teams types them, in bold, with no slash', () => {
    expect(cardText(words('Use ', cmd('link'), ' to sign in.'))).toBe('Use **link** to sign in.');
    expect(cardText(words('Try ', cmd('fleet state:error')))).toBe('Try **fleet state:error**');
    expect(teamsCommand('status')).toBe('status');
  });

  it('puts the bot’s @mention before a command where the conversation needs one (a channel)', () => {
    expect(cardText(words('Use ', cmd('status')), { commandPrefix: '@WorkSpaces' })).toBe('Use **@WorkSpaces status**');
  });

  it('stresses strong words, escapes identifiers and words, and writes times for the reader’s zone', () => {
    const text = words(id('ws_1'), ' ', strong('stuck'), ' since ', at('2026-11-23T08:00:00Z'), ' · *x*');
    expect(cardText(text)).toBe(
      'ws\\_1 **stuck** since {{DATE(2026-11-23T08:00:00Z, SHORT)}} {{TIME(2026-11-23T08:00:00Z)}} · \\*x\\*',
    );
    expect(activeMarkup(cardText(text))).toEqual([]);
  });

  it('escapes what a command holds from data', () => {
    expect(cardText(words(cmd('status ws_*1*')))).toBe('**status ws\\_\\*1\\***');
  });
});

describe('mention tokens', () => {
  it('show as the name, or the id when no name came with them', () => {
    expect(showMentions(`ask ${mentionToken('U123', 'alice')} or ${mentionToken('29:abc')}`)).toBe(
      'ask @alice or @29:abc',
    );
    expect(cardText(words(`Rebooting ws-1, requested by ${mentionToken('U1', 'bob_the_admin')}.`))).toBe(
      'Rebooting ws-1, requested by @bob\\_the\\_admin.',
    );
  });

  it('leave braces that are not a token as they are', () => {
    expect(showMentions('@{not a token} @{}')).toBe('@{not a token} @{}');
  });
});

describe('plainText', () => {
  it('is the words with no markup and no escapes, commands typed, times in UTC', () => {
    expect(plainText(words('Use ', cmd('link'), ' at ', at('2026-11-23T08:00:00Z'), ' *now*'))).toBe(
      'Use link at 2026-11-23 08:00 UTC *now*',
    );
  });
});
