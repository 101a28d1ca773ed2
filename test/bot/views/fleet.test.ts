/** The admin fleet overview and its pages, built from the scanner's summary and one page of records. */
import { ATTENTION_SHOWN, attentionToShow, filtersText, fleetOverview, fleetPage } from '../../../bot/views/fleet';
import type { Section } from '../../../bot/views/model';
import { FLEET_PAGE_SIZE } from '../../../core/fleet-list';
import { type FleetSummary, summarizeFleet, type TargetRun } from '../../../core/fleet-summary';
import { DEFAULT_ROLE_ACTIONS } from '../../../core/policy';
import type { WorkspaceRecord } from '../../../core/workspace';
import { actor, T0, workspace } from '../../helpers/fleet';

const admin = actor('root', ['admin']);
const context = { roleActions: DEFAULT_ROLE_ACTIONS, now: T0 };

function fleet(n: number): WorkspaceRecord[] {
  return Array.from({ length: n }, (_, i) =>
    workspace({
      workspaceId: `ws-${String(i).padStart(6, '0')}`,
      userName: `user${i}`,
      region: ['us-east-1', 'eu-west-1'][i % 2]!,
      state: i % 50 === 0 ? 'UNHEALTHY' : i % 7 === 0 ? 'STOPPED' : 'AVAILABLE',
      stateSince: '2026-11-23T00:00:00.000Z',
    }),
  );
}

const runs: TargetRun[] = [
  { accountId: '111122223333', region: 'us-east-1', status: 'complete', at: T0.toISOString(), found: 10 },
  {
    accountId: '111122223333',
    region: 'ap-south-1',
    status: 'failed',
    at: T0.toISOString(),
    found: 0,
    failingSince: '2026-11-23T06:00:00.000Z',
    lastError: 'AccessDenied',
  },
];

function summaryOf(records: WorkspaceRecord[]): FleetSummary {
  return summarizeFleet(records, T0, 30);
}

function summarySection(sections: Section[]) {
  const section = sections.find((s) => s.type === 'fleet-summary');
  if (section?.type !== 'fleet-summary') throw new Error('no fleet summary');
  return section;
}

describe('fleetOverview', () => {
  const records = fleet(1000);
  const summary = summaryOf(records);
  const byId = new Map(records.map((r) => [r.workspaceId, r]));

  it('counts by state and region, biggest first, and lists the regions not scanned', () => {
    const view = fleetOverview(summary, undefined, admin, { ...context, attentionRecords: byId, runs });
    expect(view.private).toBe(true);
    expect(view.text).toBe('Fleet: 1,000 WorkSpaces; 20 need attention; 1 region not scanned.');
    const section = summarySection(view.sections);
    expect(section.total).toBe(1000);
    expect(section.byState.map((c) => c.label)).toEqual(['Available', 'Stopped', 'Unhealthy']);
    expect(section.byState.reduce((sum, c) => sum + c.count, 0)).toBe(1000);
    expect(section.byRegion).toEqual([
      { label: 'eu-west-1', count: 500 },
      { label: 'us-east-1', count: 500 },
    ]);
    expect(section.unscanned).toEqual([
      { region: 'ap-south-1', accountId: '111122223333', since: '2026-11-23T06:00:00.000Z' },
    ]);
  });

  it('shows the first attention rows with their actions, and the total', () => {
    const section = summarySection(
      fleetOverview(summary, undefined, admin, { ...context, attentionRecords: byId }).sections,
    );
    expect(section.attentionTotal).toBe(20);
    expect(section.attention).toHaveLength(ATTENTION_SHOWN);
    expect(section.attention[0]).toMatchObject({ attention: 'state', workspace: { stateLabel: 'Unhealthy' } });
    // The repairs first, in the order to try them, and Terminate last.
    expect(section.attention[0]!.workspace.actions.map((c) => c.action)).toEqual([
      'reboot',
      'restore',
      'rebuild',
      'stop',
      'terminate',
    ]);
    expect(attentionToShow(summary)).toEqual(section.attention.map((row) => row.workspace.workspaceId));
  });

  it('leaves out attention entries whose record is gone, but still counts them', () => {
    const section = summarySection(fleetOverview(summary, undefined, admin, context).sections);
    expect(section.attention).toEqual([]);
    expect(section.attentionTotal).toBe(20);
  });

  it('says so before the first scan, and still shows a page', () => {
    const page = fleetPage({ records: [], filters: {}, page: 1, actor: admin, ...context, stuckMinutes: 30 });
    const view = fleetOverview(undefined, page, admin, context);
    expect(view.sections.map((s) => s.type)).toEqual(['header', 'notice', 'fleet-page']);
    expect(view.text).toContain('No scan has finished yet');
  });
});

describe('fleetPage', () => {
  it('keeps at most a page of rows, marks those needing attention, and carries the cursors', () => {
    const records = fleet(40).map((r, i) =>
      i === 3 ? { ...r, state: 'REBOOTING' as const, stateSince: '2026-11-23T10:00:00.000Z' } : r,
    );
    const page = fleetPage({
      records,
      filters: { region: 'us-east-1', state: 'UNHEALTHY' },
      page: 2,
      next: 'n-cursor',
      previous: 'p-cursor',
      actor: admin,
      ...context,
      stuckMinutes: 30,
    });
    expect(page.rows).toHaveLength(FLEET_PAGE_SIZE);
    expect(page.rows[0]!.attention).toBe('state');
    expect(page.rows[3]!.attention).toBe('stuck');
    expect(page.rows[1]!.attention).toBeUndefined();
    expect(page).toMatchObject({ page: 2, next: 'n-cursor', previous: 'p-cursor' });
    expect(filtersText(page.filters)).toBe('region us-east-1, state Unhealthy');
    expect(filtersText({})).toBeUndefined();
  });
});
