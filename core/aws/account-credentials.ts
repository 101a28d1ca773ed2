/**
 * Credentials per account: the default chain for the bot's own, an assumed role for each member account. The
 * session name (ROLE_SESSION_NAME: `workspaces-bot-scan`, `-reap`, `-act`) tells the functions apart in the
 * member account's CloudTrail; the external id (ROLE_EXTERNAL_ID) is what the member roles' trust requires.
 */
import type { WorkSpacesClientConfig } from '@aws-sdk/client-workspaces';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { RoleAccess } from '../config';

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

/** STS allows 64 characters of these in a role session name. */
const SESSION_NAME_LIMIT = 64;
const NOT_IN_SESSION_NAME = /[^\w+=,.@-]/g;

export function accountOfRoleArn(roleArn: string): string {
  return roleArn.split(':')[4]!;
}

/** `<session name>-<request id>`, with what STS refuses replaced and cut to its 64 characters. */
export function sessionNameFor(sessionName: string, requestId?: string): string {
  if (!requestId) return sessionName;
  return `${sessionName}-${requestId.replace(NOT_IN_SESSION_NAME, '_')}`.slice(0, SESSION_NAME_LIMIT);
}

export class AccountCredentials {
  private readonly providers = new Map<string, Credentials>();

  /**
   * @param access the session name and external id (configuration's `scan.roleAccess`)
   * @param requestId the one request these credentials act for, named in the session (CloudTrail), when there is one
   */
  constructor(roleArns: readonly string[], access: RoleAccess, requestId?: string) {
    const { externalId } = access;
    for (const roleArn of roleArns) {
      this.providers.set(
        accountOfRoleArn(roleArn),
        shared(
          fromTemporaryCredentials({
            params: {
              RoleArn: roleArn,
              RoleSessionName: sessionNameFor(access.sessionName, requestId),
              ...(externalId ? { ExternalId: externalId } : {}),
            },
          }),
        ),
      );
    }
  }

  for(accountId: string): Credentials | undefined {
    return this.providers.get(accountId);
  }
}
