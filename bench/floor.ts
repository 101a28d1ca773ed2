/**
 * The critical-path floor of a scan: the longest chain of WorkSpaces/EC2 requests that any correct scanner must make
 * one after another, whatever its concurrency. Each link needs the answer of the one before it:
 *
 *   1. EC2 DescribeRegions, to know which regions to scan;
 *   2. in a region, DescribeWorkspaceDirectories (its pages in turn), to know the directory ids to filter by;
 *   3. in a directory, DescribeWorkspaces 25 at a time, each page asked with the previous page's NextToken;
 *   4. DescribeWorkspacesConnectionStatus for the ids of the last page, known only once that page arrived.
 *
 *   floor_s = latency_s × (1 + max over regions r of (dirPages(r) + max over directories d of r of chain(d)))
 *   dirPages(r) = max(1, ceil(directories(r) / 25))
 *   chain(d)    = max(1, ceil(workspaces(d) / 25)) + (workspaces(d) > 0 ? 1 : 0)
 *
 * DynamoDB time, the STS GetCallerIdentity a scanner may make to learn its account, and CPU are left out: the floor
 * is what the API's latency alone forces.
 */
import type { FleetSpec } from '../local/workspaces-sim';

/** The API's largest page, for DescribeWorkspaces and DescribeWorkspaceDirectories alike. */
const PAGE_SIZE = 25;

export interface CriticalPath {
  /** Requests in the longest chain. */
  requests: number;
  /** Where it runs: the region and directory whose chain is longest. */
  region?: string;
  directoryId?: string;
  /** WorkSpaces in that directory. */
  workspaces: number;
}

export function criticalPath(fleet: FleetSpec): CriticalPath {
  const perDirectory = new Map<string, number>();
  for (const ws of fleet.workspaces) perDirectory.set(ws.directoryId, (perDirectory.get(ws.directoryId) ?? 0) + 1);
  const regions = new Set([...(fleet.regions ?? []), ...fleet.directories.map((d) => d.region)]);

  let longest: CriticalPath = { requests: 1, workspaces: 0 };
  for (const region of regions) {
    const directories = fleet.directories.filter((d) => d.region === region);
    const directoryPages = Math.max(1, Math.ceil(directories.length / PAGE_SIZE));
    let chain = 0;
    let directoryId: string | undefined;
    let workspaces = 0;
    for (const directory of directories) {
      const n = perDirectory.get(directory.directoryId) ?? 0;
      const length = Math.max(1, Math.ceil(n / PAGE_SIZE)) + (n > 0 ? 1 : 0);
      if (length > chain) {
        chain = length;
        directoryId = directory.directoryId;
        workspaces = n;
      }
    }
    const requests = 1 + directoryPages + chain;
    if (requests > longest.requests) longest = { requests, region, directoryId, workspaces };
  }
  return longest;
}

export function floorSeconds(fleet: FleetSpec, latencyMs: number): number {
  return (criticalPath(fleet).requests * latencyMs) / 1000;
}

/** A token bucket of WorkSpaces (local/workspaces-sim/rate-limits.ts): `rate` calls a second, `burst` at once. */
export interface BucketLimit {
  rate: number;
  burst: number;
}

/**
 * The throttled floor: what the buckets allow at best. Every account and region has a bucket per operation that
 * starts full, so its n-th DescribeWorkspaces cannot go before (n - burst) / rate seconds after the first, which
 * itself waits for DescribeRegions and the directory listing; the last page's connection status follows it. The same
 * holds for DescribeWorkspacesConnectionStatus, whose first call waits for a first page. The floor is the largest
 * of these bounds over every account and region, and never less than the unthrottled floor:
 *
 *   throttled_floor_s = max(floor_s, max over targets t of
 *                           2L + wait(pages(t)) + 2L,   3L + wait(statusCalls(t)) + L)
 *   wait(n) = max(0, n - burst) / rate
 */
export function throttledFloorSeconds(fleet: FleetSpec, latencyMs: number, limit: BucketLimit): number {
  const latency = latencyMs / 1000;
  const wait = (calls: number) => Math.max(0, calls - limit.burst) / limit.rate;
  const perDirectory = new Map<string, number>();
  for (const ws of fleet.workspaces) perDirectory.set(ws.directoryId, (perDirectory.get(ws.directoryId) ?? 0) + 1);
  const targets = new Map<string, { pages: number; statusCalls: number }>();
  for (const directory of fleet.directories) {
    const key = `${directory.accountId ?? ''}#${directory.region}`;
    const n = perDirectory.get(directory.directoryId) ?? 0;
    const target = targets.get(key) ?? { pages: 0, statusCalls: 0 };
    target.pages += Math.max(1, Math.ceil(n / PAGE_SIZE));
    target.statusCalls += Math.ceil(n / PAGE_SIZE);
    targets.set(key, target);
  }
  let floor = floorSeconds(fleet, latencyMs);
  for (const { pages, statusCalls } of targets.values()) {
    floor = Math.max(floor, 4 * latency + wait(pages), statusCalls ? 4 * latency + wait(statusCalls) : 0);
  }
  return floor;
}
