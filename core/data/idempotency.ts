/**
 * Idempotency records: the first delivery of a request claims its key and later stores its outcome; a
 * retry or a double click finds the claim and gets the stored outcome instead of acting again.
 *
 * A key may be shared by several attempts (every click on one button of one message), each known by when it was made
 * (a click's action_ts): an attempt made within REPEAT_WINDOW_SECONDS of the one on record is the same request (a
 * double click; a redelivery of the very same attempt, however late it comes); one made later than that is a new
 * request and acts again (the same Reboot button, clicked an hour later). Attempt times, not delivery times, decide,
 * so a delivery queued or retried for minutes changes nothing.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { landed } from './conditional';
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

  /**
   * @param attemptAt when this attempt was made, in epoch seconds, when the key is shared by attempts; unset: the key
   *   names one request.
   */
  async claim<T>(requestKey: string, now: Date, attemptAt?: number): Promise<Claim<T>> {
    const shared = attemptAt !== undefined;
    const claimed = await landed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            requestKey,
            status: 'in-progress',
            claimedAt: epochSeconds(now),
            expiresAt: epochSeconds(addSeconds(now, IDEMPOTENCY_TTL_SECONDS)),
            ...(shared ? { attemptAt } : {}),
          },
          // A shared key's record made before attempt times were kept has only its claim time to go by.
          ConditionExpression:
            'attribute_not_exists(requestKey) OR (#status = :inProgress AND claimedAt < :abandoned)' +
            (shared
              ? ' OR (#status = :done AND attemptAt < :newAttemptAfter)' +
                ' OR (#status = :done AND attribute_not_exists(attemptAt) AND claimedAt < :newAttemptAfter)'
              : ''),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':inProgress': 'in-progress',
            ':abandoned': epochSeconds(now) - ABANDONED_CLAIM_SECONDS,
            ...(shared ? { ':done': 'done', ':newAttemptAfter': attemptAt - REPEAT_WINDOW_SECONDS } : {}),
          },
        }),
      ),
    );
    if (claimed) return { status: 'claimed' };
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
