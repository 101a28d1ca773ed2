/** One-time sign-in states: created with the chat identity they belong to, consumed exactly once. */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatIdentity } from '../policy';
import { landed } from './conditional';
import { addSeconds, epochSeconds } from './time';

export interface SigninState {
  state: string;
  chat: ChatIdentity;
  /** The PKCE code verifier, kept server-side and never sent to the browser. */
  codeVerifier: string;
  /** The chat account's email, when the platform told it: the AD account signing in must have the same. */
  chatEmail?: string;
  /**
   * Where the chat platform can tell the person what came of the sign-in (the platform's own address data, opaque
   * here): a Teams personal chat needs the Teams user id and service URL, which a link does not keep.
   */
  notify?: unknown;
  createdAt: string;
  /** Epoch seconds; also the TTL attribute. */
  expiresAt: number;
}

const SIGNIN_STATE_TTL_SECONDS = 600;

export interface SigninStateOptions {
  ttlSeconds?: number;
  chatEmail?: string;
  notify?: unknown;
}

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
    { ttlSeconds = SIGNIN_STATE_TTL_SECONDS, chatEmail, notify }: SigninStateOptions = {},
  ): Promise<SigninState> {
    const item: SigninState = {
      state,
      chat,
      codeVerifier,
      ...(chatEmail ? { chatEmail } : {}),
      ...(notify !== undefined ? { notify } : {}),
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

  /** Reads a state without using it up (the start route needs its PKCE challenge); undefined once expired. */
  async peek(state: string, now: Date): Promise<SigninState | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { state }, ConsistentRead: true }),
    );
    const item = Item as SigninState | undefined;
    return item && item.expiresAt > epochSeconds(now) ? item : undefined;
  }

  /**
   * Takes the state out of the table if it exists and has not expired; a second call, or a call after
   * expiry, gets undefined. The conditional delete makes this safe against two concurrent callbacks.
   */
  async consume(state: string, now: Date): Promise<SigninState | undefined> {
    const deleted = await landed(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { state },
          ConditionExpression: 'attribute_exists(#s) AND expiresAt > :now',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return deleted?.Attributes as SigninState | undefined;
  }
}
