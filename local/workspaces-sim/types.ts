/** The simulator's data shapes: the fleet file, the fleet records and the knobs tests turn. */
import type { ConnectionState, RunningMode, WorkspaceState } from '../../core/workspace';
import type { RateLimit } from './rate-limits';

export type { RateLimit } from './rate-limits';

export type DirectoryType = 'AD_CONNECTOR' | 'SIMPLE_AD' | 'CUSTOMER_MANAGED';

/** A time in a fleet file: an ISO date, or a time relative to the simulator's start such as `-2h`, `-30m`, `-3d`. */
export type FleetTime = string;

export interface DirectorySpec {
  directoryId: string;
  region: string;
  /** Defaults to the home account. */
  accountId?: string;
  /** The directory's DNS name, for example corp.example.com. */
  name: string;
  alias?: string;
  registrationCode?: string;
  type?: DirectoryType;
}

export interface WorkspaceSpec {
  workspaceId: string;
  directoryId: string;
  /** The bare directory user name (alice), as WorkSpaces reports it. */
  userName: string;
  state?: WorkspaceState;
  runningMode?: RunningMode;
  bundleId?: string;
  computerName?: string;
  ipAddress?: string;
  lastUserConnection?: FleetTime;
  connectionState?: ConnectionState;
  /** When the WorkSpace entered its state; defaults to the simulator's start. */
  stateSince?: FleetTime;
  /** Stays in its state until an action or setState moves it (a stuck reboot, a hung start). */
  stuck?: boolean;
  computeType?: string;
}

/** The fleet file format, documented in docs/simulator.md. */
export interface FleetSpec {
  homeAccount?: string;
  /**
   * When present, the only accounts STS AssumeRole may enter (besides the home account and the directories'
   * accounts); others answer AccessDenied. When absent, any account may be entered.
   */
  accounts?: string[];
  /** What EC2 DescribeRegions answers; defaults to the directories' regions. */
  regions?: string[];
  directories: DirectorySpec[];
  workspaces: WorkspaceSpec[];
}

export interface SimDirectory {
  directoryId: string;
  region: string;
  accountId: string;
  name: string;
  alias: string;
  registrationCode: string;
  type: DirectoryType;
}

/** A WorkSpace as the simulator holds it. Times are epoch milliseconds on the simulator's clock. */
export interface SimWorkspace {
  workspaceId: string;
  directoryId: string;
  userName: string;
  region: string;
  accountId: string;
  state: WorkspaceState;
  runningMode: RunningMode;
  bundleId: string;
  computerName: string;
  ipAddress: string;
  subnetId: string;
  computeType: string;
  stateSince: number;
  stuck: boolean;
  lastUserConnection?: number;
  connectionState: ConnectionState;
  connectionStateCheckedAt: number;
}

/**
 * What addWorkspace takes: a fleet file's entry, with an id made up when none is given; its directory decides its
 * region and account.
 */
export type NewWorkspace = Omit<WorkspaceSpec, 'workspaceId'> & { workspaceId?: string };

export type NewDirectory = DirectorySpec;

export type OutageMode = 'down' | 'not-offered';

export interface ThrottleRule {
  count: number;
  /** An operation name (DescribeWorkspaces, DescribeRegions, AssumeRole...); without it, any WorkSpaces operation. */
  operation?: string;
  region?: string;
}

export interface InjectedFailure {
  errorCode: string;
  errorMessage: string;
}

export interface SimStats {
  total: number;
  byOperation: Record<string, number>;
  byRegion: Record<string, number>;
  /** operation -> region -> calls. */
  calls: Record<string, Record<string, number>>;
  /** Calls answered with a throttling error. */
  throttled: number;
  /** Calls refused because of setOutage. */
  outages: number;
  /** FailedRequests entries handed out by batch actions. */
  failedRequests: number;
  /** operation -> the callers' ARNs, in order (an assumed role's ARN names its session, as CloudTrail shows). */
  callers: Record<string, string[]>;
}

/** How long each transitional state lasts before it ends by itself, in milliseconds. */
export type TransitionDurations = Partial<Record<WorkspaceState, number>>;

export interface SimOptions {
  fleet?: FleetSpec | string;
  /** Account of the base (non-STS) credentials. Default 123456789012, or the fleet file's homeAccount. */
  homeAccount?: string;
  /** Access key ids that belong to other accounts than the home one. */
  accessKeys?: Record<string, string>;
  /** What EC2 DescribeRegions answers; overrides the fleet's list. */
  regions?: string[];
  latencyMs?: number;
  durations?: TransitionDurations;
  /** How long TERMINATED WorkSpaces stay visible before they vanish. */
  terminatedRetentionMs?: number;
  /** 'real' follows wall time (plus advance()); 'manual' moves only with advance(). Default 'real'. */
  clock?: 'real' | 'manual';
  /** Start of the simulated time; default now. */
  startTime?: number | string | Date;
  /** Token buckets per account, region and operation (see rate-limits.ts); none by default. */
  rateLimits?: RateLimit[];
  /** The wall clock the buckets refill on, in milliseconds; performance.now by default. */
  rateClock?: () => number;
}
