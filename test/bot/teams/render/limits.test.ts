/**
 * Teams refuses a message over about 28 KB: whatever the data, a card stays within CARD_LIMITS.activityBytes,
 * says what it left out in the views' words, keeps its paging buttons, and still validates.
 */
import { decodeCardAction } from '../../../../bot/teams/card-actions';
import { CARD_LIMITS, jsonBytes, TEAMS_LIMITS } from '../../../../bot/teams/render/limits';
import { renderActivity } from '../../../../bot/teams/render/message';
import { fleetOverview, fleetPage, list, notice } from '../../../../bot/views';
import type { FleetPageView, MessageView } from '../../../../bot/views/model';
import { LEFT_OUT } from '../../../../bot/views/words';
import { FLEET_PAGE_SIZE } from '../../../../core/fleet-list';
import { summarizeFleet, type TargetRun } from '../../../../core/fleet-summary';
import { DEFAULT_ROLE_ACTIONS } from '../../../../core/policy';
import type { WorkspaceRecord } from '../../../../core/workspace';
import { actor, T0, workspace } from '../../../helpers/fleet';
import { actionsOf, cardProblems, markdownTexts } from './card-checks';
import { shownText } from './markdown-reader';

const admin = actor('root', ['admin']);
const context = { roleActions: DEFAULT_ROLE_ACTIONS, now: T0 };

function fleet(n: number, overrides: (i: number) => Partial<WorkspaceRecord> = () => ({})): WorkspaceRecord[] {
  return Array.from({ length: n }, (_, i) =>
    workspace({
      workspaceId: `ws-${String(i).padStart(8, '0')}`,
      userName: `user${i}`,
      computerName: `PC-${i}`,
      region: ['us-east-1', 'eu-west-1', 'ap-southeast-2'][i % 3]!,
      state: i % 9 === 0 ? 'ERROR' : i % 4 === 0 ? 'STOPPED' : 'AVAILABLE',
      stateSince: '2026-11-22T00:00:00.000Z',
      ...overrides(i),
    }),
  );
}

/** A page of `n` rows made by the real page builder, FLEET_PAGE_SIZE records at a time. */
function bigPage(records: readonly WorkspaceRecord[]): FleetPageView {
  const pages = [];
  for (let i = 0; i < records.length; i += FLEET_PAGE_SIZE) {
    pages.push(
      fleetPage({
        records: records.slice(i, i + FLEET_PAGE_SIZE),
        filters: {},
        page: 3,
        next: 'eyJkIjoibiIsInAiOjR9',
        previous: 'eyJkIjoicCIsInAiOjJ9',
        actor: admin,
        roleActions: DEFAULT_ROLE_ACTIONS,
        now: T0,
        stuckMinutes: 30,
      }),
    );
  }
  return { ...pages[0]!, rows: pages.flatMap((page) => page.rows) };
}

function fitted(view: MessageView) {
  const activity = renderActivity(view);
  const card = activity.attachments[0].content;
  expect(jsonBytes(activity)).toBeLessThanOrEqual(CARD_LIMITS.activityBytes);
  expect(cardProblems(card)).toEqual([]);
  return { activity, card, shown: markdownTexts(card.body).map(shownText) };
}

it('keeps a margin under Teams’ own limit for what botbuilder adds', () => {
  expect(CARD_LIMITS.activityBytes).toBeLessThan(TEAMS_LIMITS.messageBytes);
});

it('cuts a 500-row fleet page to what fits, counts the rows left out and keeps Previous and Next', () => {
  const records = fleet(500);
  const page = bigPage(records);
  expect(page.rows).toHaveLength(500);
  const view = fleetOverview(summarizeFleet(records, T0, 30), page, admin, context);
  const { card, shown } = fitted(view);
  const rowsShown = shown.filter((text) => /^ws-\d{8}$/.test(text)).length;
  expect(rowsShown).toBeGreaterThan(0);
  expect(rowsShown).toBeLessThan(500);
  expect(shown).toContain(LEFT_OUT.rows(500 - rowsShown));
  const pages = actionsOf(card)
    .filter((action) => action.type === 'Action.Execute')
    .map((action) => decodeCardAction(action.data))
    .filter((intent) => intent?.kind === 'fleet-page');
  expect(pages).toEqual([
    { kind: 'fleet-page', cursor: 'eyJkIjoicCIsInAiOjJ9' },
    { kind: 'fleet-page', cursor: 'eyJkIjoibiIsInAiOjR9' },
  ]);
});

it('shows a whole page of the fleet, with the summary above it, in one message', () => {
  const records = fleet(FLEET_PAGE_SIZE * 3);
  const summary = summarizeFleet(records, T0, 30);
  const view = fleetOverview(summary, bigPage(records.slice(0, FLEET_PAGE_SIZE)), admin, {
    ...context,
    compact: false,
    attentionRecords: new Map(records.map((r) => [r.workspaceId, r])),
  });
  const { shown } = fitted(view);
  expect(shown.filter((text) => /^ws-\d{8}$/.test(text))).toHaveLength(
    FLEET_PAGE_SIZE + Math.min(summary.attentionTotal, 10),
  );
  expect(shown.some((text) => text.includes('not shown here'))).toBe(false);
});

it('lists an admin’s ten WorkSpaces whole, each with its buttons', () => {
  const records = fleet(10, () => ({ userName: 'root', state: 'AVAILABLE' }));
  const view = list(records, { actor: admin, roleActions: DEFAULT_ROLE_ACTIONS, now: T0, scanIntervalMinutes: 5 });
  const { shown, card } = fitted(view);
  expect(shown.filter((text) => /^ws-\d{8}$/.test(text))).toHaveLength(10);
  const clicked = new Set(
    actionsOf(card).map((action) => decodeCardAction(action.data)?.kind === 'click' && action.data?.w),
  );
  for (const record of records) expect(clicked).toContain(record.workspaceId);
});

it('leaves whole WorkSpaces out of a list too big for one message, and says how many', () => {
  const long = 'n'.repeat(2500);
  const records = fleet(10, () => ({ userName: long, computerName: long, state: 'AVAILABLE' }));
  const view = list(records, { actor: admin, roleActions: DEFAULT_ROLE_ACTIONS, now: T0, scanIntervalMinutes: 5 });
  const { shown } = fitted(view);
  const listed = shown.filter((text) => /^ws-\d{8}$/.test(text)).length;
  expect(listed).toBeGreaterThan(0);
  expect(listed).toBeLessThan(10);
  expect(shown).toContain(LEFT_OUT.parts(10 - listed, 0));
});

it('cuts the summary’s count lists and its regions not scanned, with the views’ words for the rest', () => {
  const regions = Array.from({ length: 40 }, (_, i) => `xx-region-${i}`);
  const records = fleet(400, (i) => ({ region: regions[i % 40]! }));
  const runs: TargetRun[] = regions.slice(0, 30).map((region) => ({
    accountId: '111122223333',
    region,
    status: 'failed',
    at: T0.toISOString(),
    found: 0,
    failingSince: T0.toISOString(),
    lastError: 'AccessDenied',
  }));
  const view = fleetOverview(summarizeFleet(records, T0, 30), undefined, admin, { ...context, runs });
  const section = view.sections.find((s) => s.type === 'fleet-summary');
  if (section?.type !== 'fleet-summary') throw new Error('no summary');
  const { shown, card } = fitted(view);
  expect(shown).toContain(section.words.moreCounts(40 - CARD_LIMITS.countEntries));
  expect(shown).toContain(section.words.moreUnscanned(30 - CARD_LIMITS.unscannedLines));
  const facts = JSON.stringify(card).match(/xx-region-\d+/g) ?? [];
  expect(new Set(facts).size).toBeLessThanOrEqual(CARD_LIMITS.countEntries + CARD_LIMITS.unscannedLines);
});

it('cuts the attention rows, not the counts, when the summary is too big, and says how many more there are', () => {
  const long = 'u'.repeat(2800);
  const records = fleet(200, (i) => ({ state: 'ERROR', userName: `${long}${i}` }));
  const summary = summarizeFleet(records, T0, 30);
  const view = fleetOverview(summary, undefined, admin, {
    ...context,
    attentionRecords: new Map(records.map((r) => [r.workspaceId, r])),
  });
  const section = view.sections.find((s) => s.type === 'fleet-summary');
  if (section?.type !== 'fleet-summary') throw new Error('no summary');
  const { shown } = fitted(view);
  const rows = shown.filter((text) => /^ws-\d{8}$/.test(text)).length;
  expect(rows).toBeLessThan(section.attention.length);
  expect(shown.some((text) => text.startsWith(`…and ${summary.attentionTotal - rows} more not listed here`))).toBe(
    true,
  );
  expect(shown.some((text) => text.startsWith(section.words.total))).toBe(true);
});

it('cuts a text far beyond a screen', () => {
  const { shown } = fitted(notice('error', `AWS said: ${'x'.repeat(100_000)}`));
  expect(shown[0]!.length).toBeLessThanOrEqual(CARD_LIMITS.textChars);
  expect(shown[0]!.endsWith('…')).toBe(true);
});

it('cuts a text of many lines, counting the lines left out', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'y'.repeat(40)}`);
  const { shown } = fitted(notice('warning', lines.join('\n')));
  const kept = shown.filter((text) => text.startsWith('line ')).length;
  expect(kept).toBeGreaterThan(0);
  expect(shown).toContain(LEFT_OUT.lines(2000 - kept));
});

it('keeps every row of the page when the attention list must give way, since paging cannot reach a row left out', () => {
  const records = fleet(40, (i) => ({ state: i % 2 ? 'ERROR' : 'AVAILABLE', userName: `someone.long.name${i}` }));
  const summary = summarizeFleet(records, T0, 30);
  const page = bigPage(records.slice(0, FLEET_PAGE_SIZE));
  const view = fleetOverview(summary, page, admin, {
    ...context,
    compact: false,
    attentionRecords: new Map(records.map((r) => [r.workspaceId, r])),
  });
  const { shown } = fitted(view);
  expect(shown.some((text) => text.includes('of this page not shown here'))).toBe(false);
  const ids = shown.filter((text) => /^ws-\d{8}$/.test(text));
  const attentionShown = ids.length - FLEET_PAGE_SIZE;
  expect(attentionShown).toBeGreaterThan(0);
  expect(attentionShown).toBeLessThan(summary.attentionTotal);
  expect(
    shown.some((text) => text.startsWith(`…and ${summary.attentionTotal - attentionShown} more not listed here`)),
  ).toBe(true);
});
