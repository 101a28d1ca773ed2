/**
 * Idempotency records: the first delivery of a request claims its key and later stores its outcome; a
 * retry or a double click finds the claim and gets the stored outcome instead of acting again.
 *
 * A key may be shared by several attempts (every click on one button of one message): a redelivery of the same
 * attempt is always a repeat, another attempt is a repeat only within REPEAT_WINDOW_SECONDS of the claim (a double
 * click); later, it is a new request that acts again (the same Reboot button, clicked an hour later).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addSeconds, epochSeconds } from './time';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** A claim left in progress this long belongs to a worker that died; the next delivery may take it over. */
const ABANDONED_CLAIM_SECONDS = 300;
/** How long after a handled attempt another attempt under the same key still counts as the same request. */
export const REPEAT_WINDOW_SECONDS = 15;

export type Claim<T> = { status: 'claimed' } | { status: 'in-progress' } | { status: 'done'; outcome: T };

export class IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** @param attempt which attempt under the key this is (a click's action_ts); unset: the key names one request. */
  async claim<T>(requestKey: string, now: Date, attempt?: string): Promise<Claim<T>> {
    const repeatable = attempt
      ? ' OR (#status = :done AND (attribute_not_exists(attempt) OR attempt <> :attempt) AND claimedAt < :repeatable)'
      : '';
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            requestKey,
            status: 'in-progress',
            claimedAt: epochSeconds(now),
            expiresAt: epochSeconds(addSeconds(now, IDEMPOTENCY_TTL_SECONDS)),
            ...(attempt ? { attempt } : {}),
          },
          ConditionExpression: `attribute_not_exists(requestKey) OR (#status = :inProgress AND claimedAt < :abandoned)${repeatable}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':inProgress': 'in-progress',
            ':abandoned': epochSeconds(now) - ABANDONED_CLAIM_SECONDS,
            ...(attempt
              ? { ':done': 'done', ':attempt': attempt, ':repeatable': epochSeconds(now) - REPEAT_WINDOW_SECONDS }
              : {}),
          },
        }),
      );
      return { status: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { requestKey }, ConsistentRead: true }),
    );
    if (Item?.status === 'done') return { status: 'done', outcome: Item.outcome as T };
    return { status: 'in-progress' };
  }

  async complete<T>(requestKey: string, outcome: T): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { requestKey },
        UpdateExpression: 'SET #status = :done, outcome = :outcome',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome },
      }),
    );
  }

  /** Lets a later delivery try again after this one failed before it could act. */
  async release(requestKey: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { requestKey },
        UpdateExpression: 'SET claimedAt = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }
}
