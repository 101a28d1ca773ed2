/** Links from a chat identity to the AD identity it proved by signing in, expiring through TTL. */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../identity';
import type { ChatIdentity } from '../policy';
import { epochSeconds } from './time';

export interface Link {
  chat: ChatIdentity;
  /** Lower-case AD user name, without domain. */
  adUserName: string;
  adDomain?: string;
  email?: string;
  groups: string[];
  roles: Role[];
  /** When the person last proved their identity; admin powers last ADMIN_REAUTH_HOURS from here. */
  linkedAt: string;
  /** When the link stops counting; DynamoDB removes it some time after. */
  expiresAt: string;
}

export function chatKey(chat: ChatIdentity): string {
  return `${chat.platform}#${chat.tenantId}#${chat.userId}`;
}

export class LinkStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async put(link: Link): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { chatKey: chatKey(link.chat), link, expiresAt: epochSeconds(new Date(link.expiresAt)) },
      }),
    );
  }

  /** The person's link, unless it has expired (TTL deletion can lag by hours, so expiry is checked here). */
  async get(chat: ChatIdentity, now: Date): Promise<Link | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { chatKey: chatKey(chat) }, ConsistentRead: true }),
    );
    const link = Item?.link as Link | undefined;
    if (!link || Date.parse(link.expiresAt) <= now.getTime()) return undefined;
    return link;
  }

  async delete(chat: ChatIdentity): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { chatKey: chatKey(chat) }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }
}
