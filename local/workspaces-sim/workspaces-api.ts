/** The WorkSpaces JSON 1.1 operations: request checks as the API makes them, responses in the API's shapes. */
import { createHash } from 'node:crypto';
import { ACTION_RULES, type Action } from '../../core/rules';
import { FAILURE_CODES, NOT_FOUND_MESSAGE, refusal } from './actions';
import { ApiError, invalidParameter, validationError } from './errors';
import type { WorkspaceFilter } from './fleet';
import type { Caller, WorkspacesSim } from './sim';
import type { SimDirectory, SimWorkspace } from './types';

export interface CallContext {
  sim: WorkspacesSim;
  caller: Caller;
  region: string;
}

type Input = Record<string, unknown>;
type Handler = (input: Input, ctx: CallContext) => unknown;

const PAGE_MAX = 25;

const BATCH_OPERATIONS: Record<string, { action: Action; list: string }> = {
  RebootWorkspaces: { action: 'reboot', list: 'RebootWorkspaceRequests' },
  StartWorkspaces: { action: 'start', list: 'StartWorkspaceRequests' },
  StopWorkspaces: { action: 'stop', list: 'StopWorkspaceRequests' },
  RebuildWorkspaces: { action: 'rebuild', list: 'RebuildWorkspaceRequests' },
  TerminateWorkspaces: { action: 'terminate', list: 'TerminateWorkspaceRequests' },
};

const HANDLERS: Record<string, Handler> = {
  DescribeWorkspaces: describeWorkspaces,
  DescribeWorkspacesConnectionStatus: describeConnectionStatus,
  DescribeWorkspaceDirectories: describeDirectories,
  RestoreWorkspace: restoreWorkspace,
  DescribeWorkspaceSnapshots: describeSnapshots,
  ...Object.fromEntries(
    Object.entries(BATCH_OPERATIONS).map(([operation, { action, list }]) => [
      operation,
      (input: Input, ctx: CallContext) => batchAction(input, ctx, action, list),
    ]),
  ),
};

export function isWorkspacesOperation(operation: string): boolean {
  return operation in HANDLERS;
}

export function handleWorkspacesCall(operation: string, input: Input, ctx: CallContext): unknown {
  const handler = HANDLERS[operation];
  if (!handler) throw new ApiError('UnknownOperationException', `The simulator does not implement ${operation}.`);
  return handler(input, ctx);
}

function describeWorkspaces(input: Input, ctx: CallContext): unknown {
  const ids = stringList(input, 'WorkspaceIds', 1, 25);
  const directoryId = optionalString(input, 'DirectoryId');
  const userName = optionalString(input, 'UserName');
  const bundleId = optionalString(input, 'BundleId');
  const workspaceName = optionalString(input, 'WorkspaceName');
  const limit = pageLimit(input);
  if (userName !== undefined && directoryId === undefined) {
    throw invalidParameter('The UserName parameter can only be used together with DirectoryId.');
  }
  const kinds = [ids, directoryId, bundleId, workspaceName].filter((v) => v !== undefined).length;
  if (kinds > 1) {
    throw invalidParameter(
      'Only one filter can be specified at a time: WorkspaceIds, DirectoryId (optionally with UserName), BundleId or WorkspaceName.',
    );
  }
  // The simulator has no user-decoupled WorkSpaces, so a WorkspaceName matches nothing.
  if (workspaceName !== undefined) return { Workspaces: [] };
  const filter: WorkspaceFilter = ids
    ? { kind: 'ids', ids }
    : directoryId !== undefined && userName !== undefined
      ? { kind: 'user', directoryId, userName }
      : directoryId !== undefined
        ? { kind: 'directory', directoryId }
        : bundleId !== undefined
          ? { kind: 'bundle', bundleId }
          : { kind: 'all' };
  const scope = tokenScope(ctx, 'DescribeWorkspaces', filter);
  const after = readToken(input, scope);
  const page = ctx.sim.fleet.pageWorkspaces(ctx.caller.accountId, ctx.region, filter, after, limit);
  return {
    Workspaces: page.items.map((ws) => workspaceShape(ws)),
    NextToken: page.nextAfter === undefined ? undefined : writeToken(scope, page.nextAfter),
  };
}

function describeConnectionStatus(input: Input, ctx: CallContext): unknown {
  const ids = stringList(input, 'WorkspaceIds', 1, 25);
  const filter: WorkspaceFilter = ids ? { kind: 'ids', ids } : { kind: 'all' };
  const scope = tokenScope(ctx, 'DescribeWorkspacesConnectionStatus', filter);
  const after = readToken(input, scope);
  const page = ctx.sim.fleet.pageWorkspaces(ctx.caller.accountId, ctx.region, filter, after, PAGE_MAX);
  const now = ctx.sim.now();
  return {
    WorkspacesConnectionStatus: page.items.map((ws) => ({
      WorkspaceId: ws.workspaceId,
      ConnectionState: ws.connectionState,
      ConnectionStateCheckTimestamp: seconds(Math.max(ws.connectionStateCheckedAt, now - 60_000)),
      LastKnownUserConnectionTimestamp:
        ws.lastUserConnection === undefined ? undefined : seconds(ws.lastUserConnection),
    })),
    NextToken: page.nextAfter === undefined ? undefined : writeToken(scope, page.nextAfter),
  };
}

function describeDirectories(input: Input, ctx: CallContext): unknown {
  const ids = stringList(input, 'DirectoryIds', 1, 25);
  const names = stringList(input, 'WorkspaceDirectoryNames', 1, 25);
  const limit = pageLimit(input);
  const key = JSON.stringify({ ids: ids ?? null, names: names ?? null });
  const scope = tokenScope(ctx, 'DescribeWorkspaceDirectories', key);
  const after = readToken(input, scope);
  const page = ctx.sim.fleet.pageDirectories(ctx.caller.accountId, ctx.region, { ids, names }, after, limit);
  return {
    Directories: page.items.map(directoryShape),
    NextToken: page.nextAfter === undefined ? undefined : writeToken(scope, page.nextAfter),
  };
}

function batchAction(input: Input, ctx: CallContext, action: Action, list: string): unknown {
  const max = ACTION_RULES[action].batchSize;
  const requests = input[list];
  const member = lowerFirst(list);
  if (requests === undefined || requests === null) {
    throw validationError('null', member, 'Member must not be null');
  }
  if (!Array.isArray(requests)) throw new ApiError('SerializationException', `${list} must be a list`);
  if (requests.length < 1) throw validationError('[]', member, 'Member must have length greater than or equal to 1');
  if (requests.length > max) {
    throw validationError(
      `[${requests.length} requests]`,
      member,
      `Member must have length less than or equal to ${max}`,
    );
  }
  // The whole request is checked before any WorkSpace is touched, as the API does.
  const ids = requests.map((request, i) => {
    const workspaceId = (request as Input | null)?.WorkspaceId;
    if (typeof workspaceId !== 'string') {
      throw validationError('null', `${member}.${i + 1}.member.workspaceId`, 'Member must not be null');
    }
    return workspaceId;
  });
  const failed: { WorkspaceId: string; ErrorCode: string; ErrorMessage: string }[] = [];
  for (const workspaceId of ids) {
    const failure = decide(ctx, workspaceId, action);
    if (failure)
      failed.push({ WorkspaceId: workspaceId, ErrorCode: failure.errorCode, ErrorMessage: failure.errorMessage });
  }
  ctx.sim.recordFailedRequests(failed.length);
  return { FailedRequests: failed };
}

function restoreWorkspace(input: Input, ctx: CallContext): unknown {
  const workspaceId = input.WorkspaceId;
  if (typeof workspaceId !== 'string') throw validationError('null', 'workspaceId', 'Member must not be null');
  const failure = decide(ctx, workspaceId, 'restore');
  if (!failure) return {};
  if (failure.errorCode === FAILURE_CODES.notFound) {
    throw new ApiError('ResourceNotFoundException', failure.errorMessage, 400, { ResourceId: workspaceId });
  }
  if (failure.errorCode === FAILURE_CODES.state) {
    throw new ApiError('InvalidResourceStateException', failure.errorMessage);
  }
  // An injected failure becomes the exception of that name (ErrorCode "ResourceUnavailable" -> ...Exception).
  const code = failure.errorCode.endsWith('Exception') ? failure.errorCode : `${failure.errorCode}Exception`;
  throw new ApiError(code, failure.errorMessage);
}

/** The snapshots a restore (root and user volumes) and a rebuild (user volume) would return to, newest first. */
function describeSnapshots(input: Input, ctx: CallContext): unknown {
  const workspaceId = input.WorkspaceId;
  if (typeof workspaceId !== 'string') throw validationError('null', 'workspaceId', 'Member must not be null');
  const ws = ctx.sim.fleet.find(ctx.caller.accountId, ctx.region, workspaceId);
  if (!ws) throw new ApiError('ResourceNotFoundException', NOT_FOUND_MESSAGE, 400, { ResourceId: workspaceId });
  const { restore, rebuild } = ctx.sim.snapshotsOf(workspaceId);
  // Times in epoch seconds, as the JSON protocol carries timestamps.
  const list = (times: readonly number[]) => times.map((at) => ({ SnapshotTime: at / 1000 }));
  return { RestoreSnapshots: list(restore), RebuildSnapshots: list(rebuild) };
}

/** Accepts the action (moving the WorkSpace on) or says why not. */
function decide(ctx: CallContext, workspaceId: string, action: Action) {
  const injected = ctx.sim.takeFailure(workspaceId);
  if (injected) return injected;
  const ws = ctx.sim.fleet.find(ctx.caller.accountId, ctx.region, workspaceId);
  if (!ws) return { errorCode: FAILURE_CODES.notFound, errorMessage: NOT_FOUND_MESSAGE };
  const refused = refusal(ws, action, ctx.sim.now());
  if (refused) return refused;
  ctx.sim.fleet.accept(ws, action);
  return undefined;
}

function workspaceShape(ws: SimWorkspace): Record<string, unknown> {
  return {
    WorkspaceId: ws.workspaceId,
    DirectoryId: ws.directoryId,
    UserName: ws.userName,
    IpAddress: ws.ipAddress,
    State: ws.state,
    BundleId: ws.bundleId,
    SubnetId: ws.subnetId,
    ComputerName: ws.computerName,
    UserVolumeEncryptionEnabled: false,
    RootVolumeEncryptionEnabled: false,
    WorkspaceProperties: {
      RunningMode: ws.runningMode,
      ...(ws.runningMode === 'AUTO_STOP' ? { RunningModeAutoStopTimeoutInMinutes: 60 } : {}),
      RootVolumeSizeGib: 80,
      UserVolumeSizeGib: 50,
      ComputeTypeName: ws.computeType,
      Protocols: ['WSP'],
      OperatingSystemName: 'WINDOWS_SERVER_2022',
    },
    ModificationStates: [],
    ...(ws.state === 'ERROR'
      ? { ErrorCode: 'InternalError', ErrorMessage: 'The WorkSpace encountered an internal error.' }
      : {}),
  };
}

function directoryShape(d: SimDirectory): Record<string, unknown> {
  return {
    DirectoryId: d.directoryId,
    Alias: d.alias,
    DirectoryName: d.name,
    RegistrationCode: d.registrationCode,
    DirectoryType: d.type,
    State: 'REGISTERED',
    SubnetIds: [`subnet-${d.directoryId.slice(2, 10)}a`, `subnet-${d.directoryId.slice(2, 10)}b`],
    DnsIpAddresses: ['10.0.0.10', '10.0.1.10'],
    CustomerUserName: 'Administrator',
    WorkspaceSecurityGroupId: `sg-${d.directoryId.slice(2, 10)}0a1b2c3d`,
    Tenancy: 'SHARED',
    WorkspaceType: 'PERSONAL',
    UserIdentityType: 'CUSTOMER_MANAGED',
    WorkspaceCreationProperties: { EnableInternetAccess: false, UserEnabledAsLocalAdministrator: false },
    WorkspaceAccessProperties: { DeviceTypeWindows: 'ALLOW', DeviceTypeOsx: 'ALLOW', DeviceTypeWeb: 'DENY' },
    SelfservicePermissions: {
      RestartWorkspace: 'ENABLED',
      IncreaseVolumeSize: 'DISABLED',
      ChangeComputeType: 'DISABLED',
      SwitchRunningMode: 'DISABLED',
      RebuildWorkspace: 'DISABLED',
    },
  };
}

// --- request checks ----------------------------------------------------------------------------------------------

function stringList(input: Input, name: string, min: number, max: number): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ApiError('SerializationException', `${name} must be a list of strings`);
  }
  const shown = `[${value.join(', ')}]`;
  if (value.length < min) {
    throw validationError(shown, lowerFirst(name), `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw validationError(shown, lowerFirst(name), `Member must have length less than or equal to ${max}`);
  }
  return value;
}

function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError('SerializationException', `${name} must be a string`);
  return value;
}

function pageLimit(input: Input): number {
  const value = input.Limit;
  if (value === undefined || value === null) return PAGE_MAX;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ApiError('SerializationException', 'Limit must be an integer');
  }
  if (value < 1) throw validationError(String(value), 'limit', 'Member must have value greater than or equal to 1');
  if (value > PAGE_MAX) {
    throw validationError(String(value), 'limit', `Member must have value less than or equal to ${PAGE_MAX}`);
  }
  return value;
}

// --- NextToken: opaque to callers, bound to the operation, caller's partition and filter that issued it ---------

function tokenScope(ctx: CallContext, operation: string, filter: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, ctx.caller.accountId, ctx.region, filter]))
    .digest('base64url')
    .slice(0, 16);
}

function writeToken(scope: string, after: string): string {
  return Buffer.from(JSON.stringify({ s: scope, a: after })).toString('base64url');
}

function readToken(input: Input, scope: string): string | undefined {
  const token = input.NextToken;
  if (token === undefined || token === null) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      s?: unknown;
      a?: unknown;
    };
    if (decoded.s === scope && typeof decoded.a === 'string') return decoded.a;
  } catch {
    // Falls through to the same error as a token from another request.
  }
  throw invalidParameter('The NextToken is not valid for this request.');
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function lowerFirst(name: string): string {
  return name[0]!.toLowerCase() + name.slice(1);
}
