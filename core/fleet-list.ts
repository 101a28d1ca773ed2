/**
 * The admin's paged fleet list, with filters, for fleets of a hundred thousand: every page is a bounded range read
 * of an index (the fleet index ordered by state, region and id, or the owner index for a user filter), forwards
 * for Next and backwards for Previous. The fleet index is sharded (workspace-cache.ts): a page reads the same range
 * of every shard and merges them in order, so the pages are those one partition would give. Nothing reads the
 * whole table.
 */
import { FLEET_INDEX, OWNER_INDEX } from './data/tables';
import { FLEET_PARTITIONS, fleetPartition, fleetSort, type WorkspaceCache } from './data/workspace-cache';
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
/** Rounds of Query calls (one per shard that needs more) a page may make while filters skip rows; past it the page is
 * shorter and Next goes on. */
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

type Key = Record<string, unknown>;

/** How a page is read: which index, which partitions (the fleet's shards, or one owner), and how keys order. */
interface Plan {
  indexName: string;
  /** Names its partition `:partition`. */
  keyCondition: string;
  partitionAttribute: string;
  partitions: readonly string[];
  /** The index's sort key: what orders the merged rows (unique, as it ends with the id or is the id). */
  sortOf: (key: Key) => string;
  keyOf: (r: WorkspaceRecord) => Key;
  names: Record<string, string>;
  values: Record<string, unknown>;
  conditions: string[];
}

function access(filters: FleetFilters): Plan {
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
    filterOn('state', filters.state);
    filterOn('region', filters.region);
    filterOn('directoryId', filters.directory);
    const owner = ownerKey(filters.user);
    return {
      indexName: OWNER_INDEX,
      keyCondition: 'ownerKey = :partition',
      partitionAttribute: 'ownerKey',
      partitions: [owner],
      sortOf: (key) => String(key.workspaceId),
      keyOf: (r) => ({ workspaceId: r.workspaceId, ownerKey: owner }),
      names,
      values,
      conditions,
    };
  }
  let keyCondition = 'fleetKey = :partition';
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
    partitionAttribute: 'fleetKey',
    partitions: FLEET_PARTITIONS,
    sortOf: (key) => String(key.fleetSort),
    keyOf: (r) => ({ workspaceId: r.workspaceId, fleetKey: fleetPartition(r.workspaceId), fleetSort: fleetSort(r) }),
    names,
    values,
    conditions,
  };
}

/** DynamoDB orders string keys by their UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** One partition's part of a merged read: rows read but not yet taken, and where its next read starts. */
interface Shard {
  partition: string;
  rows: WorkspaceRecord[];
  /** Exclusive start of its next read (a key in this partition): everything up to it has been read. */
  from?: Key;
  done: boolean;
}

interface Read {
  records: WorkspaceRecord[];
  more: boolean;
  /** Set when the budget ran out before the page was full: where the next read picks up. */
  resumeKey?: Key;
}

/**
 * Reads up to `want` records after `startKey` in one direction, merging the plan's partitions: the next row in
 * order is taken only when no partition still open could hold one before it (its read position is at or past it),
 * so no row is skipped or reordered.
 */
async function read(
  cache: WorkspaceCache,
  startKey: Key | undefined,
  forward: boolean,
  want: number,
  plan: Plan,
  budget: number,
): Promise<Read> {
  const shards: Shard[] = plan.partitions.map((partition) => ({
    partition,
    rows: [],
    // A cursor names one partition's key; every other partition starts at the same sort position.
    from: startKey && { ...startKey, [plan.partitionAttribute]: partition },
    done: false,
  }));
  const filter = plan.conditions.length ? plan.conditions.join(' AND ') : undefined;
  const before = (a: string, b: string) => (forward ? byteOrder(a, b) : byteOrder(b, a)) < 0;
  const records: WorkspaceRecord[] = [];
  const fetch = async (shard: Shard) => {
    const out = await cache.queryIndex({
      indexName: plan.indexName,
      keyCondition: plan.keyCondition,
      filter,
      names: Object.keys(plan.names).length ? plan.names : undefined,
      values: { ...plan.values, ':partition': shard.partition },
      startKey: shard.from,
      forward,
      // Without filters a Query page is exactly what is still wanted; with them, read wider to skip faster.
      limit: filter ? Math.ceil(Math.max(100, want * 10) / shards.length) : Math.max(1, want - records.length),
    });
    shard.rows.push(...out.records);
    shard.from = out.lastKey;
    shard.done = out.lastKey === undefined;
  };
  for (let rounds = 0; ; ) {
    const candidate = nextRow(shards, plan, before);
    if (candidate && records.length >= want) return { records, more: true };
    const open = shards.filter((shard) => !shard.done && shard.rows.length === 0);
    // An open partition blocks the candidate while it may still hold a row before it.
    const blocking = open.filter(
      (shard) => !candidate || !shard.from || before(plan.sortOf(shard.from), candidate.sort),
    );
    if (candidate && !blocking.length) {
      records.push(candidate.shard.rows.shift()!);
      continue;
    }
    if (!blocking.length) return { records, more: false };
    if (rounds++ >= budget) return outOfBudget(records, want, blocking, plan, before, startKey);
    await Promise.all(blocking.map(fetch));
  }
}

/** The first row in order among what the partitions have read, and its partition. */
function nextRow(shards: Shard[], plan: Plan, before: (a: string, b: string) => boolean) {
  let best: { shard: Shard; sort: string } | undefined;
  for (const shard of shards) {
    if (!shard.rows.length) continue;
    const sort = plan.sortOf(plan.keyOf(shard.rows[0]!));
    if (!best || before(sort, best.sort)) best = { shard, sort };
  }
  return best;
}

/** A short page, resumable from the nearest partition position not yet read past; or a full one that may go on. */
function outOfBudget(
  records: WorkspaceRecord[],
  want: number,
  blocking: Shard[],
  plan: Plan,
  before: (a: string, b: string) => boolean,
  startKey: Key | undefined,
): Read {
  if (records.length >= want) return { records, more: true };
  const positions = blocking.map((shard) => shard.from).filter((key): key is Key => key !== undefined);
  const nearest = positions.reduce<Key | undefined>(
    (best, key) => (!best || before(plan.sortOf(key), plan.sortOf(best)) ? key : best),
    undefined,
  );
  return { records, more: true, resumeKey: nearest ?? startKey };
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
