/**
 * Everything the chat front ends need, built once per process from configuration. Tests build it with
 * their own tables and stand-ins; Lambda builds it at cold start.
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
import type { WorkQueue } from './work/jobs';

export interface BotServices {
  config: Config;
  cache: WorkspaceCache;
  links: LinkStore;
  sync: SyncStore;
  actions: ActionDeps;
  signin: SigninDeps;
  queue: WorkQueue;
  now: () => Date;
  log: Log;
  /** How often the scanner runs, for "this may be out of date" notes. */
  scanIntervalMinutes: number;
}

/** What performing handed-off work needs: the worker Lambda builds only this (no Bolt, no sign-in). */
export type WorkerServices = Pick<BotServices, 'config' | 'links' | 'actions' | 'now' | 'log'>;

export function workerServices(config: Config, log: Log, db = documentClient(config.aws)): WorkerServices {
  const now = () => new Date();
  return {
    config,
    links: new LinkStore(db, config.tables.links),
    actions: {
      cache: new WorkspaceCache(db, config.tables.workspaces),
      audit: new AuditLog(db, config.tables.audit, config.auditRetentionDays),
      idempotency: new IdempotencyStore(db, config.tables.idempotency),
      workspaces: lazyWorkspacesGateway(config),
      roleActions: config.roleActions,
      now,
    },
    now,
    log,
  };
}

export function botServices(
  config: Config,
  signin: SigninDeps,
  queue: (services: Omit<BotServices, 'queue'>) => WorkQueue,
  log: Log,
  db = documentClient(config.aws),
): BotServices {
  const worker = workerServices(config, log, db);
  const base = {
    ...worker,
    cache: worker.actions.cache,
    sync: new SyncStore(db, config.tables.sync),
    signin,
    scanIntervalMinutes: config.scan.intervalMinutes,
  };
  return { ...base, queue: queue(base) };
}
