/** Builders for WorkSpace records and actors, with sensible defaults a test overrides. */
import type { Role } from '../../core/identity';
import type { Actor } from '../../core/policy';
import type { WorkspaceRecord } from '../../core/workspace';

export const T0 = new Date('2026-11-23T12:00:00.000Z');

export function workspace(overrides: Partial<WorkspaceRecord> = {}): WorkspaceRecord {
  return {
    workspaceId: 'ws-alice1',
    userName: 'alice',
    directoryId: 'd-1234567890',
    directoryDomain: 'corp.example.com',
    region: 'us-east-1',
    accountId: '123456789012',
    state: 'AVAILABLE',
    runningMode: 'AUTO_STOP',
    stateSince: T0.toISOString(),
    observedAt: T0.toISOString(),
    ...overrides,
  };
}

export function actor(userName: string, roles: Role[], domain?: string): Actor {
  return {
    chat: { platform: 'slack', tenantId: 'T0001', userId: `U-${userName}` },
    ad: domain ? { userName, domain } : { userName },
    roles: new Set(roles),
  };
}
