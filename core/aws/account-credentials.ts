/** Credentials per account: the default chain for the bot's own, an assumed role for each member account. */
import type { WorkSpacesClientConfig } from '@aws-sdk/client-workspaces';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

type Credentials = WorkSpacesClientConfig['credentials'];
type Identity = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };

/** Renewed this long before they expire, as the SDK's own clients do. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * One AssumeRole per account, shared by every client of that account (a WorkSpaces client per region, EC2): the SDK
 * caches credentials per client only, so without this a scan of 17 regions assumed each role 18 times.
 */
function shared(provider: () => Promise<Identity>): () => Promise<Identity> {
  let current: Promise<Identity> | undefined;
  const renew = () => {
    const next = provider();
    current = next;
    // A failed AssumeRole is not kept: the next call tries again.
    next.catch(() => {
      if (current === next) current = undefined;
    });
    return next;
  };
  return async () => {
    const identity = await (current ?? renew());
    const expiresAt = identity.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
    return expiresAt - Date.now() > RENEW_BEFORE_MS ? identity : renew();
  };
}

export function accountOfRoleArn(roleArn: string): string {
  return roleArn.split(':')[4]!;
}

export class AccountCredentials {
  private readonly providers = new Map<string, Credentials>();

  constructor(roleArns: readonly string[]) {
    for (const roleArn of roleArns) {
      this.providers.set(
        accountOfRoleArn(roleArn),
        shared(fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: 'workspaces-bot' } })),
      );
    }
  }

  for(accountId: string): Credentials | undefined {
    return this.providers.get(accountId);
  }
}
