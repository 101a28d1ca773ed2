/**
 * Owner alerts' records: who opted in, per directory user name (so the scanner finds them from a WorkSpace's owner),
 * and which episode of a WorkSpace's trouble each person was told of. An episode is the state's start: the same
 * Unhealthy spell is told once, however many scans see it; a new spell (after it was well again) is told again.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ChatIdentity } from '../policy';
import { landed } from './conditional';
import { chatKey } from './links';
import { epochSeconds } from './time';

/** An episode record is kept this long after it was told, and then may expire. */
const EPISODE_TTL_SECONDS = 30 * 86_400;

export class OwnerAlertStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private static userKey(userName: string): string {
    return userName.toLowerCase();
  }

  /** `reply`: where the alerts go (the chat port's address of the person's DM with the bot). */
  async subscribe(userName: string, chat: ChatIdentity, reply: unknown, now: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          userKey: OwnerAlertStore.userKey(userName),
          item: `sub#${chatKey(chat)}`,
          chat,
          reply,
          since: now.toISOString(),
        },
      }),
    );
  }

  /** False when the person had not opted in. */
  async unsubscribe(userName: string, chat: ChatIdentity): Promise<boolean> {
    const out = await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { userKey: OwnerAlertStore.userKey(userName), item: `sub#${chatKey(chat)}` },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes !== undefined;
  }

  async isSubscribed(userName: string, chat: ChatIdentity): Promise<boolean> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { userKey: OwnerAlertStore.userKey(userName), item: `sub#${chatKey(chat)}` },
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined;
  }

  /** The chat accounts that opted in to alerts about this directory user's WorkSpaces. */
  async subscribersOf(userName: string): Promise<{ chat: ChatIdentity; reply: unknown }[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'userKey = :user AND begins_with(#item, :sub)',
        ExpressionAttributeNames: { '#item': 'item' },
        ExpressionAttributeValues: { ':user': OwnerAlertStore.userKey(userName), ':sub': 'sub#' },
      }),
    );
    return (out.Items ?? []).map((item) => ({ chat: item.chat as ChatIdentity, reply: item.reply }));
  }

  /** Records that `chat` is told of the episode that began at `since`; false when it already was. */
  async claimEpisode(
    userName: string,
    chat: ChatIdentity,
    workspaceId: string,
    since: string,
    now: Date,
  ): Promise<boolean> {
    const put = await landed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            userKey: OwnerAlertStore.userKey(userName),
            item: `ep#${chatKey(chat)}#${workspaceId}`,
            since,
            expiresAt: epochSeconds(now) + EPISODE_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(userKey) OR since <> :since',
          ExpressionAttributeValues: { ':since': since },
        }),
      ),
    );
    return put !== undefined;
  }
}
