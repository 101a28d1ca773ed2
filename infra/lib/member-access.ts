/**
 * How the home stack and the member-account stack find each other: stable role names on both sides, so either
 * can be deployed first and neither needs the other's outputs. The home stack's scanner, reaper and worker
 * roles are `<stack>-<region>-scanner|reaper|worker`; each member account holds `<stack>-member-read` (the
 * scanner and the reaper) and `<stack>-member-act` (the worker).
 */
import type { HandlerName } from './handlers';

/** The functions that enter member accounts, each with its own session name in their CloudTrail. */
export const MEMBER_SESSIONS = {
  scanner: 'workspaces-bot-scan',
  reaper: 'workspaces-bot-reap',
  worker: 'workspaces-bot-act',
} as const satisfies Partial<Record<HandlerName, string>>;

export type MemberAccessor = keyof typeof MEMBER_SESSIONS;

/** Which member role each function assumes: reads for the scanner and reaper, the actions for the worker. */
export const MEMBER_ROLE_OF: Readonly<Record<MemberAccessor, 'read' | 'act'>> = {
  scanner: 'read',
  reaper: 'read',
  worker: 'act',
};

/** The longest stack name whose role names fit IAM's 64 characters in every region (`ap-southeast-5` is 14). */
export const MAX_STACK_NAME_LENGTH = 40;

export function homeRoleName(stackName: string, region: string, fn: MemberAccessor): string {
  return `${stackName}-${region}-${fn}`;
}

export function memberRoleName(stackName: string, role: 'read' | 'act'): string {
  return `${stackName}-member-${role}`;
}

export function memberRoleArn(partition: string, accountId: string, stackName: string, role: 'read' | 'act'): string {
  return `arn:${partition}:iam::${accountId}:role/${memberRoleName(stackName, role)}`;
}

export function homeRoleArn(
  partition: string,
  accountId: string,
  stackName: string,
  region: string,
  fn: MemberAccessor,
): string {
  return `arn:${partition}:iam::${accountId}:role/${homeRoleName(stackName, region, fn)}`;
}
