/** Paging through the fleet: where a page is, from the scanner's counts, with the summary kept to one line. */
import { fleetOverview, fleetPage } from '../../../bot/views/fleet';
import type { FleetFilters, Section } from '../../../bot/views/model';
import { bareText } from '../../../bot/views/text';
import { summarizeFleet } from '../../../core/fleet-summary';
import { DEFAULT_ROLE_ACTIONS } from '../../../core/policy';
import type { WorkspaceRecord } from '../../../core/workspace';
import { actor, T0, workspace } from '../../helpers/fleet';

const admin = actor('root', ['admin']);
const fleet: WorkspaceRecord[] = Array.from({ length: 312 }, (_, i) =>
  workspace({
    workspaceId: `ws-${String(i).padStart(6, '0')}`,
    state: i % 10 === 0 ? 'STOPPED' : i === 5 ? 'ERROR' : 'AVAILABLE',
    region: i % 2 ? 'eu-west-1' : 'us-east-1',
  }),
);
const summary = summarizeFleet(fleet, T0, 30);

function overview(page: number, filters: FleetFilters = {}, options: { compact?: boolean } = {}) {
  const shown = fleetPage({
    records: fleet.slice((page - 1) * 10, page * 10),
    filters,
    page,
    next: 'n',
    previous: page > 1 ? 'p' : undefined,
    actor: admin,
    roleActions: DEFAULT_ROLE_ACTIONS,
    now: T0,
    stuckMinutes: 30,
  });
  return fleetOverview(summary, shown, admin, {
    roleActions: DEFAULT_ROLE_ACTIONS,
    now: T0,
    attentionRecords: new Map(fleet.map((r) => [r.workspaceId, r])),
    ...options,
  });
}

const pageOf = (sections: Section[]) => {
  const found = sections.find((s) => s.type === 'fleet-page');
  if (found?.type !== 'fleet-page') throw new Error('no page');
  return found.page;
};

describe('a page reached with Next or Previous', () => {
  it('says where it is and how many there are, with the summary in one line above the rows', () => {
    const view = overview(2);
    expect(view.sections.map((s) => s.type)).toEqual(['context', 'fleet-page']);
    expect(pageOf(view.sections).title).toBe('Fleet, page 2 of 32 · 312 WorkSpaces');
    const line = view.sections[0]!;
    expect(line.type === 'context' && bareText(line.text)).toBe(
      '312 WorkSpaces; 1 needs attention · counted at the scan of 2026-11-23 12:00 UTC',
    );
    expect(view.text).toBe('Fleet, page 2 of 32 · 312 WorkSpaces. 312 WorkSpaces; 1 needs attention.');
  });

  it('keeps the full overview on the first page, with the position in its title', () => {
    const view = overview(1);
    expect(view.sections.map((s) => s.type)).toEqual(['header', 'fleet-summary', 'fleet-page']);
    expect(pageOf(view.sections).title).toBe('Fleet, page 1 of 32 · 312 WorkSpaces');
    // Previous back to the first page can ask for the short form too.
    expect(overview(1, {}, { compact: true }).sections.map((s) => s.type)).toEqual(['context', 'fleet-page']);
  });

  it('counts a state filter exactly, a region filter without a page count, and says when there is no count', () => {
    expect(pageOf(overview(2, { state: 'STOPPED' }).sections).title).toBe(
      'Fleet, page 2 of 4 · 32 Stopped WorkSpaces · state Stopped',
    );
    expect(pageOf(overview(1, { state: 'ERROR' }).sections).title).toBe(
      'Fleet, page 1 of 1 · 1 Error WorkSpace · state Error',
    );
    // By region a page may come short (the listing skips rows), so the number of pages is not promised.
    expect(pageOf(overview(2, { region: 'eu-west-1' }).sections).title).toBe(
      'Fleet, page 2 · 156 WorkSpaces in eu-west-1 · region eu-west-1',
    );
    expect(pageOf(overview(2, { user: 'alice' }).sections).title).toBe(
      'Fleet, page 2 · user alice · the total for these filters is not counted',
    );
  });

  it('never says a page is past the last one, when the fleet grew since the scan', () => {
    expect(pageOf(overview(40).sections).title).toBe('Fleet, page 40 of 40 · 312 WorkSpaces');
  });

  it('says only the page number before the first scan', () => {
    const shown = fleetPage({
      records: fleet.slice(10, 20),
      filters: {},
      page: 2,
      actor: admin,
      roleActions: DEFAULT_ROLE_ACTIONS,
      now: T0,
      stuckMinutes: 30,
    });
    const view = fleetOverview(undefined, shown, admin, { roleActions: DEFAULT_ROLE_ACTIONS, now: T0 });
    expect(pageOf(view.sections).title).toBe('Fleet, page 2');
    expect(view.sections.map((s) => s.type)).toEqual(['context', 'fleet-page']);
  });
});
