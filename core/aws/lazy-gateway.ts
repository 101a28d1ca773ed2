/**
 * A WorkSpaces gateway that loads the WorkSpaces SDK client (and the STS credential providers) on first
 * use. The chat function only acts through it when no worker function is configured, so its cold start
 * does not pay for them.
 */
import type { Config } from '../config';
import type {
  ActionCallResult,
  LiveWorkspace,
  Target,
  WorkspaceSnapshots,
  WorkspacesGateway,
} from './workspaces-gateway';

/**
 * @param requestId the request this gateway acts for: in member accounts its role session name carries it
 *   (`workspaces-bot-act-<request id>`), so CloudTrail ties each call to the chat request that made it.
 */
export function lazyWorkspacesGateway(config: Pick<Config, 'aws' | 'scan'>, requestId?: string): WorkspacesGateway {
  let gateway: Promise<WorkspacesGateway> | undefined;
  const load = () => {
    gateway ??= Promise.all([import('./workspaces-gateway'), import('./account-credentials')]).then(
      ([{ AwsWorkspacesGateway }, { AccountCredentials }]) => {
        const credentials = new AccountCredentials(config.scan.accountRoleArns, config.scan.roleAccess, requestId);
        return new AwsWorkspacesGateway(config.aws, (accountId) => credentials.for(accountId));
      },
    );
    return gateway;
  };
  return {
    describe: async (target: Target, ids: readonly string[]): Promise<LiveWorkspace[]> =>
      (await load()).describe(target, ids),
    act: async (target: Target, action, ids): Promise<ActionCallResult> => (await load()).act(target, action, ids),
    snapshots: async (target: Target, id: string): Promise<WorkspaceSnapshots> => {
      const gateway = await load();
      if (!gateway.snapshots) throw new Error('this WorkSpaces gateway cannot read snapshots');
      return gateway.snapshots(target, id);
    },
  };
}
