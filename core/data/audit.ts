/** The audit trail: one record per WorkSpace per action attempt, whatever the result. */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatIdentity } from '../policy';
import type { Action } from '../rules';
import { chatKey } from './links';
import { ACTOR_INDEX } from './tables';
import { addSeconds, epochSeconds } from './time';

export type AuditResult = 'requested' | 'refused' | 'failed' | 'not-found';

export interface AuditEntry {
  workspaceId: string;
  at: string;
  action: Action;
  result: AuditResult;
  chat: ChatIdentity;
  /** DOMAIN\user or user, as the sign-in proved it. */
  adIdentity: string;
  asAdmin: boolean;
  region?: string;
  accountId?: string;
  /** The refusal code or the API's error code. */
  code?: string;
  detail?: string;
  /** The AWS request id of the WorkSpaces call, when one was made. */
  awsRequestId?: string;
}

export type StoredAuditEntry = AuditEntry & { auditId: string; actorKey: string; expiresAt: number };

export class AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const item: StoredAuditEntry = {
      ...entry,
      auditId: `${entry.at}#${randomUUID()}`,
      actorKey: chatKey(entry.chat),
      expiresAt: epochSeconds(addSeconds(new Date(entry.at), this.retentionDays * 86_400)),
    };
    // Append-only: a record is never overwritten, whatever the code writing it does (IAM grants PutItem alone).
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(auditId)' }),
    );
  }

  /** The latest entries for a WorkSpace, newest first. */
  async forWorkspace(workspaceId: string, limit = 50): Promise<StoredAuditEntry[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'workspaceId = :id',
        ExpressionAttributeValues: { ':id': workspaceId },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []) as StoredAuditEntry[];
  }

  /** The latest entries by one chat user, newest first. */
  async byActor(chat: ChatIdentity, limit = 50): Promise<StoredAuditEntry[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: ACTOR_INDEX,
        KeyConditionExpression: 'actorKey = :actor',
        ExpressionAttributeValues: { ':actor': chatKey(chat) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []) as StoredAuditEntry[];
  }
}
