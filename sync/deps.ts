/** Builds the scanner's and reaper's dependencies from configuration: the one place sync is wired. */
import { AccountCredentials } from '../core/aws/account-credentials';
import { deadLetterCount } from '../core/aws/dead-letters';
import { documentClient } from '../core/aws/dynamodb';
import { schedulerGateway } from '../core/aws/scheduler-gateway';
import { AwsWorkspacesGateway } from '../core/aws/workspaces-gateway';
import type { Config } from '../core/config';
import { OwnerAlertStore } from '../core/data/owner-alerts';
import { SyncStore } from '../core/data/sync-store';
import { WorkspaceCache } from '../core/data/workspace-cache';
import { type Log, logger } from '../core/logger';
import { type OwnerAlertDeps, sendOwnerAlerts } from '../core/owner-alerts';
import type { ReaperDeps } from './reaper';
import type { ScannerDeps } from './scanner';
import { type AccountTargets, resolveAccounts, resolveRegions, type ScanAccount } from './targets';

export interface SyncDeps {
  scanner: ScannerDeps;
  reaper: ReaperDeps;
}

/**
 * Accounts are resolved once per process (a warm Lambda keeps them); regions on every scan, since an
 * account may enable one between runs.
 */
export function syncDeps(config: Config, channels: ReaperDeps['channels'], log: Log = logger): SyncDeps {
  const db = documentClient(config.aws);
  const cache = new WorkspaceCache(db, config.tables.workspaces);
  const sync = new SyncStore(db, config.tables.sync);
  // Member accounts are known from their role ARNs; the bot's own account uses the default chain.
  const credentials = new AccountCredentials(config.scan.accountRoleArns, config.scan.roleAccess);
  const gateway = new AwsWorkspacesGateway(config.aws, (accountId) => credentials.for(accountId));
  let accounts: Promise<ScanAccount[]> | undefined;
  const resolve = async (): Promise<AccountTargets[]> => {
    accounts ??= resolveAccounts(config).catch((error) => {
      accounts = undefined;
      throw error;
    });
    return Promise.all((await accounts).map((account) => resolveRegions(config, account, credentials)));
  };
  const now = () => new Date();
  const { groupName, targetArn, roleArn, deadLetterArn } = config.schedules;
  const alertDeps: OwnerAlertDeps = {
    alerts: new OwnerAlertStore(db, config.tables.alerts),
    ...(targetArn && roleArn
      ? {
          scheduler: schedulerGateway(
            { groupName, targetArn, roleArn, ...(deadLetterArn ? { deadLetterArn } : {}) },
            config.aws,
          ),
        }
      : {}),
    afterMinutes: config.schedules.alertAfterMinutes,
    now,
    log,
  };
  return {
    scanner: {
      config,
      cache,
      sync,
      gateway,
      accounts: resolve,
      now,
      log,
      ownerAlerts: (summary) => sendOwnerAlerts(alertDeps, summary),
    },
    reaper: {
      config,
      cache,
      sync,
      workspaces: gateway,
      channels,
      ...(config.oncall.deadLetterQueueUrl
        ? { deadLetters: deadLetterCount(config.oncall.deadLetterQueueUrl, config.aws) }
        : {}),
      now,
      log,
    },
  };
}
