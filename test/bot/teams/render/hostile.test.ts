/**
 * Every view, fed hostile names (a user name, a computer name, an AD name, an AWS error that holds Markdown, a link,
 * list markers, a date function or the Slack house examples), rendered as a Teams card: no TextBlock or fact holds
 * markup that came from data, every name is shown as it is, plain fields (buttons, labels, menu entries) carry it
 * unescaped, and the card still parses and validates.
 */
import { escapeCardText } from '../../../../bot/teams/render/markdown';
import { renderActivity } from '../../../../bot/teams/render/message';
import { everyView } from '../../../helpers/every-view';
import { cardProblems, markdownTexts, plainTexts } from './card-checks';
import { activeMarkup, DATE_FUNCTION, shownText } from './markdown-reader';

const HOSTILE_DATE = '2017-02-14T06:08:39Z';
const HOSTILE = [
  '**bold** _it_ `code` ~s~',
  '[click here](https://evil.example)',
  '![img](https://evil.example/x.png)',
  '- item',
  '1. first',
  `{{DATE(${HOSTILE_DATE}, SHORT)}}`,
  `{{TIME(${HOSTILE_DATE})}}`,
  '<at>boss</at>',
  '<!channel> <@U0BOSS>',
  '&lt;b&gt;',
  '\\*',
  '# h',
];
const hostile = HOSTILE.join(' ');
/** How each hostile name looks escaped for Markdown, where that differs: what a plain field must never show. */
const ESCAPED = HOSTILE.map(escapeCardText).filter((escaped, i) => escaped !== HOSTILE[i]);
/** The same at the start of a line of its own, where a list or heading would begin. */
const hostileLines = `- ${hostile}\n1. ${hostile}\n# ${hostile}`;

describe.each([
  ['names', hostile],
  ['names that start lines', hostileLines],
])('every view with hostile %s', (_kind, name) => {
  describe.each(everyView(name))('the %s view', (_view, view) => {
    const card = renderActivity(view).attachments[0].content;

    it('leaves nothing in its Markdown for a client to act on but the bot’s own bold and times', () => {
      const texts = markdownTexts(card.body);
      // A chooser may be a menu alone: plain fields only.
      expect(texts.length + plainTexts(card.body).length).toBeGreaterThan(0);
      for (const text of texts) {
        for (const line of text.split('\n')) expect(activeMarkup(line)).toEqual([]);
        // The bot's own times are the views' (2026); a date function from a hostile name (2017) must not work.
        for (const date of text.match(DATE_FUNCTION) ?? []) expect(date).not.toContain(HOSTILE_DATE);
      }
    });

    it('is still a card the adaptivecards library reads without a problem', () => {
      expect(cardProblems(card)).toEqual([]);
    });

    it('has no plain field with an escape in it: buttons, labels and menu entries are not Markdown', () => {
      for (const text of plainTexts(card.body)) {
        for (const escaped of ESCAPED) expect(text).not.toContain(escaped);
      }
    });
  });
});

describe('hostile names are shown as they are, not dropped', () => {
  const views = new Map(everyView(hostile));
  const shown = (name: string) =>
    markdownTexts(renderActivity(views.get(name)!).attachments[0].content.body).map(shownText);

  it.each(['list', 'status', 'fleetOverview', 'noGroup', 'notice', 'actionOutcome (batch)', 'whoami'])(
    'in the %s view',
    (name) => {
      expect(shown(name).some((text) => text.includes(hostile))).toBe(true);
    },
  );

  it('in the chooser’s menu and in the activity’s summary, as plain text', () => {
    const activity = renderActivity(views.get('chooser')!);
    expect(plainTexts(activity.attachments[0].content.body).some((text) => text.includes(hostile))).toBe(true);
    expect(activity.summary).toContain(hostile);
  });

  it('line by line, where a name would start a list', () => {
    const card = renderActivity(new Map(everyView(hostileLines)).get('notice')!).attachments[0].content;
    expect(markdownTexts(card.body).map(shownText)).toEqual(hostileLines.split('\n'));
  });
});
