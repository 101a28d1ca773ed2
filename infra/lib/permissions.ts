/**
 * The AWS API permissions the functions need beyond their own tables, named action by action: the
 * WorkSpaces reads (which the API only grants on `*`), the WorkSpaces actions (only on this account's
 * WorkSpaces), region discovery, and entering the member accounts.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ACTION_RULES } from '../../core/rules';

/** What the scanner reads: directories, WorkSpaces and their connection status. */
export const WORKSPACES_SCAN_ACTIONS = [
  'workspaces:DescribeWorkspaceDirectories',
  'workspaces:DescribeWorkspaces',
  'workspaces:DescribeWorkspacesConnectionStatus',
] as const;

/** What the worker and the reaper read: WorkSpaces by id, the live state before acting or removing. */
export const WORKSPACES_LOOKUP_ACTIONS = ['workspaces:DescribeWorkspaces'] as const;

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

export function describeRegionsStatement(): PolicyStatement {
  return new PolicyStatement({ actions: ['ec2:DescribeRegions'], resources: ['*'] });
}

/** Entering the member accounts: only the configured roles, and no statement at all when there are none. */
export function assumeMemberRolesStatement(roleArns: readonly string[]): PolicyStatement | undefined {
  if (!roleArns.length) return undefined;
  return new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...roleArns] });
}
