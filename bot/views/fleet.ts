/**
 * The admin fleet overview: counts by state and region, what needs attention, what could not be scanned, and one page
 * of the fleet with per-row actions. Everything comes from the scanner's summary, its run records and one page of
 * records, so its size does not grow with the fleet: a page holds at most FLEET_PAGE_SIZE rows whatever its size.
 */
import { FLEET_PAGE_SIZE } from '../../core/fleet-list';
import { attentionReason, type FleetSummary, type TargetRun } from '../../core/fleet-summary';
import type { Actor, RoleActions } from '../../core/policy';
import { isWorkspaceState, label, type WorkspaceRecord } from '../../core/workspace';
import type { Count, FleetFilters, FleetPageView, FleetRow, MessageView, Section } from './model';
import { workspaceView } from './workspace';

/** Attention rows shown in the overview; the rest are counted and reached with `fleet state:...`. */
export const ATTENTION_SHOWN = 10;

export interface FleetPageInput {
  /** This page's records, in the listing's order; more than FLEET_PAGE_SIZE are cut. */
  records: readonly WorkspaceRecord[];
  filters: FleetFilters;
  /** 1-based page number, and the opaque cursors to the neighbouring pages. */
  page: number;
  next?: string;
  previous?: string;
  actor: Actor;
  roleActions: RoleActions;
  now: Date;
  /** A WorkSpace this long in a transitional state is marked stuck. */
  stuckMinutes: number;
}

export function fleetPage(input: FleetPageInput): FleetPageView {
  const rows: FleetRow[] = input.records.slice(0, FLEET_PAGE_SIZE).map((record) => {
    const attention = attentionReason(record, input.now, input.stuckMinutes);
    return {
      workspace: workspaceView(record, input.actor, input.roleActions, input.now),
      ...(attention ? { attention } : {}),
    };
  });
  return {
    filters: input.filters,
    rows,
    page: Math.max(1, Math.floor(input.page)),
    ...(input.next ? { next: input.next } : {}),
    ...(input.previous ? { previous: input.previous } : {}),
  };
}

/** The ids of the attention entries the overview shows: the caller reads these records (one BatchGet) to pass in. */
export function attentionToShow(summary: FleetSummary | undefined, limit = ATTENTION_SHOWN): string[] {
  return (summary?.attention ?? []).slice(0, limit).map((entry) => entry.workspaceId);
}

export interface FleetOverviewContext {
  roleActions: RoleActions;
  now: Date;
  /** The cached records of attentionToShow(summary); an entry without one (gone since the scan) is left out. */
  attentionRecords?: ReadonlyMap<string, WorkspaceRecord>;
  /** The last run of each region and account (SyncStore.runs): the failed ones are listed as not scanned. */
  runs?: readonly TargetRun[];
}

function counts(byKey: Record<string, number>, name: (key: string) => string): Count[] {
  return Object.entries(byKey)
    .filter(([, count]) => count > 0)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([key, count]) => ({ label: name(key), count }));
}

/** "Unhealthy" for a state the bot knows; anything else as it came. */
function stateName(state: string): string {
  return isWorkspaceState(state) ? label(state) : state;
}

/**
 * @param summary the scanner's summary; undefined before the first scan has finished.
 * @param page the page to show under the summary, if any (the home tab shows the summary alone).
 */
export function fleetOverview(
  summary: FleetSummary | undefined,
  page: FleetPageView | undefined,
  actor: Actor,
  context: FleetOverviewContext,
): MessageView {
  const sections: Section[] = [{ type: 'header', text: 'WorkSpaces fleet' }];
  let text: string;
  if (summary) {
    const attention = attentionRows(summary, actor, context);
    const unscanned = (context.runs ?? [])
      .filter((run) => run.status === 'failed')
      .map((run) => ({ region: run.region, accountId: run.accountId, since: run.failingSince ?? run.at }));
    sections.push({
      type: 'fleet-summary',
      total: summary.total,
      scannedAt: summary.scannedAt,
      byState: counts(summary.byState, stateName),
      byRegion: counts(summary.byRegion, (region) => region),
      attention,
      attentionTotal: summary.attentionTotal,
      unscanned,
    });
    const parts = [
      `Fleet: ${summary.total.toLocaleString('en-US')} WorkSpaces`,
      `${summary.attentionTotal.toLocaleString('en-US')} need attention`,
      ...(unscanned.length > 0 ? [`${unscanned.length} region${unscanned.length === 1 ? '' : 's'} not scanned`] : []),
    ];
    text = `${parts.join('; ')}.`;
  } else {
    text = 'No scan has finished yet, so there are no counts; they appear after the first scan.';
    sections.push({ type: 'notice', tone: 'info', text });
  }
  if (page) sections.push({ type: 'fleet-page', page });
  // The fleet is many people's business: it goes only to the admin who asked.
  return { text, sections, private: true };
}

function attentionRows(summary: FleetSummary, actor: Actor, context: FleetOverviewContext): FleetRow[] {
  const records = context.attentionRecords ?? new Map<string, WorkspaceRecord>();
  return summary.attention.slice(0, ATTENTION_SHOWN).flatMap((entry) => {
    const record = records.get(entry.workspaceId);
    if (!record) return [];
    return [{ workspace: workspaceView(record, actor, context.roleActions, context.now), attention: entry.reason }];
  });
}

/** "region us-east-1, state Unhealthy": the filters in words, or undefined when there are none. */
export function filtersText(filters: FleetFilters): string | undefined {
  const parts = [
    filters.region ? `region ${filters.region}` : undefined,
    filters.state ? `state ${label(filters.state)}` : undefined,
    filters.user ? `user ${filters.user}` : undefined,
    filters.directory ? `directory ${filters.directory}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
