/** A deterministic fleet of any size for benchmarks: the same options and seed always give the same fleet. */
import type { RunningMode, WorkspaceState } from '../../core/workspace';
import { END_STATES, registrationCodeFor } from './fleet';
import type { DirectorySpec, FleetSpec, WorkspaceSpec } from './types';

/** Regions that offer WorkSpaces, in the order a count of regions takes them. */
export const WORKSPACES_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-2',
  'ca-central-1',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-south-1',
  'sa-east-1',
  'ap-northeast-2',
  'af-south-1',
  'il-central-1',
  'eu-west-3',
  'eu-north-1',
  'ap-northeast-3',
] as const;

export interface GenerateFleetOptions {
  workspaces: number;
  /** A list of regions, or how many of WORKSPACES_REGIONS to use. */
  regions: number | readonly string[];
  directoriesPerRegion: number;
  /** Distinct user names; default 90% of the WorkSpaces, so some users own several. */
  users?: number;
  seed?: number;
  /** The account that owns the fleet; default the simulator's home account. */
  accountId?: string;
  /** Several accounts instead, each with `directoriesPerRegion` directories in every region; overrides accountId. */
  accounts?: readonly string[];
}

/** Mostly healthy, some stopped, a few of everything else, weighted like a real fleet. */
const STATE_WEIGHTS: [WorkspaceState, number][] = [
  ['AVAILABLE', 600],
  ['STOPPED', 280],
  ['UNHEALTHY', 20],
  ['ERROR', 10],
  ['IMPAIRED', 10],
  ['REBOOTING', 10],
  ['STARTING', 10],
  ['STOPPING', 10],
  ['PENDING', 10],
  ['MAINTENANCE', 10],
  ['ADMIN_MAINTENANCE', 5],
  ['SUSPENDED', 5],
  ['REBUILDING', 5],
  ['RESTORING', 5],
];
const DOMAINS = ['corp', 'eng', 'sales', 'ops', 'lab', 'finance', 'support', 'design'];

export function generateFleet(options: GenerateFleetOptions): FleetSpec {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const token = (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  const regions =
    typeof options.regions === 'number' ? WORKSPACES_REGIONS.slice(0, options.regions) : [...options.regions];
  if (regions.length === 0) throw new Error('generateFleet: at least one region');
  if (options.directoriesPerRegion < 1) throw new Error('generateFleet: at least one directory per region');

  const directories: DirectorySpec[] = [];
  const directoryIds = new Set<string>();
  const accounts = options.accounts?.length ? options.accounts : [options.accountId];
  for (const accountId of accounts)
    for (const region of regions) {
      for (let d = 0; d < options.directoriesPerRegion; d++) {
        let directoryId: string;
        do directoryId = `d-${token('0123456789abcdef', 10)}`;
        while (directoryIds.has(directoryId));
        directoryIds.add(directoryId);
        const base = DOMAINS[d % DOMAINS.length]!;
        const name = `${d < DOMAINS.length ? base : `${base}${Math.floor(d / DOMAINS.length) + 1}`}.example.com`;
        directories.push({
          directoryId,
          region,
          accountId,
          name,
          alias: `${name.split('.')[0]}-${region}`,
          registrationCode: registrationCodeFor(region, random),
        });
      }
    }

  const users = Math.max(1, options.users ?? Math.ceil(options.workspaces * 0.9));
  const totalWeight = STATE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  const workspaceIds = new Set<string>();
  const workspaces: WorkspaceSpec[] = [];
  const bundles = ['wsb-clj85qzj1', 'wsb-8vbljg4r6', 'wsb-bh8rsxt14', 'wsb-gm4d5tx2v'];
  for (let i = 0; i < options.workspaces; i++) {
    // The first `users` WorkSpaces give every user one; the rest go to random users, who then own several.
    const user = i < users ? i : Math.floor(random() * users);
    const directory = directories[user % directories.length]!;
    let workspaceId: string;
    do workspaceId = `ws-${token('0123456789abcdefghijklmnopqrstuvwxyz', 9)}`;
    while (workspaceIds.has(workspaceId));
    workspaceIds.add(workspaceId);

    let roll = random() * totalWeight;
    let state: WorkspaceState = 'AVAILABLE';
    for (const [candidate, weight] of STATE_WEIGHTS) {
      roll -= weight;
      if (roll < 0) {
        state = candidate;
        break;
      }
    }
    const modeRoll = random();
    let runningMode: RunningMode = modeRoll < 0.6 ? 'AUTO_STOP' : modeRoll < 0.95 ? 'ALWAYS_ON' : 'MANUAL';
    // Only AUTO_STOP and MANUAL WorkSpaces can be stopped.
    if ((state === 'STOPPED' || state === 'STOPPING' || state === 'STARTING') && runningMode === 'ALWAYS_ON') {
      runningMode = 'AUTO_STOP';
    }
    const minutesAgo = Math.floor(random() * 60 * 24 * 30);
    workspaces.push({
      workspaceId,
      directoryId: directory.directoryId,
      userName: `user${String(user + 1).padStart(5, '0')}`,
      state,
      runningMode,
      bundleId: pick(bundles),
      computerName: `WSAMZN-${token('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 8)}`,
      ipAddress: `10.${regions.indexOf(directory.region)}.${Math.floor(random() * 256)}.${2 + Math.floor(random() * 250)}`,
      lastUserConnection: `-${minutesAgo}m`,
      // Transitions are recent, so they end on the clock rather than all at once on the first request.
      stateSince: END_STATES[state] ? `-${Math.floor(random() * 10)}s` : `-${Math.floor(random() * minutesAgo)}m`,
      connectionState: state === 'AVAILABLE' && random() < 0.4 ? 'CONNECTED' : 'DISCONNECTED',
    });
  }
  return { regions, directories, workspaces };
}

/** A small, fast, seedable PRNG (public domain), so generated fleets are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
