/**
 * Scans one region of one account: its directories, then every directory's WorkSpaces concurrently,
 * 25 a page. Each page's connection status is fetched, and the page handed to `onPage` (which writes it),
 * while the next page is read, so the writes hide behind the API's latency. The scan is complete only
 * when every page of every directory was read.
 */
import {
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  type WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { awsErrorKind, describeAwsError, plainAwsError } from '../core/aws/errors';
import { type LiveWorkspace, type Target, toLiveWorkspace } from '../core/aws/workspaces-gateway';
import type { Limiter } from '../core/collections';
import type { TargetStatus } from '../core/fleet-summary';
import type { Log } from '../core/logger';
import type { ConnectionState } from '../core/workspace';

export interface ScannedWorkspace extends LiveWorkspace {
  directoryDomain?: string;
  registrationCode?: string;
  /** Undefined when the connection status could not be read; the cached value then stands. */
  connection?: { state: ConnectionState; lastUserConnection?: string };
  /** When the page that listed it was requested: the time this observation stands for. */
  observedAt: string;
}

export interface TargetScan {
  target: Target;
  status: TargetStatus;
  workspaces: ScannedWorkspace[];
  error?: string;
  startedAt: string;
  finishedAt: string;
}

/**
 * Only WorkSpaces' own answer "not offered here, or not enabled for this account" is normal. A region that cannot be
 * reached (DNS, connection, timeout) or whose credentials fail is a failed region: on-call must hear of it.
 */
function statusOf(error: unknown): TargetStatus {
  return awsErrorKind(error) === 'not-offered' ? 'not-offered' : 'failed';
}

type PageHandler = (page: ScannedWorkspace[]) => Promise<void>;

export interface TargetScanDeps {
  client: WorkSpacesClient;
  limiter: Limiter;
  now: () => Date;
  log: Log;
  /** Writes a page; its failures are DynamoDB's, not the region's. */
  onPage?: PageHandler;
}

export async function scanTarget(target: Target, deps: TargetScanDeps): Promise<TargetScan> {
  const { client, limiter, now } = deps;
  const onPage = deps.onPage ?? (async () => {});
  const startedAt = now().toISOString();
  const workspaces: ScannedWorkspace[] = [];
  const pageWork: Promise<void>[] = [];
  // Errors of onPage (DynamoDB) are not the region's fault: they are kept (never left unhandled while later
  // pages are read) and thrown after the scan, not reported as its status.
  let writeError: unknown;
  const finish = async (scan: TargetScan): Promise<TargetScan> => {
    await Promise.all(pageWork);
    if (writeError !== undefined) throw writeError;
    return scan;
  };
  try {
    const directories: { id: string; name?: string; registrationCode?: string }[] = [];
    let directoryToken: string | undefined;
    do {
      const out = await limiter.run(() =>
        client.send(new DescribeWorkspaceDirectoriesCommand({ NextToken: directoryToken })),
      );
      for (const d of out.Directories ?? []) {
        if (d.DirectoryId)
          directories.push({ id: d.DirectoryId, name: d.DirectoryName, registrationCode: d.RegistrationCode });
      }
      directoryToken = out.NextToken;
    } while (directoryToken);

    await Promise.all(
      directories.map(async (directory) => {
        let token: string | undefined;
        do {
          const observedAt = now().toISOString();
          const out = await limiter.run(() =>
            client.send(new DescribeWorkspacesCommand({ DirectoryId: directory.id, Limit: 25, NextToken: token })),
          );
          const page: ScannedWorkspace[] = [];
          for (const raw of out.Workspaces ?? []) {
            const live = toLiveWorkspace(raw);
            if (!live) continue;
            page.push({
              ...live,
              directoryDomain: directory.name,
              registrationCode: directory.registrationCode,
              observedAt,
            });
          }
          workspaces.push(...page);
          if (page.length) {
            const write = readConnections(target, page, deps).then(() => onPage(page));
            pageWork.push(
              write.catch((error: unknown) => {
                writeError ??= error;
              }),
            );
          }
          token = out.NextToken;
        } while (token);
      }),
    );
  } catch (error) {
    return finish({
      target,
      status: statusOf(error),
      workspaces,
      error: describeAwsError(error),
      startedAt,
      finishedAt: now().toISOString(),
    });
  }
  return finish({ target, status: 'complete', workspaces, startedAt, finishedAt: now().toISOString() });
}

/** Connection status for one page (at most 25 ids, one call); a failure leaves the cached values, and is logged. */
async function readConnections(target: Target, page: ScannedWorkspace[], deps: TargetScanDeps): Promise<void> {
  const { client, limiter } = deps;
  try {
    const out = await limiter.run(() =>
      client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: page.map((w) => w.workspaceId) })),
    );
    const byId = new Map((out.WorkspacesConnectionStatus ?? []).map((s) => [s.WorkspaceId, s]));
    for (const ws of page) {
      const status = byId.get(ws.workspaceId);
      if (!status) continue;
      ws.connection = {
        state: (status.ConnectionState ?? 'UNKNOWN') as ConnectionState,
        lastUserConnection: status.LastKnownUserConnectionTimestamp?.toISOString(),
      };
    }
  } catch (error) {
    // Connection status is a nicety; the scan's completeness rests on DescribeWorkspaces alone.
    deps.log.warn('Connection status could not be read; the cached values stand', {
      region: target.region,
      account: target.accountId,
      error: plainAwsError(error).code,
      workspaces: page.length,
    });
  }
}
