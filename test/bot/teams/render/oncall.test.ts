/**
 * The on-call report in Teams: a card that says what changed, then messages that carry every line the first could
 * not, each a valid card within Teams' size limit, hostile names shown as they are.
 */
import { CARD_LIMITS, jsonBytes } from '../../../../bot/teams/render/limits';
import { renderOnCallActivities } from '../../../../bot/teams/render/oncall';
import { onCallView } from '../../../../bot/views/oncall';
import { T0 } from '../../../helpers/fleet';
import { onCallReport } from '../../../helpers/slack-api';
import { cardProblems, markdownTexts } from './card-checks';
import { activeMarkup, shownText } from './markdown-reader';

const shownOf = (activity: ReturnType<typeof renderOnCallActivities>[number]) =>
  markdownTexts(activity.attachments[0].content.body).map(shownText);

function expectValid(activities: ReturnType<typeof renderOnCallActivities>) {
  for (const activity of activities) {
    expect(jsonBytes(activity)).toBeLessThanOrEqual(CARD_LIMITS.activityBytes);
    expect(cardProblems(activity.attachments[0].content)).toEqual([]);
    for (const text of markdownTexts(activity.attachments[0].content.body)) expect(activeMarkup(text)).toEqual([]);
  }
}

it('says what changed, the fleet’s counts, and each category with its lines, in one message', () => {
  const report = onCallReport();
  const activities = renderOnCallActivities(report);
  expect(activities).toHaveLength(1);
  expectValid(activities);
  const view = onCallView(report);
  const shown = shownOf(activities[0]!);
  expect(shown[0]).toBe(view.headline);
  expect(shown[1]).toMatch(/^Fleet: 412 WorkSpaces: /);
  for (const category of view.categories) expect(shown).toContain(category.title);
  expect(shown.some((text) => text.startsWith('• ws-gone1 carol'))).toBe(true);
  expect(activities[0]!.summary).toBe(view.fallback.slice(0, CARD_LIMITS.summaryChars));
});

it('carries every line of a long report, in order and once, in the messages after the first', () => {
  const hostile = '**boss** _x_ [a](https://evil.example) {{DATE(2017-02-14T06:08:39Z, SHORT)}} &lt;';
  const attention = Array.from({ length: 300 }, (_, i) => ({
    workspaceId: `ws-${String(i).padStart(4, '0')}`,
    userName: `${hostile} ${'n'.repeat(200)}`,
    region: 'us-east-1',
    accountId: '123456789012',
    state: 'UNHEALTHY',
    since: T0.toISOString(),
    reason: i % 2 ? ('stuck' as const) : ('state' as const),
  }));
  const report = onCallReport({ attention });
  const activities = renderOnCallActivities(report);
  expect(activities.length).toBeGreaterThan(2);
  expectValid(activities);

  const lines = activities.flatMap((activity) =>
    shownOf(activity)
      .filter((text) => /^• ws-\d{4} /.test(text))
      .map((text) => text.slice(2, 9)),
  );
  expect(lines).toEqual(attention.map((entry) => entry.workspaceId).sort());
  const first = shownOf(activities[0]!);
  const firstLines = first.filter((text) => /^• ws-\d{4} /.test(text)).length;
  expect(firstLines).toBeLessThanOrEqual(CARD_LIMITS.onCallLinesPerCategory);
  const category = onCallView(report).categories.find((c) => c.lines.length === 300)!;
  expect(first.some((text) => text.startsWith(`…and ${300 - firstLines} more, listed in the thread`))).toBe(true);
  // Each continuation says which lines it holds, and they follow on from each other.
  let next = firstLines + 1;
  for (const activity of activities.slice(1)) {
    const shown = shownOf(activity);
    const held = shown.filter((text) => /^• ws-\d{4} /.test(text)).length;
    expect(shown[0]).toBe(category.continued(next, next + held - 1));
    expect(activity.summary).toContain('continued');
    next += held;
  }
  expect(next).toBe(301);
  expect(shownOf(activities[1]!).some((text) => text.includes(hostile))).toBe(true);
});

it('says all is clear when nothing happened', () => {
  const activities = renderOnCallActivities(onCallReport({ removed: [], unscanned: [], attention: [] }));
  expect(activities).toHaveLength(1);
  expectValid(activities);
  expect(shownOf(activities[0]!)[0]).toMatch(/^All clear/);
});
