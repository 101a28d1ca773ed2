/**
 * The DynamoDB tables, defined once: the local stack, the tests and the CDK stack all build their
 * tables from these definitions so they cannot drift.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../config';

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Epoch-seconds attribute DynamoDB uses to expire items. */
  timeToLiveAttribute?: string;
  /** Global secondary indexes, all projecting every attribute. */
  indexes: IndexDefinition[];
}

export const OWNER_INDEX = 'owner-index';
/**
 * The admin fleet list: every WorkSpace under one of a fixed number of shard partitions (by its id; see
 * workspace-cache.ts), each ordered by state, region and id, so a page (and a state or state-and-region filter) is
 * one range read per shard, merged, forwards or backwards.
 */
export const FLEET_INDEX = 'fleet-index';
/** Sparse: only WorkSpaces a complete scan did not see carry its key, so the reaper reads just those. */
export const MISSING_INDEX = 'missing-index';
export const ACTOR_INDEX = 'actor-index';
/** Every pending schedule, by when it fires: the admins' list of all of them. */
export const SCHEDULE_TIME_INDEX = 'schedule-time-index';
export const TTL_ATTRIBUTE = 'expiresAt';

export const TABLES: Readonly<Record<keyof TableNames, TableDefinition>> = {
  /** The WorkSpaces cache, keyed by id; the owner index makes "my WorkSpaces" one Query. */
  workspaces: {
    partitionKey: { name: 'workspaceId', type: 'S' },
    indexes: [
      { name: OWNER_INDEX, partitionKey: { name: 'ownerKey', type: 'S' }, sortKey: { name: 'workspaceId', type: 'S' } },
      { name: FLEET_INDEX, partitionKey: { name: 'fleetKey', type: 'S' }, sortKey: { name: 'fleetSort', type: 'S' } },
      {
        name: MISSING_INDEX,
        partitionKey: { name: 'missingTarget', type: 'S' },
        sortKey: { name: 'workspaceId', type: 'S' },
      },
    ],
  },
  /** Chat identity -> AD identity and roles, expiring with the link. */
  links: {
    partitionKey: { name: 'chatKey', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    indexes: [],
  },
  /** One-time sign-in states, consumed by a conditional delete. */
  signinStates: {
    partitionKey: { name: 'state', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    indexes: [],
  },
  /** Every action, per WorkSpace in time order, and per person through the actor index. */
  audit: {
    partitionKey: { name: 'workspaceId', type: 'S' },
    sortKey: { name: 'auditId', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    indexes: [
      { name: ACTOR_INDEX, partitionKey: { name: 'actorKey', type: 'S' }, sortKey: { name: 'auditId', type: 'S' } },
    ],
  },
  /** Idempotency records for requests Slack or Teams may deliver twice. */
  idempotency: {
    partitionKey: { name: 'requestKey', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    indexes: [],
  },
  /** Scan runs per region and account, and the fleet summary the scanner maintains. */
  sync: {
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    indexes: [],
  },
  /**
   * The pending one-time schedules, per person (Scheduler's ListSchedules cannot filter by tag): written with the
   * schedule, removed when it fires or is cancelled; the time index lists them all for admins.
   */
  schedules: {
    partitionKey: { name: 'ownerKey', type: 'S' },
    sortKey: { name: 'name', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    indexes: [
      {
        name: SCHEDULE_TIME_INDEX,
        partitionKey: { name: 'kind', type: 'S' },
        sortKey: { name: 'fireSort', type: 'S' },
      },
    ],
  },
  /**
   * Owner alerts, per directory user name: who opted in (`sub#<chat>`), and which episode of a WorkSpace's trouble
   * each was told of (`ep#<chat>#<WorkSpace>`, with the state's start), so one episode is told once.
   */
  alerts: {
    partitionKey: { name: 'userKey', type: 'S' },
    sortKey: { name: 'item', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    indexes: [],
  },
};

/** The CreateTable request for a definition: on-demand capacity, every index projecting all attributes. */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [
    definition.partitionKey,
    definition.sortKey,
    ...definition.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]) {
    if (key) attributes.set(key.name, key);
  }
  const keySchema = (pk: KeyAttribute, sk?: KeyAttribute) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.indexes.length
      ? {
          GlobalSecondaryIndexes: definition.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
