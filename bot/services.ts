/**
 * Everything the conversation needs, built once per process from configuration: the worker runs the conversation
 * with it, and the chat function's entry points only verify and hand off. Tests build it with their own tables and
 * stand-ins; Lambda builds it at cold start.
 */
import type { ActionDeps } from '../core/actions';
import type { SigninDeps } from '../core/auth/signin';
import { documentClient } from '../core/aws/dynamodb';
import { lazyWorkspacesGateway } from '../core/aws/lazy-gateway';
import type { Config } from '../core/config';
import { AuditLog } from '../core/data/audit';
import { IdempotencyStore } from '../core/data/idempotency';
import { LinkStore } from '../core/data/links';
import { SyncStore } from '../core/data/sync-store';
import { WorkspaceCache } from '../core/data/workspace-cache';
import type { Log } from '../core/logger';

export interface BotServices {
  config: Config;
  cache: WorkspaceCache;
  links: LinkStore;
  sync: SyncStore;
  actions: ActionDeps;
  signin: SigninDeps;
  now: () => Date;
  log: Log;
  /** How often the scanner runs, for "this may be out of date" notes. */
  scanIntervalMinutes: number;
}

export function botServices(
  config: Config,
  signin: SigninDeps,
  log: Log,
  db = documentClient(config.aws),
): BotServices {
  const now = () => new Date();
  const cache = new WorkspaceCache(db, config.tables.workspaces);
  return {
    config,
    cache,
    links: new LinkStore(db, config.tables.links),
    sync: new SyncStore(db, config.tables.sync),
    actions: {
      cache,
      audit: new AuditLog(db, config.tables.audit, config.auditRetentionDays),
      idempotency: new IdempotencyStore(db, config.tables.idempotency, config.worker.timeoutSeconds),
      workspaces: lazyWorkspacesGateway(config),
      roleActions: config.roleActions,
      now,
    },
    signin,
    now,
    log,
    scanIntervalMinutes: config.scan.intervalMinutes,
  };
}
