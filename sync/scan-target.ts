/**
 * Scans one region of one account: its directories, then every directory's WorkSpaces concurrently,
 * 25 a page. Each page's connection status is fetched, and the page handed to `onPage` (which writes it),
 * while the next page is read, so the writes hide behind the API's latency. The scan is complete only
 * when every page of every directory was read.
 *
 * Memory: a page holds one of the shared `pages` slots from before it is asked for until it is written, so when
 * DynamoDB falls behind (throttled, or slower than the API) reading waits for it instead of piling pages up.
 *
 * Throttling: the client's adaptive retry mode paces its calls to what WorkSpaces lets through; a call still
 * throttled after the SDK's retries waits a jittered while (holding no slot of the limiter) and goes again, for
 * as long as the region made progress within `throttlePatienceMs`. So throttling alone fails a region only when
 * nothing at all gets through for that long.
 */
import {
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  type WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { awsErrorKind, describeAwsError, isThrottling, plainAwsError } from '../core/aws/errors';
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
  /** The ids listed, which is all the scanner keeps of them once their page is written. */
  seen: string[];
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
  /** How long a region may answer nothing but throttling before its scan fails. */
  throttlePatienceMs: number;
  /** Writes a page; its failures are DynamoDB's, not the region's. */
  onPage?: PageHandler;
  /** Pages read and not yet written, shared by every region: bounds what a scan holds in memory. */
  pages?: Limiter;
}

interface Directory {
  id: string;
  name?: string;
  registrationCode?: string;
}

/** The longest pause between two tries of a throttled call, and the first one's. */
const THROTTLE_PAUSE_MAX_MS = 2_000;
const THROTTLE_PAUSE_BASE_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One region's scan in progress: its calls, the pages it has handed on, and when it last got an answer. */
class RegionScan {
  readonly seen: string[] = [];
  private readonly pageWork: Promise<void>[] = [];
  // Errors of onPage (DynamoDB) are not the region's fault: kept (never left unhandled while later pages are
  // read) and thrown once the scan is over.
  private writeError: unknown;
  // When the region last answered (or last got a page slot to ask with), on the monotonic clock: `deps.now` stamps
  // observations, and a test may hold it still.
  private lastAnswerAt = performance.now();

  constructor(
    private readonly target: Target,
    private readonly deps: TargetScanDeps,
  ) {}

  /** Sends one call under the shared limiter, trying a throttled one again while the region still answers. */
  async send<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.deps.limiter.run(call);
        this.lastAnswerAt = performance.now();
        return out;
      } catch (error) {
        const waited = performance.now() - this.lastAnswerAt;
        if (!isThrottling(error) || waited >= this.deps.throttlePatienceMs) throw error;
        // Full jitter, so the region's throttled calls do not all come back at once.
        await sleep(Math.random() * Math.min(THROTTLE_PAUSE_MAX_MS, THROTTLE_PAUSE_BASE_MS * 2 ** attempt));
      }
    }
  }

  async directories(): Promise<Directory[]> {
    const directories: Directory[] = [];
    let token: string | undefined;
    do {
      const out = await this.send(() =>
        this.deps.client.send(new DescribeWorkspaceDirectoriesCommand({ NextToken: token })),
      );
      for (const d of out.Directories ?? []) {
        if (d.DirectoryId)
          directories.push({ id: d.DirectoryId, name: d.DirectoryName, registrationCode: d.RegistrationCode });
      }
      token = out.NextToken;
    } while (token);
    return directories;
  }

  /**
   * Waits for one of the shared page slots. The wait is other regions' pages being written, not this region failing
   * to answer, so the patience clock starts again once the slot is there.
   */
  private async pageSlot(): Promise<() => void> {
    const release = (await this.deps.pages?.acquire()) ?? (() => {});
    this.lastAnswerAt = Math.max(this.lastAnswerAt, performance.now());
    return release;
  }

  /** Reads a directory page by page; each page's connection status and write run while the next page is read. */
  async readDirectory(directory: Directory): Promise<void> {
    let token: string | undefined;
    do {
      const release = await this.pageSlot();
      try {
        const observedAt = this.deps.now().toISOString();
        const out = await this.send(() =>
          this.deps.client.send(
            new DescribeWorkspacesCommand({ DirectoryId: directory.id, Limit: 25, NextToken: token }),
          ),
        );
        const page = (out.Workspaces ?? []).flatMap((raw) => {
          const live = toLiveWorkspace(raw);
          return live
            ? [{ ...live, directoryDomain: directory.name, registrationCode: directory.registrationCode, observedAt }]
            : [];
        });
        if (page.length) this.handOn(page, release);
        else release();
        token = out.NextToken;
      } catch (error) {
        release();
        throw error;
      }
    } while (token);
  }

  /** Keeps the page's ids, and reads its connection status and writes it in the background; then frees its slot. */
  private handOn(page: ScannedWorkspace[], release: () => void): void {
    for (const ws of page) this.seen.push(ws.workspaceId);
    const onPage = this.deps.onPage ?? (async () => {});
    const write = this.readConnections(page)
      .then(() => onPage(page))
      .finally(release);
    this.pageWork.push(
      write.catch((error: unknown) => {
        this.writeError ??= error;
      }),
    );
  }

  /** Connection status for one page (at most 25 ids, one call); a failure leaves the cached values, and is logged. */
  private async readConnections(page: ScannedWorkspace[]): Promise<void> {
    try {
      const out = await this.send(() =>
        this.deps.client.send(
          new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: page.map((w) => w.workspaceId) }),
        ),
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
      this.deps.log.warn('Connection status could not be read; the cached values stand', {
        region: this.target.region,
        account: this.target.accountId,
        error: plainAwsError(error).code,
        workspaces: page.length,
      });
    }
  }

  /** Waits for every page's write; a write error is thrown here, after the scan, not reported as its status. */
  async settled(): Promise<void> {
    await Promise.all(this.pageWork);
    if (this.writeError !== undefined) throw this.writeError;
  }
}

export async function scanTarget(target: Target, deps: TargetScanDeps): Promise<TargetScan> {
  const startedAt = deps.now().toISOString();
  const region = new RegionScan(target, deps);
  let failure: { status: TargetStatus; error: string } | undefined;
  try {
    const directories = await region.directories();
    await Promise.all(directories.map((directory) => region.readDirectory(directory)));
  } catch (error) {
    failure = { status: statusOf(error), error: describeAwsError(error) };
  }
  await region.settled();
  return {
    target,
    status: failure?.status ?? 'complete',
    seen: region.seen,
    ...(failure ? { error: failure.error } : {}),
    startedAt,
    finishedAt: deps.now().toISOString(),
  };
}
