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
/** How long after a handled attempt another attempt under the same key still counts as the same request. */
export const REPEAT_WINDOW_SECONDS = 15;

export type Claim<T> =
  /** `interruptedWhileActing`: taken over from a delivery that had begun calling AWS; the calls are not made again. */
  { status: 'claimed'; interruptedWhileActing: boolean } | { status: 'in-progress' } | { status: 'done'; outcome: T };

export interface ClaimOptions {
  /** When this attempt was made, in epoch seconds, when the key is shared by attempts; unset: the key names one request. */
  attemptAt?: number;
  /** Who claims: a delivery that finds its own claim (a Lambda retry keeps its request id) takes it over at once. */
  claimant?: string;
}

export class IdempotencyStore {
  /**
   * @param abandonAfterSeconds a claim left in progress this long belongs to a worker that can no longer be running
   *   (the worker's timeout), so the next delivery may take it over.
   */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly abandonAfterSeconds: number,
  ) {}

  async claim<T>(requestKey: string, now: Date, options: ClaimOptions = {}): Promise<Claim<T>> {
    const { attemptAt, claimant } = options;
    const shared = attemptAt !== undefined;
    const put = await landed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            requestKey,
            status: 'in-progress',
            claimedAt: epochSeconds(now),
            expiresAt: epochSeconds(addSeconds(now, IDEMPOTENCY_TTL_SECONDS)),
            ...(shared ? { attemptAt } : {}),
            ...(claimant ? { claimant } : {}),
          },
          ReturnValues: 'ALL_OLD',
          // A shared key's record made before attempt times were kept has only its claim time to go by.
          ConditionExpression:
            'attribute_not_exists(requestKey) OR (#status = :inProgress AND claimedAt < :abandoned)' +
            (claimant ? ' OR (#status = :inProgress AND claimant = :claimant)' : '') +
            (shared
              ? ' OR (#status = :done AND attemptAt < :newAttemptAfter)' +
                ' OR (#status = :done AND attribute_not_exists(attemptAt) AND claimedAt < :newAttemptAfter)'
              : ''),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':inProgress': 'in-progress',
            ':abandoned': epochSeconds(now) - this.abandonAfterSeconds,
            ...(claimant ? { ':claimant': claimant } : {}),
            ...(shared ? { ':done': 'done', ':newAttemptAfter': attemptAt - REPEAT_WINDOW_SECONDS } : {}),
          },
        }),
      ),
    );
    if (put) {
      const previous = put.Attributes;
      const interruptedWhileActing = previous?.status === 'in-progress' && previous.actingAt !== undefined;
      // Kept on the new claim, so a second interruption is known too.
      if (interruptedWhileActing) await this.markActing(requestKey, now);
      return { status: 'claimed', interruptedWhileActing };
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { requestKey }, ConsistentRead: true }),
    );
    if (Item?.status === 'done') return { status: 'done', outcome: Item.outcome as T };
    return { status: 'in-progress' };
  }

  /** Notes that this claim's delivery is about to call AWS: a delivery taking it over must not call again. */
  async markActing(requestKey: string, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { requestKey },
        UpdateExpression: 'SET actingAt = :now',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
      }),
    );
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
        UpdateExpression: 'SET claimedAt = :zero REMOVE actingAt',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }
}
