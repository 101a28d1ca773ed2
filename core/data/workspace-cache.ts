/**
 * The WorkSpaces cache. Every write carries the time of the observation it records and only lands if it
 * is newer than what the table holds, so a scanner, an action and the reaper can race safely.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { chunks } from '../collections';
import { ownerKey } from '../identity';
import type { WorkspaceRecord } from '../workspace';
import { writeAll } from './batch-write';
import { landed } from './conditional';
import { MISSING_INDEX, OWNER_INDEX } from './tables';

/** Set on a WorkSpace that complete scans of its region and account did not see. */
interface MissingMark {
  /** `account#region`, the key of the sparse missing index. */
  missingTarget: string;
  /** How many complete scans in a row did not see it. */
  missingScans: number;
  /** When the first of those scans ran. */
  missingSince: string;
}

/**
 * A cache entry as the scanner and reaper see it: the record, its missing mark when set, and whether it sits in
 * another fleet-index shard than its id says (written before sharding): the scanner then rewrites it.
 */
export type CachedWorkspace = WorkspaceRecord & Partial<MissingMark> & { misfiled?: boolean };

type CachedItem = WorkspaceRecord & Partial<MissingMark> & { ownerKey: string; fleetKey: string; fleetSort: string };

/**
 * The fleet index's partitions. One partition for the whole fleet would take every write of a full scan (DynamoDB
 * allows about 1,000 write units a second per partition, and an index that falls behind throttles the table), so
 * each WorkSpace goes to one of a fixed number of shards by its id, and the fleet list merges the shards' ranges.
 * Changing the number re-shards on the next scan (every WorkSpace whose shard moved is rewritten).
 */
export const FLEET_SHARDS = 8;

/** FNV-1a of the id: stable across processes and versions, unlike anything salted. */
function shardOf(workspaceId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < workspaceId.length; i++) {
    hash ^= workspaceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % FLEET_SHARDS;
}

export function fleetPartition(workspaceId: string): string {
  return `fleet#${shardOf(workspaceId)}`;
}

export const FLEET_PARTITIONS: readonly string[] = Array.from({ length: FLEET_SHARDS }, (_, i) => `fleet#${i}`);

export function fleetSort(ws: Pick<WorkspaceRecord, 'state' | 'region' | 'workspaceId'>): string {
  return `${ws.state}#${ws.region}#${ws.workspaceId}`;
}

function toCached(item: Record<string, unknown>): CachedWorkspace {
  const { ownerKey: _key, fleetKey, fleetSort: _s, ...cached } = item as unknown as CachedItem;
  return fleetKey === fleetPartition(cached.workspaceId) ? cached : { ...cached, misfiled: true };
}

function toRecord(item: Record<string, unknown>): WorkspaceRecord {
  const { missingTarget: _t, missingScans: _s, missingSince: _m, misfiled: _f, ...record } = toCached(item);
  return record;
}

function toItem(record: WorkspaceRecord): CachedItem {
  const { missingTarget: _t, missingScans: _s, missingSince: _m, misfiled: _f, ...clean } = record as CachedWorkspace;
  return {
    ...clean,
    ownerKey: ownerKey(record.userName),
    fleetKey: fleetPartition(record.workspaceId),
    fleetSort: fleetSort(record),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type WriteResult = 'written' | 'stale';

/** 'stale' when the write's condition did not hold: something newer is already there. */
async function outcome(write: Promise<unknown>): Promise<WriteResult> {
  return (await landed(write)) === undefined ? 'stale' : 'written';
}

export class WorkspaceCache {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async get(workspaceId: string): Promise<WorkspaceRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { workspaceId } }));
    return Item ? toRecord(Item) : undefined;
  }

  /** Reads many WorkSpaces by id, 100 a request, retrying keys DynamoDB left unprocessed. */
  async getMany(workspaceIds: readonly string[]): Promise<Map<string, WorkspaceRecord>> {
    const found = new Map<string, WorkspaceRecord>();
    for (const ids of chunks([...new Set(workspaceIds)], 100)) {
      let keys: Record<string, unknown>[] | undefined = ids.map((workspaceId) => ({ workspaceId }));
      for (let attempt = 0; keys?.length; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) found.set(item.workspaceId as string, toRecord(item));
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  /** The WorkSpaces of one owner: a Query on the owner index, never a Scan. */
  async listByOwner(userName: string): Promise<WorkspaceRecord[]> {
    const key = ownerKey(userName);
    if (!key) return [];
    const records: WorkspaceRecord[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: OWNER_INDEX,
        KeyConditionExpression: 'ownerKey = :owner',
        ExpressionAttributeValues: { ':owner': key },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) records.push(toRecord(item));
    return records;
  }

  /** Writes an observation unless the table already holds a newer one. */
  async put(record: WorkspaceRecord): Promise<WriteResult> {
    return outcome(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(workspaceId) OR observedAt < :observedAt',
          ExpressionAttributeValues: { ':observedAt': record.observedAt },
        }),
      ),
    );
  }

  /** Removes a WorkSpace, unless an observation newer than `provenGoneAt` has landed since. */
  async delete(workspaceId: string, provenGoneAt: string): Promise<WriteResult> {
    return outcome(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { workspaceId },
          ConditionExpression: 'attribute_exists(workspaceId) AND observedAt < :provenGoneAt',
          ExpressionAttributeValues: { ':provenGoneAt': provenGoneAt },
        }),
      ),
    );
  }

  /** Every cached WorkSpace, read with a parallel Scan: for the scanner only, never for a person's request. */
  async scanAll(segments = 4): Promise<CachedWorkspace[]> {
    const parts = await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const items: CachedWorkspace[] = [];
        const pages = paginateScan(
          { client: this.db, pageSize: 1000 },
          { TableName: this.tableName, Segment: segment, TotalSegments: segments },
        );
        for await (const page of pages) for (const item of page.Items ?? []) items.push(toCached(item));
        return items;
      }),
    );
    return parts.flat();
  }

  /**
   * Writes WorkSpaces the cache has never held, 25 a request, retrying what DynamoDB leaves unprocessed.
   * BatchWriteItem takes no condition; that is safe here because nothing else writes a WorkSpace the cache
   * does not yet hold (an action needs the cached record first), and one scanner runs at a time.
   */
  async putNew(records: readonly WorkspaceRecord[], concurrency = 8): Promise<number> {
    await writeAll(this.db, this.tableName, { put: records.map(toItem) }, concurrency);
    return records.length;
  }

  /**
   * Marks a WorkSpace that a complete scan did not see, counting consecutive misses, unless something
   * observed it after the scan began (an action, say).
   */
  async markMissing(
    workspaceId: string,
    target: string,
    scanStartedAt: string,
    lastSeenAt?: string,
  ): Promise<WriteResult> {
    return outcome(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { workspaceId },
          UpdateExpression:
            'SET missingTarget = :target, missingScans = if_not_exists(missingScans, :zero) + :one, missingSince = if_not_exists(missingSince, :at)' +
            (lastSeenAt ? ', lastSeenAt = :lastSeen' : ''),
          ConditionExpression: 'attribute_exists(workspaceId) AND observedAt < :at',
          ExpressionAttributeValues: {
            ':target': target,
            ':zero': 0,
            ':one': 1,
            ':at': scanStartedAt,
            ...(lastSeenAt ? { ':lastSeen': lastSeenAt } : {}),
          },
        }),
      ),
    );
  }

  /** Every WorkSpace marked missing, in any account and region: one Scan of the sparse missing index. */
  async listMissing(): Promise<CachedWorkspace[]> {
    const items: CachedWorkspace[] = [];
    const pages = paginateScan({ client: this.db }, { TableName: this.tableName, IndexName: MISSING_INDEX });
    for await (const page of pages) for (const item of page.Items ?? []) items.push(toCached(item));
    return items;
  }

  /**
   * Removes a WorkSpace that at least `minScans` complete scans in a row did not see, if it is still so.
   * Any observation since (a scan that saw it, an action) rewrites the whole item without its mark, so the
   * condition on the mark is also the condition "not observed since".
   */
  async deleteMissing(workspaceId: string, minScans: number): Promise<WriteResult> {
    return outcome(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { workspaceId },
          ConditionExpression: 'missingScans >= :min',
          ExpressionAttributeValues: { ':min': minScans },
        }),
      ),
    );
  }

  /** One Query page of an index, for the fleet list: records, how many items it read, and where to go on. */
  async queryIndex(
    input: IndexQuery,
  ): Promise<{ records: WorkspaceRecord[]; itemsRead: number; lastKey?: Record<string, unknown> }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: input.indexName,
        KeyConditionExpression: input.keyCondition,
        FilterExpression: input.filter,
        ExpressionAttributeNames: input.names,
        ExpressionAttributeValues: input.values,
        ExclusiveStartKey: input.startKey,
        ScanIndexForward: input.forward,
        Limit: input.limit,
      }),
    );
    return {
      records: (out.Items ?? []).map(toRecord),
      itemsRead: out.ScannedCount ?? 0,
      lastKey: out.LastEvaluatedKey,
    };
  }
}

export interface IndexQuery {
  indexName: string;
  keyCondition: string;
  filter?: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
  startKey?: Record<string, unknown>;
  forward: boolean;
  limit: number;
}
