/**
 * What to scan: the bot's own account and the member accounts it may assume a role in, times each
 * account's regions (REGIONLIST, else EC2 DescribeRegions, else us-east-1).
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AccountCredentials, accountOfRoleArn } from '../core/aws/account-credentials';
import { ec2Client } from '../core/aws/clients';
import { withoutSdkLogging } from '../core/aws/sdk-logging';
import type { Target } from '../core/aws/workspaces-gateway';
import type { Config } from '../core/config';

const FALLBACK_REGION = 'us-east-1';

export interface ScanAccount {
  accountId: string;
  /** The role assumed in a member account; unset for the bot's own account. */
  roleArn?: string;
}

export interface AccountTargets {
  account: ScanAccount;
  regions: string[];
  /** Set when the region list fell back to us-east-1 because DescribeRegions failed. */
  regionError?: string;
}

export async function resolveAccounts(config: Config, retry = config.aws): Promise<ScanAccount[]> {
  const accounts: ScanAccount[] = [];
  if (config.scan.includeHomeAccount) {
    const sts = withoutSdkLogging(new STSClient({ retryMode: retry.retryMode, maxAttempts: retry.maxAttempts }));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    accounts.push({ accountId: identity.Account! });
  }
  for (const roleArn of config.scan.accountRoleArns) {
    const accountId = accountOfRoleArn(roleArn);
    if (!accounts.some((a) => a.accountId === accountId)) accounts.push({ accountId, roleArn });
  }
  return accounts;
}

/** The regions to scan in one account. */
export async function resolveRegions(
  config: Config,
  account: ScanAccount,
  credentials: AccountCredentials,
): Promise<AccountTargets> {
  if (config.regionList) return { account, regions: config.regionList };
  // DescribeRegions answers the same from any region: the SDK's default one (AWS_REGION) is asked.
  const ec2 = ec2Client(undefined, config.aws, credentials.for(account.accountId));
  try {
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
    const regions = (out.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => Boolean(r));
    if (regions.length) return { account, regions: regions.sort() };
    return { account, regions: [FALLBACK_REGION], regionError: 'it listed no region' };
  } catch (error) {
    return { account, regions: [FALLBACK_REGION], regionError: error instanceof Error ? error.message : String(error) };
  } finally {
    ec2.destroy();
  }
}

export function targetsOf(accounts: readonly AccountTargets[]): Target[] {
  return accounts.flatMap(({ account, regions }) =>
    regions.map((region) => ({ accountId: account.accountId, region })),
  );
}
