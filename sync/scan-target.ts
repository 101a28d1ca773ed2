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
import { isThrottling } from '../core/aws/errors';
import { type LiveWorkspace, type Target, toLiveWorkspace } from '../core/aws/workspaces-gateway';
import type { Limiter } from '../core/collections';
import type { TargetStatus } from '../core/fleet-summary';
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

/** Errors that mean "WorkSpaces is not offered here, or not enabled for this account": normal, not an alarm. */
function isNotOffered(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  return (
    error.name === 'UnrecognizedClientException' ||
    error.name === 'InvalidClientTokenId' ||
    code === 'ENOTFOUND' ||
    /getaddrinfo ENOTFOUND/.test(error.message)
  );
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (isThrottling(error)) return `throttled by AWS even after retries (${error.name})`;
  return `${error.name}: ${error.message}`;
}

type PageHandler = (page: ScannedWorkspace[]) => Promise<void>;

export async function scanTarget(
  client: WorkSpacesClient,
  target: Target,
  limiter: Limiter,
  now: () => Date,
  onPage: PageHandler = async () => {},
): Promise<TargetScan> {
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
            const write = readConnections(client, page, limiter).then(() => onPage(page));
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
      status: isNotOffered(error) ? 'not-offered' : 'failed',
      workspaces,
      error: describeError(error),
      startedAt,
      finishedAt: now().toISOString(),
    });
  }
  return finish({ target, status: 'complete', workspaces, startedAt, finishedAt: now().toISOString() });
}

/** Connection status for one page (at most 25 ids, one call); a failure leaves the cached values. */
async function readConnections(client: WorkSpacesClient, page: ScannedWorkspace[], limiter: Limiter): Promise<void> {
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
  } catch {
    // Connection status is a nicety; the scan's completeness rests on DescribeWorkspaces alone.
  }
}
