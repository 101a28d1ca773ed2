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
