/**
 * The AWS API permissions of each function, named action by action: its DynamoDB calls per table, the
 * WorkSpaces reads (which the API only grants on `*`), the WorkSpaces actions (only on WorkSpaces), region
 * discovery, and entering the member accounts. test/infra/sdk-calls.test.ts checks every grant against the
 * SDK commands each function's code sends.
 */
import { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { TableNames } from '../../core/config';
import { TABLES } from '../../core/data/tables';
import { ACTION_RULES } from '../../core/rules';
import type { HandlerName } from './handlers';

export type TableName = keyof TableNames;

/** The DynamoDB actions the bot's code sends (lib-dynamodb's Get, Put, Update, Delete, Query, Scan, Batch*). */
export type TableAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem';

/**
 * Each function's DynamoDB calls, per table. Not Table.grantReadWriteData: that bundle would give the audit
 * trail's writer Update and Delete, and the internet-facing chat function Scan.
 */
export const TABLE_ACCESS: Readonly<Record<HandlerName, Partial<Record<TableName, readonly TableAction[]>>>> = {
  // Verifies Slack's requests and hands them off; serves the sign-in (its states, and the link it makes).
  http: {
    links: ['GetItem', 'PutItem', 'DeleteItem'],
    signinStates: ['GetItem', 'PutItem', 'DeleteItem'],
  },
  // Verifies Teams' activities and hands them off: no table at all (the worker reads and writes what they need).
  teams: {},
  // Runs the conversation: the person's link (and unlink), sign-in links for people not linked yet, "my WorkSpaces"
  // and the fleet pages (owner and fleet indexes), the summary and the runs; writes what it observed or did; claims
  // each request once; appends to the audit trail (PutItem only: nothing can rewrite or erase it); registers and
  // stops the on-call channel an admin names with `oncall here` / `oncall off`.
  worker: {
    links: ['GetItem', 'DeleteItem'],
    signinStates: ['PutItem'],
    workspaces: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem'],
    sync: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
    idempotency: ['GetItem', 'PutItem', 'UpdateItem'],
    audit: ['PutItem'],
    // The pending schedules: one person's (Query), everyone's for admins (the time index), added and removed.
    schedules: ['GetItem', 'PutItem', 'DeleteItem', 'Query'],
    // Owner alerts: opting in and out, and checking the opt-in before an alert goes out.
    alerts: ['GetItem', 'PutItem', 'DeleteItem'],
  },
  // The whole cache (a parallel Scan), what changed, new WorkSpaces in batches, what went missing; the lease,
  // the runs (kept and dropped, in batches) and the summary.
  scanner: {
    workspaces: ['Scan', 'PutItem', 'UpdateItem', 'BatchWriteItem'],
    sync: ['Query', 'PutItem', 'DeleteItem', 'BatchWriteItem'],
    // Owner alerts: who opted in for a WorkSpace's owner, and each episode claimed once.
    alerts: ['Query', 'PutItem'],
  },
  // The missing WorkSpaces (the missing index), removed once proven gone; the runs, the summary, its memory.
  reaper: {
    workspaces: ['Query', 'DeleteItem'],
    sync: ['GetItem', 'Query', 'PutItem'],
  },
};

/**
 * A function's statements on one table: its calls on the table itself, and Query on the table's indexes by name
 * when it queries (never `index/*`, so no wildcard is left to acknowledge).
 */
export function tableStatements(table: Table, name: TableName, actions: readonly TableAction[]): PolicyStatement[] {
  const statements = [
    new PolicyStatement({ actions: actions.map((action) => `dynamodb:${action}`), resources: [table.tableArn] }),
  ];
  const indexes = TABLES[name].indexes.map((index) => `${table.tableArn}/index/${index.name}`);
  if (actions.includes('Query') && indexes.length) {
    statements.push(new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexes }));
  }
  return statements;
}

/** What the scanner reads: directories, WorkSpaces and their connection status. */
export const WORKSPACES_SCAN_ACTIONS = [
  'workspaces:DescribeWorkspaceDirectories',
  'workspaces:DescribeWorkspaces',
  'workspaces:DescribeWorkspacesConnectionStatus',
] as const;

/** What the worker and the reaper read: WorkSpaces by id, the live state before acting or removing. */
export const WORKSPACES_LOOKUP_ACTIONS = ['workspaces:DescribeWorkspaces'] as const;

/** Region discovery, when REGIONLIST is not set: in the bot's own account and in each member account. */
export const DESCRIBE_REGIONS_ACTION = 'ec2:DescribeRegions';

/** The actions of core/rules.ts, one API call each: derived, so a new action cannot go ungranted. */
export const WORKSPACES_WRITE_ACTIONS = Object.values(ACTION_RULES).map((rule) => `workspaces:${rule.operation}`);

/** Every WorkSpace of this account, in any region. */
export function workspaceArns(scope: Construct): string {
  return Stack.of(scope).formatArn({ service: 'workspaces', region: '*', resource: 'workspace', resourceName: '*' });
}

export function describeWorkspacesStatement(actions: readonly string[]): PolicyStatement {
  // DescribeWorkspaces, DescribeWorkspaceDirectories and DescribeWorkspacesConnectionStatus support no
  // resource-level permissions: the Service Authorization Reference lists them with resource `*`.
  return new PolicyStatement({ actions: [...actions], resources: ['*'] });
}

export function actOnWorkspacesStatement(scope: Construct): PolicyStatement {
  return new PolicyStatement({ actions: [...WORKSPACES_WRITE_ACTIONS], resources: [workspaceArns(scope)] });
}

/** Guided recovery says how old the snapshots are that a restore or rebuild returns to: read per WorkSpace. */
export const WORKSPACES_SNAPSHOT_ACTIONS = ['workspaces:DescribeWorkspaceSnapshots'] as const;

export function describeSnapshotsStatement(scope: Construct): PolicyStatement {
  return new PolicyStatement({ actions: [...WORKSPACES_SNAPSHOT_ACTIONS], resources: [workspaceArns(scope)] });
}

export function describeRegionsStatement(): PolicyStatement {
  return new PolicyStatement({ actions: [DESCRIBE_REGIONS_ACTION], resources: ['*'] });
}

/** Entering the member accounts: only the given roles, and no statement at all when there are none. */
export function assumeMemberRolesStatement(roleArns: readonly string[]): PolicyStatement | undefined {
  if (!roleArns.length) return undefined;
  return new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...roleArns] });
}
