/**
 * The WorkSpaces cache. Every write carries the time of the observation it records and only lands if it
 * is newer than what the table holds, so a scanner, an action and the reaper can race safely.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { ownerKey } from '../identity';
import type { WorkspaceRecord } from '../workspace';
import { OWNER_INDEX } from './tables';

type CachedItem = WorkspaceRecord & { ownerKey: string };

function toRecord(item: Record<string, unknown>): WorkspaceRecord {
  const { ownerKey: _key, ...record } = item as unknown as CachedItem;
  return record;
}

export type WriteResult = 'written' | 'stale';

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
    const unique = [...new Set(workspaceIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique
        .slice(i, i + 100)
        .map((workspaceId) => ({ workspaceId }));
      for (let attempt = 0; keys?.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
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
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...record, ownerKey: ownerKey(record.userName) } satisfies CachedItem,
          ConditionExpression: 'attribute_not_exists(workspaceId) OR observedAt < :observedAt',
          ExpressionAttributeValues: { ':observedAt': record.observedAt },
        }),
      );
      return 'written';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  /** Removes a WorkSpace, unless an observation newer than `provenGoneAt` has landed since. */
  async delete(workspaceId: string, provenGoneAt: string): Promise<WriteResult> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { workspaceId },
          ConditionExpression: 'attribute_exists(workspaceId) AND observedAt < :provenGoneAt',
          ExpressionAttributeValues: { ':provenGoneAt': provenGoneAt },
        }),
      );
      return 'written';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }
}
