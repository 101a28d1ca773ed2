/**
 * The pending one-time schedules, per person: EventBridge Scheduler's ListSchedules cannot filter by tag, so this
 * index is how "my schedules" is one Query. An entry is written with its schedule, and removed when the schedule
 * fires or is cancelled (removal is conditional, so only one of the two wins); a TTL clears any a lost firing left.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ChatIdentity } from '../policy';
import type { Action } from '../rules';
import { landed } from './conditional';
import { chatKey } from './links';
import { SCHEDULE_TIME_INDEX } from './tables';
import { epochSeconds } from './time';

/** Kept this long after its time, in case the firing never came to remove it. */
const KEEP_AFTER_FIRING_SECONDS = 2 * 86_400;
const KIND = 'schedule';

/** One schedule waiting to fire. `R`: where the person asked to be told (the chat port's reply addresses). */
export interface PendingSchedule<R = unknown> {
  /** The Scheduler schedule's name in the bot's group. */
  name: string;
  action: Action;
  workspaceId: string;
  /** ISO instant it fires. */
  at: string;
  /** The wall-clock time and zone the person asked for. */
  wall: string;
  zone: string;
  /** Who asked, and as whom they were signed in then (for admins' filters). */
  owner: ChatIdentity;
  ownerAdUser: string;
  requestedBy: string;
  reply: R;
  createdAt: string;
}

export interface ScheduleFilters {
  /** Directory user name, lower case. */
  adUser?: string;
  workspaceId?: string;
}

export class ScheduleIndex<R = unknown> {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Adds a schedule; false when one of that name is already there (a repeated confirmation). */
  async add(schedule: PendingSchedule<R>): Promise<boolean> {
    const put = await landed(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ownerKey: chatKey(schedule.owner),
            name: schedule.name,
            kind: KIND,
            fireSort: `${schedule.at}#${schedule.name}`,
            expiresAt: epochSeconds(new Date(schedule.at)) + KEEP_AFTER_FIRING_SECONDS,
            schedule,
          },
          ConditionExpression: 'attribute_not_exists(ownerKey)',
        }),
      ),
    );
    return put !== undefined;
  }

  async get(owner: ChatIdentity, name: string): Promise<PendingSchedule<R> | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { ownerKey: chatKey(owner), name }, ConsistentRead: true }),
    );
    return out.Item?.schedule as PendingSchedule<R> | undefined;
  }

  /** Removes a schedule and returns it; undefined when it was already gone (fired, or cancelled before). */
  async remove(owner: ChatIdentity, name: string): Promise<PendingSchedule<R> | undefined> {
    const out = await landed(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { ownerKey: chatKey(owner), name },
          ConditionExpression: 'attribute_exists(ownerKey)',
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out?.Attributes?.schedule as PendingSchedule<R> | undefined;
  }

  /** One person's pending schedules, earliest first. */
  async listFor(owner: ChatIdentity): Promise<PendingSchedule<R>[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'ownerKey = :owner',
      ExpressionAttributeValues: { ':owner': chatKey(owner) },
    });
    return items.sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
  }

  async countFor(owner: ChatIdentity): Promise<number> {
    return (await this.listFor(owner)).length;
  }

  /** Everyone's pending schedules, earliest first, at most `limit` after the filters. */
  async listAll(filters: ScheduleFilters, limit: number): Promise<PendingSchedule<R>[]> {
    const wanted = (schedule: PendingSchedule<R>) =>
      (!filters.adUser || schedule.ownerAdUser.toLowerCase() === filters.adUser) &&
      (!filters.workspaceId || schedule.workspaceId === filters.workspaceId);
    const found = await this.queryAll(
      {
        IndexName: SCHEDULE_TIME_INDEX,
        KeyConditionExpression: 'kind = :kind',
        ExpressionAttributeValues: { ':kind': KIND },
      },
      wanted,
      limit,
    );
    return found.slice(0, limit);
  }

  /** Every page of a query (or until `limit` are found), the schedules `keep` keeps. */
  private async queryAll(
    input: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    keep: (schedule: PendingSchedule<R>) => boolean = () => true,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<PendingSchedule<R>[]> {
    const found: PendingSchedule<R>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          // A global index cannot be read consistently; the table can.
          ...(input.IndexName ? {} : { ConsistentRead: true }),
          ...input,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...(out.Items ?? []).map((item) => item.schedule as PendingSchedule<R>).filter(keep));
      start = out.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found;
  }
}
