/**
 * The WorkSpaces API behind a small interface: read WorkSpaces by id, and ask for an action on a batch.
 * One client per account and region, built from the SDK defaults (see clients.ts).
 */
import {
  DescribeWorkspaceSnapshotsCommand,
  DescribeWorkspacesCommand,
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  RestoreWorkspaceCommand,
  StartWorkspacesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  type WorkSpacesClient,
  type WorkSpacesClientConfig,
  type Workspace,
} from '@aws-sdk/client-workspaces';
import { targetKey } from '../fleet-summary';
import type { Action } from '../rules';
import type { RunningMode, WorkspaceState } from '../workspace';
import { type RetrySettings, workspacesClient } from './clients';
import { isServiceRefusal } from './errors';

export interface Target {
  region: string;
  accountId: string;
}

/** What DescribeWorkspaces says about one WorkSpace. */
export interface LiveWorkspace {
  workspaceId: string;
  userName: string;
  directoryId: string;
  state: WorkspaceState;
  runningMode: RunningMode;
  computerName?: string;
  ipAddress?: string;
  bundleId?: string;
}

export interface FailedRequest {
  workspaceId: string;
  errorCode: string;
  errorMessage: string;
}

export interface ActionCallResult {
  awsRequestId?: string;
  /** Every WorkSpace the API refused, each with its own reason. */
  failed: FailedRequest[];
}

/** The snapshots a restore and a rebuild would return to, newest first (ISO times). */
export interface WorkspaceSnapshots {
  restore: string[];
  rebuild: string[];
}

export interface WorkspacesGateway {
  /** Reads up to 25 WorkSpaces by id; ids the API does not know are simply absent. */
  describe(target: Target, workspaceIds: readonly string[]): Promise<LiveWorkspace[]>;
  /** Asks for one action on up to the action's batch size of WorkSpaces. */
  act(target: Target, action: Action, workspaceIds: readonly string[]): Promise<ActionCallResult>;
  /** DescribeWorkspaceSnapshots: how old the state is that a restore or a rebuild returns to. */
  snapshots?(target: Target, workspaceId: string): Promise<WorkspaceSnapshots>;
}

export function toLiveWorkspace(ws: Workspace): LiveWorkspace | undefined {
  if (!ws.WorkspaceId) return undefined;
  return {
    workspaceId: ws.WorkspaceId,
    userName: ws.UserName ?? '',
    directoryId: ws.DirectoryId ?? '',
    // A state or mode newer than this code is kept as AWS said it; the policy allows nothing on it.
    state: (ws.State ?? 'ERROR') as WorkspaceState,
    runningMode: (ws.WorkspaceProperties?.RunningMode ?? 'ALWAYS_ON') as RunningMode,
    computerName: ws.ComputerName,
    ipAddress: ws.IpAddress,
    bundleId: ws.BundleId,
  };
}

/** Credentials for an account other than the bot's own, or undefined for the default chain. */
export type CredentialsForAccount = (accountId: string) => WorkSpacesClientConfig['credentials'] | undefined;

export class AwsWorkspacesGateway implements WorkspacesGateway {
  private readonly clients = new Map<string, WorkSpacesClient>();

  constructor(
    private readonly retry: RetrySettings,
    private readonly credentialsFor: CredentialsForAccount = () => undefined,
  ) {}

  client(target: Target): WorkSpacesClient {
    const key = targetKey(target);
    let client = this.clients.get(key);
    if (!client) {
      client = workspacesClient(target.region, this.retry, this.credentialsFor(target.accountId));
      this.clients.set(key, client);
    }
    return client;
  }

  async describe(target: Target, workspaceIds: readonly string[]): Promise<LiveWorkspace[]> {
    if (workspaceIds.length === 0) return [];
    const out = await this.client(target).send(new DescribeWorkspacesCommand({ WorkspaceIds: [...workspaceIds] }));
    return (out.Workspaces ?? []).map(toLiveWorkspace).filter((ws): ws is LiveWorkspace => ws !== undefined);
  }

  async snapshots(target: Target, workspaceId: string): Promise<WorkspaceSnapshots> {
    const out = await this.client(target).send(new DescribeWorkspaceSnapshotsCommand({ WorkspaceId: workspaceId }));
    const times = (list: { SnapshotTime?: Date }[] | undefined) =>
      (list ?? [])
        .map((snapshot) => snapshot.SnapshotTime?.toISOString())
        .filter((at): at is string => at !== undefined)
        .sort()
        .reverse();
    return { restore: times(out.RestoreSnapshots), rebuild: times(out.RebuildSnapshots) };
  }

  async act(target: Target, action: Action, workspaceIds: readonly string[]): Promise<ActionCallResult> {
    const client = this.client(target);
    const ids = workspaceIds.map((WorkspaceId) => ({ WorkspaceId }));
    if (action === 'restore') {
      // RestoreWorkspace takes one id and answers a refusal with an exception, not a FailedRequest. Throttling, a 5xx
      // (modelled or an HTML page) and an unreachable endpoint are thrown, as the batch actions' are.
      try {
        const out = await client.send(new RestoreWorkspaceCommand({ WorkspaceId: workspaceIds[0] }));
        return { awsRequestId: out.$metadata.requestId, failed: [] };
      } catch (error) {
        if (!isServiceRefusal(error)) throw error;
        const e = error as Error & { $metadata?: { requestId?: string } };
        return {
          awsRequestId: e.$metadata?.requestId,
          failed: [{ workspaceId: workspaceIds[0]!, errorCode: e.name, errorMessage: e.message }],
        };
      }
    }
    const command = {
      reboot: () => new RebootWorkspacesCommand({ RebootWorkspaceRequests: ids }),
      start: () => new StartWorkspacesCommand({ StartWorkspaceRequests: ids }),
      stop: () => new StopWorkspacesCommand({ StopWorkspaceRequests: ids }),
      rebuild: () => new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: ids }),
      terminate: () => new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: ids }),
    }[action]();
    // The five commands share one output shape; TypeScript cannot pick an overload for their union.
    const out = (await client.send(command as RebootWorkspacesCommand)) as {
      FailedRequests?: { WorkspaceId?: string; ErrorCode?: string; ErrorMessage?: string }[];
      $metadata: { requestId?: string };
    };
    return {
      awsRequestId: out.$metadata.requestId,
      failed: (out.FailedRequests ?? []).map((f) => ({
        workspaceId: f.WorkspaceId ?? '',
        errorCode: f.ErrorCode ?? 'Unknown',
        errorMessage: f.ErrorMessage ?? 'no reason given',
      })),
    };
  }
}
