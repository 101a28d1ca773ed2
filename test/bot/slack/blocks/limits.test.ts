/** The helpers that keep renderers inside Block Kit limits. */
import {
  BLOCK_LIMITS,
  fitSections,
  packLines,
  SLACK_LIMITS,
  shareBlockBudget,
  truncateText,
} from '../../../../bot/slack/blocks/limits';

describe('the limits table', () => {
  it("holds Slack's documented limits, with the project's stricter 75-character option values", () => {
    expect(SLACK_LIMITS).toMatchObject({
      blocksPerMessage: 50,
      blocksPerView: 100,
      elementsPerActions: 25,
      overflowOptions: 5,
      optionValue: 150,
      buttonValue: 2000,
      text: 3000,
    });
    expect(BLOCK_LIMITS.optionValue).toBe(75);
  });
});

describe('truncateText', () => {
  it('leaves a text that fits alone and ends a cut one with an ellipsis, within the limit', () => {
    expect(truncateText('reboot', 6)).toBe('reboot');
    expect(truncateText('rebooting ws-1', 8)).toBe('rebooti…');
    expect(truncateText('rebooting ws-1', 8)).toHaveLength(8);
  });

  it('never cuts inside a Slack date token, an entity or a surrogate pair', () => {
    const token = '<!date^1795435200^{date_short_pretty} {time}|2026-11-23 12:00 UTC>';
    expect(truncateText(`since ${token} in us-east-1`, 30)).toBe('since…');
    expect(truncateText('a &amp; b', 5)).toBe('a…');
    expect(truncateText('ok 😀😀', 5)).toBe('ok…');
  });
});

describe('packLines', () => {
  it('fills each text up to the limit, one line per row', () => {
    expect(packLines(['aaaa', 'bbbb', 'cccc'], 9)).toEqual([['aaaa', 'bbbb'], ['cccc']]);
  });
});

describe('fitSections', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `• line ${i}`);
  const more = (hidden: number) => `…and ${hidden} more`;

  it('shows at most maxLines and says how many more there are', () => {
    const fitted = fitSections(lines, { budget: 10, maxLines: 20, more });
    expect(fitted).toMatchObject({ shown: 20, hidden: 10 });
    expect(fitted.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: lines.slice(0, 20).join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '…and 10 more' }] },
    ]);
  });

  it('keeps the "more" line inside the block budget when the sections alone would not fit', () => {
    const long = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(2000, '.'));
    const fitted = fitSections(long, { budget: 4, more });
    expect(fitted.blocks).toHaveLength(4);
    expect(fitted).toMatchObject({ shown: 3, hidden: 7 });
  });

  it('uses no "more" line when everything fits', () => {
    expect(fitSections(lines.slice(0, 3), { budget: 1, more })).toMatchObject({ shown: 3, hidden: 0 });
  });
});

describe('shareBlockBudget', () => {
  it('gives small parts what they need and the rest to the large ones, never more than the total', () => {
    expect(shareBlockBudget([3, 100, 100], 48)).toEqual([3, 23, 22]);
    expect(shareBlockBudget([3, 4, 5], 48)).toEqual([3, 4, 5]);
    expect(shareBlockBudget([0, 60], 48)).toEqual([0, 48]);
  });
});
