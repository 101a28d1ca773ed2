/**
 * The admin fleet overview: counts by state and region, what needs attention, what could not be scanned, and one page
 * of the fleet with per-row actions. Everything comes from the scanner's summary, its run records and one page of
 * records, so its size does not grow with the fleet: a page holds at most FLEET_PAGE_SIZE rows whatever its size.
 */
import { FLEET_PAGE_SIZE } from '../../core/fleet-list';
import { attentionReason, type FleetSummary, type TargetRun } from '../../core/fleet-summary';
import type { Actor, RoleActions } from '../../core/policy';
import { label, stateLabel, type WorkspaceRecord } from '../../core/workspace';
import type {
  Count,
  FleetFilters,
  FleetPageView,
  FleetRow,
  FleetSummaryWords,
  MessageView,
  Section,
  Text,
} from './model';
import { at, cmd, words } from './text';
import { counted, formatCount } from './words';
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
    return fleetRow(workspaceView(record, input.actor, input.roleActions, input.now), attention);
  });
  const page = Math.max(1, Math.floor(input.page));
  const filters = filtersText(input.filters);
  return {
    filters: input.filters,
    rows,
    page,
    ...(input.next ? { next: input.next } : {}),
    ...(input.previous ? { previous: input.previous } : {}),
    title: `Fleet, page ${formatCount(page)}${filters ? ` · ${filters}` : ''}`,
    emptyText: filters ? 'No WorkSpaces match these filters.' : 'No WorkSpaces on this page.',
    nextLabel: 'Next',
    previousLabel: 'Previous',
  };
}

/** A row of the fleet or of its attention list, with its state in words: "Error", "stuck in Rebooting". */
function fleetRow(workspace: FleetRow['workspace'], attention: FleetRow['attention']): FleetRow {
  return {
    workspace: repairsFirst(workspace, attention),
    ...(attention ? { attention } : {}),
    stateText: attention === 'stuck' ? `stuck in ${workspace.stateLabel}` : workspace.stateLabel,
  };
}

/**
 * A WorkSpace that needs attention offers the repairs valid now before anything else, and Terminate last: the
 * actions are those the policy allows (never more), in the order a person should try them.
 */
const REPAIR_ORDER = ['reboot', 'start', 'restore', 'rebuild', 'stop', 'terminate'] as const;

function repairsFirst(workspace: FleetRow['workspace'], attention: FleetRow['attention']): FleetRow['workspace'] {
  if (!attention) return workspace;
  const rank = (action: (typeof REPAIR_ORDER)[number]) => REPAIR_ORDER.indexOf(action);
  return { ...workspace, actions: [...workspace.actions].sort((a, b) => rank(a.action) - rank(b.action)) };
}

/**
 * How many WorkSpaces the listing pages through, and whether its pages are full ones, from the scanner's counts:
 * without filters or by state alone the listing reads whole pages of a known count; by region alone the count is
 * known but a page may come short; other filters have no count at all.
 */
function listedCount(
  summary: FleetSummary,
  filters: FleetFilters,
): { count?: number; exactPages: boolean; what: string } {
  const { region, state, user, directory } = filters;
  if (user || directory || (region && state)) return { exactPages: false, what: 'WorkSpaces' };
  if (state) return { count: summary.byState[state] ?? 0, exactPages: true, what: `${label(state)} WorkSpaces` };
  if (region) return { count: summary.byRegion[region] ?? 0, exactPages: false, what: `WorkSpaces in ${region}` };
  return { count: summary.total, exactPages: true, what: 'WorkSpaces' };
}

/** "Fleet, page 2 of 14 · 312 WorkSpaces", or as much of it as is known, then the filters. */
function pageTitle(page: FleetPageView, summary: FleetSummary | undefined): string {
  const filters = filtersText(page.filters);
  const where = filters ? ` · ${filters}` : '';
  const number = `page ${formatCount(page.page)}`;
  if (!summary) return `Fleet, ${number}${where}`;
  const listed = listedCount(summary, page.filters);
  if (listed.count === undefined) return `Fleet, ${number}${where} · the total for these filters is not counted`;
  const pages = Math.max(page.page, Math.ceil(listed.count / FLEET_PAGE_SIZE), 1);
  const position = listed.exactPages ? `${number} of ${formatCount(pages)}` : number;
  const what = listed.count === 1 ? listed.what.replace('WorkSpaces', 'WorkSpace') : listed.what;
  return `Fleet, ${position} · ${formatCount(listed.count)} ${what}${where}`;
}

/** The ids of the attention entries the overview shows: the caller reads these records (one BatchGet) to pass in. */
export function attentionToShow(summary: FleetSummary | undefined, limit = ATTENTION_SHOWN): string[] {
  return (summary?.attention ?? []).slice(0, limit).map((entry) => entry.workspaceId);
}

export interface FleetOverviewContext {
  /**
   * The summary in one line over the page, for a page reached with Next or Previous (rows near the top); unset: for
   * any page after the first, since only paging reaches those.
   */
  compact?: boolean;
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
  const shownPage = page && { ...page, title: pageTitle(page, summary) };
  const unscanned = (context.runs ?? [])
    .filter((run) => run.status === 'failed')
    .map((run) => ({ region: run.region, accountId: run.accountId, since: run.failingSince ?? run.at }));
  const compact = shownPage !== undefined && (context.compact ?? shownPage.page > 1);
  // The fleet is many people's business: it goes only to the admin who asked.
  if (compact) {
    const line = summary ? summaryLine(summary, unscanned.length) : NO_SCAN;
    const sections: Section[] = [
      { type: 'context', text: summary ? words(`${line} · counted at the scan of `, at(summary.scannedAt)) : line },
      { type: 'fleet-page', page: shownPage },
    ];
    return { text: `${shownPage.title}. ${line}.`, sections, private: true };
  }
  const sections: Section[] = [{ type: 'header', text: 'WorkSpaces fleet' }];
  let text: string;
  if (summary) {
    const attention = attentionRows(summary, actor, context);
    sections.push({
      type: 'fleet-summary',
      total: summary.total,
      scannedAt: summary.scannedAt,
      byState: counts(summary.byState, stateLabel),
      byRegion: counts(summary.byRegion, (region) => region),
      attention,
      attentionTotal: summary.attentionTotal,
      unscanned,
      words: summaryWords(summary, unscanned),
    });
    text = `Fleet: ${summaryLine(summary, unscanned.length)}.`;
  } else {
    text = NO_SCAN;
    sections.push({ type: 'notice', tone: 'info', text });
  }
  if (shownPage) sections.push({ type: 'fleet-page', page: shownPage });
  return { text, sections, private: true };
}

const NO_SCAN = 'No scan has finished yet, so there are no counts; they appear after the first scan.';

/** "312 WorkSpaces; 5 need attention; 1 region not scanned". */
function summaryLine(summary: FleetSummary, unscanned: number): string {
  return [
    counted(summary.total, 'WorkSpace'),
    `${formatCount(summary.attentionTotal)} need${summary.attentionTotal === 1 ? 's' : ''} attention`,
    ...(unscanned > 0 ? [`${counted(unscanned, 'region')} not scanned`] : []),
  ].join('; ');
}

function summaryWords(
  summary: FleetSummary,
  unscanned: readonly { region: string; accountId: string; since: string }[],
): FleetSummaryWords {
  const need = summary.attentionTotal === 1 ? 'needs' : 'need';
  return {
    total: counted(summary.total, 'WorkSpace'),
    ...(summary.scannedAt ? { countedAt: words('counted at the scan of ', at(summary.scannedAt)) } : {}),
    byState: 'By state',
    byRegion: 'By region',
    moreCounts: (hidden) => `…and ${formatCount(hidden)} more`,
    unscannedTitle: `${counted(unscanned.length, 'region')} not scanned`,
    unscannedLines: unscanned.map(
      (u): Text => words(`${u.region}, account ${u.accountId} · failing since `, at(u.since)),
    ),
    moreUnscanned: (hidden) => `…and ${formatCount(hidden)} more not scanned`,
    attentionTitle: `${counted(summary.attentionTotal, 'WorkSpace')} ${need} attention`,
    nothingNeedsAttention: 'Nothing needs attention.',
    moreAttention: (hidden) =>
      words(
        `…and ${formatCount(hidden)} more not listed here; filter the fleet by state to see them all, as in `,
        cmd('fleet state:error'),
        '.',
      ),
  };
}

function attentionRows(summary: FleetSummary, actor: Actor, context: FleetOverviewContext): FleetRow[] {
  const records = context.attentionRecords ?? new Map<string, WorkspaceRecord>();
  return summary.attention.slice(0, ATTENTION_SHOWN).flatMap((entry) => {
    const record = records.get(entry.workspaceId);
    if (!record) return [];
    return [fleetRow(workspaceView(record, actor, context.roleActions, context.now), entry.reason)];
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
