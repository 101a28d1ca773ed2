/**
 * The admin's paged fleet list, with filters, for fleets of tens of thousands: every page is a bounded
 * range read of an index (the fleet index ordered by state, region and id, or the owner index for a
 * user filter), forwards for Next and backwards for Previous. Nothing reads the whole table.
 */
import { FLEET_INDEX, OWNER_INDEX } from './data/tables';
import { FLEET_PARTITION, fleetSort, type WorkspaceCache } from './data/workspace-cache';
import { ownerKey } from './identity';
import type { WorkspaceRecord, WorkspaceState } from './workspace';

export interface FleetFilters {
  region?: string;
  state?: WorkspaceState;
  user?: string;
  directory?: string;
}

export interface FleetPage {
  filters: FleetFilters;
  records: WorkspaceRecord[];
  /** 1-based. */
  page: number;
  /** Opaque cursors for the neighbouring pages, when there are any. */
  next?: string;
  previous?: string;
}

interface Cursor {
  f: FleetFilters;
  /** 'n': the page after key k; 'p': the page before key k. */
  d: 'n' | 'p';
  k: Record<string, unknown>;
  p: number;
}

export const FLEET_PAGE_SIZE = 10;
/** Query calls one page may make while filters skip rows; past it the page is shorter and Next goes on. */
const READ_BUDGET = 8;

interface ListOptions {
  pageSize?: number;
  readBudget?: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string): Cursor | undefined {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if ((cursor.d !== 'n' && cursor.d !== 'p') || typeof cursor.k !== 'object' || !Number.isInteger(cursor.p)) {
      return undefined;
    }
    return cursor;
  } catch {
    return undefined;
  }
}

function access(filters: FleetFilters) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  const filterOn = (attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    conditions.push(`#${attribute} = :${attribute}`);
  };
  if (filters.user) {
    values[':owner'] = ownerKey(filters.user);
    filterOn('state', filters.state);
    filterOn('region', filters.region);
    filterOn('directoryId', filters.directory);
    return {
      indexName: OWNER_INDEX,
      keyCondition: 'ownerKey = :owner',
      keyOf: (r: WorkspaceRecord) => ({ workspaceId: r.workspaceId, ownerKey: ownerKey(r.userName) }),
      names,
      values,
      conditions,
    };
  }
  values[':fleet'] = FLEET_PARTITION;
  let keyCondition = 'fleetKey = :fleet';
  if (filters.state) {
    values[':prefix'] = filters.region ? `${filters.state}#${filters.region}#` : `${filters.state}#`;
    keyCondition += ' AND begins_with(fleetSort, :prefix)';
  } else {
    filterOn('region', filters.region);
  }
  filterOn('directoryId', filters.directory);
  return {
    indexName: FLEET_INDEX,
    keyCondition,
    keyOf: (r: WorkspaceRecord) => ({ workspaceId: r.workspaceId, fleetKey: FLEET_PARTITION, fleetSort: fleetSort(r) }),
    names,
    values,
    conditions,
  };
}

/** Reads up to `want` records from `startKey` in one direction; `more` says whether any may follow. */
async function read(
  cache: WorkspaceCache,
  startKey: Record<string, unknown> | undefined,
  forward: boolean,
  want: number,
  plan: ReturnType<typeof access>,
  budget: number,
): Promise<{ records: WorkspaceRecord[]; more: boolean; resumeKey?: Record<string, unknown> }> {
  const records: WorkspaceRecord[] = [];
  let key = startKey;
  for (let call = 0; call < budget; call++) {
    const out = await cache.queryIndex({
      indexName: plan.indexName,
      keyCondition: plan.keyCondition,
      filter: plan.conditions.length ? plan.conditions.join(' AND ') : undefined,
      names: Object.keys(plan.names).length ? plan.names : undefined,
      values: plan.values,
      startKey: key,
      forward,
      // Without filters a Query page is exactly what is asked; with them, read wider to skip faster.
      limit: plan.conditions.length ? Math.max(100, want * 10) : want + 1 - records.length,
    });
    for (const record of out.records) {
      if (records.length <= want) records.push(record);
    }
    key = out.lastKey;
    if (records.length > want) return { records: records.slice(0, want), more: true };
    if (!key) return { records, more: false };
  }
  // Out of budget: a short page, resumable from where the reads stopped.
  return { records, more: true, resumeKey: key };
}

export async function listFleet(
  cache: WorkspaceCache,
  filters: FleetFilters,
  cursor?: string,
  options: ListOptions = {},
): Promise<FleetPage> {
  const pageSize = options.pageSize ?? FLEET_PAGE_SIZE;
  const decoded = cursor ? decodeCursor(cursor) : undefined;
  const active = decoded?.f ?? filters;
  const plan = access(active);
  const forward = decoded?.d !== 'p';
  const result = await read(cache, decoded?.k, forward, pageSize, plan, options.readBudget ?? READ_BUDGET);
  // Going back found nothing (the fleet changed under the cursor): start again from the first page.
  if (!forward && result.records.length === 0 && !result.resumeKey) return listFleet(cache, active, undefined, options);
  const records = forward ? result.records : [...result.records].reverse();
  const first = records[0];
  const last = records[records.length - 1];
  // A read that ran out of budget stopped at resumeKey: the page's far edge is there, not at its last row.
  let nextKey: Record<string, unknown> | undefined;
  let previousKey: Record<string, unknown> | undefined;
  if (forward) {
    nextKey = result.more ? (result.resumeKey ?? (last && plan.keyOf(last))) : undefined;
    previousKey = decoded ? (first ? plan.keyOf(first) : decoded.k) : undefined;
  } else {
    previousKey = result.more ? (result.resumeKey ?? (first && plan.keyOf(first))) : undefined;
    nextKey = last ? plan.keyOf(last) : decoded?.k;
  }
  const page = previousKey ? (decoded?.p ?? 1) : 1;
  return {
    filters: active,
    records,
    page,
    ...(nextKey ? { next: encodeCursor({ f: active, d: 'n', k: nextKey, p: page + 1 }) } : {}),
    ...(previousKey ? { previous: encodeCursor({ f: active, d: 'p', k: previousKey, p: page - 1 }) } : {}),
  };
}
