/**
 * Everything the conversation needs, built once per process from configuration: the worker runs the conversation
 * with it, and the chat function's entry points only verify and hand off. Tests build it with their own tables and
 * stand-ins; Lambda builds it at cold start.
 */
import type { ActionDeps } from '../core/actions';
import type { SigninDeps } from '../core/auth/signin';
import { documentClient } from '../core/aws/dynamodb';
import { lazyWorkspacesGateway } from '../core/aws/lazy-gateway';
import { type SchedulerGateway, schedulerGateway } from '../core/aws/scheduler-gateway';
import { RecentKeys } from '../core/collections';
import type { Config } from '../core/config';
import { AuditLog } from '../core/data/audit';
import { IdempotencyStore } from '../core/data/idempotency';
import { LinkStore } from '../core/data/links';
import { OwnerAlertStore } from '../core/data/owner-alerts';
import { ScheduleIndex } from '../core/data/schedules';
import { SyncStore } from '../core/data/sync-store';
import { WorkspaceCache } from '../core/data/workspace-cache';
import type { Log } from '../core/logger';
import type { ReplyAddresses } from './chat/port';

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
  /** The pending schedules' index, and Scheduler itself when the deployment has a target for schedules. */
  schedules: { index: ScheduleIndex<ReplyAddresses>; scheduler?: SchedulerGateway };
  /** Who opted in to owner alerts (bot/alerts.ts). */
  alerts: OwnerAlertStore;
  /** Keys of `answerOnce` requests this worker has answered (bot/chat/orchestrator.ts). */
  answered: RecentKeys;
}

/** Requests a worker remembers having answered: a platform re-delivers within minutes, not thousands of requests. */
const ANSWERS_REMEMBERED = 10_000;

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
    schedules: scheduleServices(config, db),
    alerts: new OwnerAlertStore(db, config.tables.alerts),
    answered: new RecentKeys(ANSWERS_REMEMBERED),
  };
}

function scheduleServices(config: Config, db: ReturnType<typeof documentClient>): BotServices['schedules'] {
  const index = new ScheduleIndex<ReplyAddresses>(db, config.tables.schedules);
  const { groupName, targetArn, roleArn, deadLetterArn } = config.schedules;
  if (!targetArn || !roleArn) return { index };
  return {
    index,
    scheduler: schedulerGateway(
      { groupName, targetArn, roleArn, ...(deadLetterArn ? { deadLetterArn } : {}) },
      config.aws,
    ),
  };
}
