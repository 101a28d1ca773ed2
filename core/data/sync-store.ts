/**
 * The sync table: the scanner's lease (one scan at a time), each region's and account's last run (an item
 * each, so their number is not bounded by an item's size), the fleet summary, what the reaper last told
 * on-call, and the removals it has not delivered yet (an item each, for the same reason).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { type FleetSummary, type TargetRun, targetKey } from '../fleet-summary';
import { writeAll } from './batch-write';
import { landed } from './conditional';
import { epochSeconds } from './time';

const RUN_PK = 'target-run';
const PENDING_REMOVAL_PK = 'pending-removal';
const ONCALL_CHANNEL_PK = 'oncall-channel';
/** A removal nobody could be told of in this long is dropped: on-call has long since had to look for itself. */
const PENDING_REMOVAL_DAYS = 30;

/** A chat conversation an admin asked on-call reports to go to: one per chat platform. */
export interface RegisteredOnCallChannel {
  platform: string;
  /** The chat platform's address of the conversation (its own data, opaque here). */
  address: unknown;
  /** Who asked for it (their directory user name), and when. */
  by: string;
  at: string;
}

/** A removal waiting to reach on-call, under the key that orders them oldest first. */
export interface PendingRemoval<T> {
  key: string;
  removal: T;
}

export class SyncStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Takes the named lease unless another holder's lease is still running. */
  async acquireLease(name: string, holder: string, now: Date, seconds: number): Promise<boolean> {
    const taken = await landed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'lease', sk: name, holder, expiresAt: epochSeconds(now) + seconds },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
        }),
      ),
    );
    return taken !== undefined;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    // Someone else's lease (ours ran out and was taken) is left alone.
    await landed(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: 'lease', sk: name },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      ),
    );
  }

  async runs(): Promise<TargetRun[]> {
    const runs: TargetRun[] = [];
    const pages = paginateQuery(
      { client: this.db },
      { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': RUN_PK } },
    );
    for await (const page of pages) for (const item of page.Items ?? []) runs.push(item.run as TargetRun);
    return runs;
  }

  /** Records this scan's runs and forgets the targets it no longer scans (a region left out of REGIONLIST, say). */
  async putRuns(runs: readonly TargetRun[], dropped: readonly TargetRun[] = []): Promise<void> {
    await writeAll(this.db, this.tableName, {
      put: runs.map((run) => ({ pk: RUN_PK, sk: targetKey(run), run })),
      delete: dropped.map((run) => ({ pk: RUN_PK, sk: targetKey(run) })),
    });
  }

  async summary(): Promise<FleetSummary | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: 'summary', sk: 'fleet' } }),
    );
    return Item?.summary as FleetSummary | undefined;
  }

  async putSummary(summary: FleetSummary): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: 'summary', sk: 'fleet', summary } }));
  }

  /** A small named document (the reaper's memory of what it reported). */
  async get<T>(name: string): Promise<T | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: 'state', sk: name }, ConsistentRead: true }),
    );
    return Item?.value as T | undefined;
  }

  async put<T>(name: string, value: T): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: 'state', sk: name, value } }));
  }

  /** Keeps removals until they are delivered, each an item of its own, ordered by `at` then by `id`. */
  async addPendingRemovals<T>(removals: readonly { id: string; removal: T }[], at: Date): Promise<void> {
    const expiresAt = epochSeconds(at) + PENDING_REMOVAL_DAYS * 24 * 3600;
    await writeAll(this.db, this.tableName, {
      put: removals.map(({ id, removal }) => ({
        pk: PENDING_REMOVAL_PK,
        sk: `${at.toISOString()}#${id}`,
        removal,
        expiresAt,
      })),
    });
  }

  /** The oldest `limit` removals not yet delivered, and how many are waiting in all. */
  async pendingRemovals<T>(limit: number): Promise<{ page: PendingRemoval<T>[]; total: number }> {
    const byKey = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PENDING_REMOVAL_PK },
    };
    const out = await this.db.send(new QueryCommand({ ...byKey, Limit: limit, ConsistentRead: true }));
    const page = (out.Items ?? []).map((item) => ({ key: item.sk as string, removal: item.removal as T }));
    if (!out.LastEvaluatedKey) return { page, total: page.length };
    // More than a page waits: counted (keys only), never loaded.
    let total = 0;
    for await (const counted of paginateQuery(
      { client: this.db },
      { ...byKey, Select: 'COUNT', ConsistentRead: true },
    )) {
      total += counted.Count ?? 0;
    }
    return { page, total };
  }

  async deletePendingRemovals(keys: readonly string[]): Promise<void> {
    await writeAll(this.db, this.tableName, { delete: keys.map((sk) => ({ pk: PENDING_REMOVAL_PK, sk })) });
  }

  /** Sends on-call reports for `channel.platform` to its address from now on, in place of any earlier one. */
  async putOnCallChannel(channel: RegisteredOnCallChannel): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: ONCALL_CHANNEL_PK, sk: channel.platform, channel } }),
    );
  }

  /** Stops a platform's registered on-call channel; says whether there was one. */
  async deleteOnCallChannel(platform: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: ONCALL_CHANNEL_PK, sk: platform },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  async onCallChannels(): Promise<RegisteredOnCallChannel[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': ONCALL_CHANNEL_PK },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => item.channel as RegisteredOnCallChannel);
  }
}
