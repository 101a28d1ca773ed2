/** Credentials per account: the default chain for the bot's own, an assumed role for each member account. */
import type { WorkSpacesClientConfig } from '@aws-sdk/client-workspaces';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

type Credentials = WorkSpacesClientConfig['credentials'];

export function accountOfRoleArn(roleArn: string): string {
  return roleArn.split(':')[4]!;
}

export class AccountCredentials {
  private readonly providers = new Map<string, Credentials>();

  constructor(roleArns: readonly string[]) {
    for (const roleArn of roleArns) {
      this.providers.set(
        accountOfRoleArn(roleArn),
        fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: 'workspaces-bot' } }),
      );
    }
  }

  for(accountId: string): Credentials | undefined {
    return this.providers.get(accountId);
  }
}
