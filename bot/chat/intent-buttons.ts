/**
 * A schedule button's intent as the short string a button carries (Slack's value, at most 2000 characters; a Teams
 * card's data), and back. A value comes back from the platform as untrusted as typed text: anything that is not one
 * the bot wrote is undefined.
 */

import { isAction } from '../../core/rules';
import { isIanaZone } from '../../core/schedule-time';
import { isWorkspaceId } from '../../core/workspace';
import type { ScheduleIntent } from './port';

const WALL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const SCHEDULE_NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const ID = /^[\w.:@-]{1,200}$/;

export function encodeIntent(intent: ScheduleIntent): string {
  switch (intent.kind) {
    case 'schedule-confirm':
      return JSON.stringify(['confirm', intent.action, intent.workspaceId, intent.wall, intent.zone]);
    case 'schedule-dismiss':
      return JSON.stringify(['dismiss', intent.action, intent.workspaceId]);
    case 'schedule-cancel':
      return JSON.stringify(['cancel', intent.name, intent.owner.platform, intent.owner.tenantId, intent.owner.userId]);
  }
}

export function decodeIntent(value: string | undefined): ScheduleIntent | undefined {
  let parts: unknown;
  try {
    parts = JSON.parse(value ?? '');
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string')) return undefined;
  const [kind, ...rest] = parts as string[];
  if (kind === 'confirm' && rest.length === 4) {
    const [action, workspaceId, wall, zone] = rest as [string, string, string, string];
    if (!isAction(action) || !isWorkspaceId(workspaceId) || !WALL.test(wall) || !isIanaZone(zone)) return undefined;
    return { kind: 'schedule-confirm', action, workspaceId: workspaceId.toLowerCase(), wall, zone };
  }
  if (kind === 'dismiss' && rest.length === 2) {
    const [action, workspaceId] = rest as [string, string];
    if (!isAction(action) || !isWorkspaceId(workspaceId)) return undefined;
    return { kind: 'schedule-dismiss', action, workspaceId: workspaceId.toLowerCase() };
  }
  if (kind === 'cancel' && rest.length === 4) {
    const [name, platform, tenantId, userId] = rest as [string, string, string, string];
    if (!SCHEDULE_NAME.test(name) || (platform !== 'slack' && platform !== 'teams')) return undefined;
    if (!ID.test(tenantId) || !ID.test(userId)) return undefined;
    return { kind: 'schedule-cancel', name, owner: { platform, tenantId, userId } };
  }
  return undefined;
}
