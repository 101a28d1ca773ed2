/**
 * The sync table: the scanner's lease (one scan at a time), each region's and account's last run (an item
 * each, so their number is not bounded by an item's size), the fleet summary, and what the reaper last told
 * on-call.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { type FleetSummary, type TargetRun, targetKey } from '../fleet-summary';
import { writeAll } from './batch-write';
import { landed } from './conditional';
import { epochSeconds } from './time';

const RUN_PK = 'target-run';

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
}
