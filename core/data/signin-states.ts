/** One-time sign-in states: created with the chat identity they belong to, consumed exactly once. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatIdentity } from '../policy';
import { addSeconds, epochSeconds } from './time';

export interface SigninState {
  state: string;
  chat: ChatIdentity;
  /** The PKCE code verifier, kept server-side and never sent to the browser. */
  codeVerifier: string;
  createdAt: string;
  /** Epoch seconds; also the TTL attribute. */
  expiresAt: number;
}

export const SIGNIN_STATE_TTL_SECONDS = 600;

export class SigninStateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async create(
    state: string,
    chat: ChatIdentity,
    codeVerifier: string,
    now: Date,
    ttlSeconds = SIGNIN_STATE_TTL_SECONDS,
  ): Promise<SigninState> {
    const item: SigninState = {
      state,
      chat,
      codeVerifier,
      createdAt: now.toISOString(),
      expiresAt: epochSeconds(addSeconds(now, ttlSeconds)),
    };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#s)',
        ExpressionAttributeNames: { '#s': 'state' },
      }),
    );
    return item;
  }

  /**
   * Takes the state out of the table if it exists and has not expired; a second call, or a call after
   * expiry, gets undefined. The conditional delete makes this safe against two concurrent callbacks.
   */
  async consume(state: string, now: Date): Promise<SigninState | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { state },
          ConditionExpression: 'attribute_exists(#s) AND expiresAt > :now',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes as SigninState | undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
