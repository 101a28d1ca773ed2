/**
 * Least privilege, checked against the code: for each Lambda entry point, esbuild follows its imports (tree-shaken,
 * packages left out) and every source file that reaches the bundle is read for the AWS SDK commands it builds
 * (`new XxxCommand(`, `paginateXxx(`, `fromTemporaryCredentials(`), each named by the package it is imported from.
 * The stack must grant no action the function's code cannot send, and each action the code can send but the
 * function never does is listed below with the reason it is not granted.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync, type Metafile } from 'esbuild';
import type { HandlerFunction } from '../../infra/lib/constructs/handler-function';
import { HANDLER_ENTRIES, type HandlerName } from '../../infra/lib/handlers';
import type { TableName } from '../../infra/lib/permissions';
import {
  actionsOf,
  buildStack,
  REPO_ROOT,
  resourcesOf,
  statementsOfRole,
  WITH_MEMBERS,
  WITH_TEAMS,
} from './stack-fixture';

/** The data modules, each the one place that talks to its table. */
const TABLE_OF_MODULE: Readonly<Record<string, TableName>> = {
  'core/data/workspace-cache.ts': 'workspaces',
  'core/data/links.ts': 'links',
  'core/data/signin-states.ts': 'signinStates',
  'core/data/audit.ts': 'audit',
  'core/data/idempotency.ts': 'idempotency',
  'core/data/sync-store.ts': 'sync',
  'core/data/schedules.ts': 'schedules',
  'core/data/owner-alerts.ts': 'alerts',
};

/** lib-dynamodb's document commands and the DynamoDB actions they are. */
const DOCUMENT_COMMANDS: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/** The IAM action of an SDK command, by the package it comes from; undefined for calls that need no permission. */
function iamAction(pkg: string, command: string): string | undefined {
  switch (pkg) {
    case '@aws-sdk/lib-dynamodb':
      return `dynamodb:${DOCUMENT_COMMANDS[command] ?? command}`;
    case '@aws-sdk/client-dynamodb':
      return `dynamodb:${command}`;
    case '@aws-sdk/client-lambda':
      return command === 'Invoke' ? 'lambda:InvokeFunction' : `lambda:${command}`;
    case '@aws-sdk/client-sts':
      // GetCallerIdentity needs no permission: IAM cannot deny it.
      return command === 'GetCallerIdentity' ? undefined : `sts:${command}`;
    default: {
      const service = /^@aws-sdk\/client-(.+)$/.exec(pkg)?.[1];
      if (!service) throw new Error(`${command} from ${pkg}: not an AWS SDK client package`);
      return `${service.replace(/-/g, '')}:${command}`;
    }
  }
}

/**
 * Identifier → package, for the AWS SDK packages of one source file: `import { A, B as C } from 'pkg'`,
 * `const { A } = await import('pkg')` and `import('pkg').then(({ A }) => ...)`.
 */
function sdkImports(source: string): Map<string, string> {
  const names = new Map<string, string>();
  const patterns: [RegExp, number, number][] = [
    [/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g, 1, 2],
    [/\{([^}]*)\}\s*=\s*await\s+import\(\s*'(@aws-sdk\/[^']+)'\s*\)/g, 1, 2],
    [/import\(\s*'(@aws-sdk\/[^']+)'\s*\)\s*\.then\(\s*\(\s*\{([^}]*)\}/g, 2, 1],
  ];
  for (const [pattern, list, pkg] of patterns) {
    for (const match of source.matchAll(pattern)) {
      for (const item of match[list]!.split(',')) {
        const [, local] = /(?:\w+\s+(?:as|:)\s*)?(\w+)\s*$/.exec(item.trim()) ?? [];
        if (local) names.set(local, match[pkg]!);
      }
    }
  }
  return names;
}

interface Call {
  file: string;
  action: string;
}

/** The calls each source file of the bundle can make. */
function callsIn(file: string): Call[] {
  const source = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const imports = sdkImports(source);
  const calls: Call[] = [];
  for (const match of source.matchAll(/\bnew\s+((\w+)Command)\s*\(|\b(paginate(\w+))\s*\(/g)) {
    const name = match[1] ?? match[3]!;
    const command = match[2] ?? match[4]!;
    const pkg = imports.get(name);
    if (!pkg) throw new Error(`${file}: ${name} is not imported from an AWS SDK package`);
    const action = iamAction(pkg, command);
    if (action) calls.push({ file, action });
  }
  // Member-account credentials: STS AssumeRole, made by the SDK's credential provider.
  if (/\bfromTemporaryCredentials\s*\(/.test(source)) calls.push({ file, action: 'sts:AssumeRole' });
  return calls;
}

/** "<action>" or, for DynamoDB, "<table> <action>": what the entry point's bundled code can send. */
function reachableCalls(entry: string): Set<string> {
  const { metafile } = buildSync({
    entryPoints: [path.join(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    write: false,
    metafile: true,
    outdir: 'out',
    logLevel: 'silent',
  });
  const meta = metafile as Metafile;
  const output = Object.values(meta.outputs)[0]!;
  const bundled = Object.entries(output.inputs)
    .filter(([file, { bytesInOutput }]) => bytesInOutput > 0 && !file.startsWith('node_modules/'))
    .map(([file]) => file);
  /** The tables a module's DynamoDB calls go to: its own, or those of the data modules that import it. */
  const tablesOf = (file: string): TableName[] => {
    const own = TABLE_OF_MODULE[file];
    if (own) return [own];
    return bundled
      .filter((importer) => TABLE_OF_MODULE[importer] && meta.inputs[importer]!.imports.some((i) => i.path === file))
      .map((importer) => TABLE_OF_MODULE[importer]!);
  };
  const out = new Set<string>();
  for (const file of bundled) {
    for (const { action } of callsIn(file)) {
      if (!action.startsWith('dynamodb:')) {
        out.add(action);
        continue;
      }
      const tables = tablesOf(file);
      if (!tables.length) throw new Error(`${file} sends ${action} to no table of TABLE_OF_MODULE: add it there`);
      for (const table of tables) out.add(`${table} ${action.slice('dynamodb:'.length)}`);
    }
  }
  return out;
}

const SNAPSHOTS = 'workspaces:DescribeWorkspaceSnapshots';
const ACTIONS = [
  'workspaces:RebootWorkspaces',
  'workspaces:StartWorkspaces',
  'workspaces:StopWorkspaces',
  'workspaces:RebuildWorkspaces',
  'workspaces:RestoreWorkspace',
  'workspaces:TerminateWorkspaces',
];
const SCANNER_CACHE_WRITES =
  "WorkspaceCache's scanner methods (scanAll, putNew, markMissing), in the module that also holds the reads";
const SYNC_WRITES = "SyncStore's scanner and reaper methods (lease, putRuns, putSummary, put), next to the reads";
const AUDIT_READS = 'AuditLog.forWorkspace and byActor: nothing calls them yet';
const GATEWAY_ACT = 'AwsWorkspacesGateway.act, in the class whose describe this function uses; only the worker acts';
const because = (reason: string, calls: string[]) => Object.fromEntries(calls.map((call) => [call, reason]));
/**
 * Calls the bundled code can make that the function never does, so the stack does not grant them: a module holds
 * every method of its table, the function uses some. Each line is checked to still be reachable and ungranted, so
 * a stale line fails the test as surely as a missing grant.
 */
const NOT_SENT: Readonly<Record<HandlerName, Readonly<Record<string, string>>>> = {
  // Neither chat entry point bundles the WorkSpaces cache: the hand-off and the Teams turn import the view modules
  // they use, and the sign-in hands its outcome to the worker.
  http: {},
  teams: {},
  worker: {
    ...because(AUDIT_READS, ['audit Query']),
    ...because('LinkStore.put: the sign-in makes links, in the chat function', ['links PutItem']),
    ...because('SigninStateStore.peek and consume: the sign-in routes, in the chat function', [
      'signinStates GetItem',
      'signinStates DeleteItem',
    ]),
    ...because(SCANNER_CACHE_WRITES, ['workspaces Scan', 'workspaces UpdateItem', 'workspaces BatchWriteItem']),
    ...because(SYNC_WRITES, ['sync BatchWriteItem']),
    ...because("OwnerAlertStore's scanner methods (subscribersOf, claimEpisode)", ['alerts Query']),
  },
  scanner: {
    ...because("OwnerAlertStore's chat methods (subscribe, unsubscribe, isSubscribed), in the worker", [
      'alerts GetItem',
      'alerts DeleteItem',
    ]),
    ...because('the scheduler gateway’s delete: the scanner only hands alerts over; the worker cancels', [
      'scheduler:DeleteSchedule',
    ]),
    ...because('LinkStore, in the module whose chatKey the owner alerts’ records are keyed by', [
      'links GetItem',
      'links PutItem',
      'links DeleteItem',
    ]),
    ...because(GATEWAY_ACT, [...ACTIONS, SNAPSHOTS]),
    ...because(
      "the reaper's dead-letter count, built by the shared syncDeps (sync/deps.ts); the scanner never reads it",
      ['sqs:GetQueueAttributes'],
    ),
    ...because('SyncStore.summary and get: read by the worker and the reaper; the scanner only writes', [
      'sync GetItem',
    ]),
    ...because("WorkspaceCache's reads and deletes for the worker and the reaper", [
      'workspaces GetItem',
      'workspaces BatchGetItem',
      'workspaces Query',
      'workspaces DeleteItem',
    ]),
  },
  reaper: {
    ...because(GATEWAY_ACT, [...ACTIONS, SNAPSHOTS]),
    ...because('the owner alerts, built by the shared syncDeps (sync/deps.ts); only the scanner sends them', [
      'alerts Query',
      'alerts PutItem',
      'alerts GetItem',
      'alerts DeleteItem',
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'links GetItem',
      'links PutItem',
      'links DeleteItem',
    ]),
    ...because(
      "the scanner's region discovery, built by the shared syncDeps (sync/deps.ts); the reaper never uses it",
      ['ec2:DescribeRegions'],
    ),
    ...because(SYNC_WRITES, ['sync DeleteItem', 'sync BatchWriteItem']),
    ...because("WorkspaceCache's methods for the scanner and the worker; the reaper lists missing and deletes", [
      'workspaces GetItem',
      'workspaces BatchGetItem',
      'workspaces PutItem',
      'workspaces UpdateItem',
      'workspaces Scan',
      'workspaces BatchWriteItem',
    ]),
  },
};

// With Teams configured, so the grants of the Teams secret are checked too. The test compares actions, not
// resources: secretsmanager:GetSecretValue is justified by any secret the function's code reads.
const built = buildStack({ ...WITH_MEMBERS, ...WITH_TEAMS });
/**
 * Granted for Lambda's own use of the role, not sent by the code: its logs, X-Ray segments, and the worker's
 * on-failure destination (Lambda sends the failed event to the dead-letter queue with the function's role).
 */
const LAMBDA_SERVICE_ACTIONS = /^(logs:|xray:)/;
const ON_FAILURE_DESTINATION = /^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$/;
/** Not a call of its own: CreateSchedule hands Scheduler its invoke role, which IAM checks as iam:PassRole. */
const PASSED_WITH_CREATE_SCHEDULE = /^iam:PassRole$/;

function fnName(fn: HandlerFunction): HandlerName {
  return (Object.keys(HANDLER_ENTRIES) as HandlerName[]).find((name) => built.stack[name] === fn)!;
}

/** What the stack grants a function, in the same words: "<action>" or "<table> <action>". */
function grantedCalls(fn: HandlerFunction): Set<string> {
  const { stack, template } = built;
  const tables = stack.tables.tables;
  const tableOf = (resource: unknown): string | undefined => {
    const text = JSON.stringify(resource);
    return (Object.keys(tables) as TableName[]).find((name) =>
      text.includes(
        JSON.stringify({ 'Fn::GetAtt': [stack.getLogicalId(tables[name].node.defaultChild as never), 'Arn'] }),
      ),
    );
  };
  const out = new Set<string>();
  const roleId = stack.getLogicalId(fn.role.node.defaultChild as never);
  for (const statement of statementsOfRole(template, roleId)) {
    for (const action of actionsOf(statement)) {
      if (LAMBDA_SERVICE_ACTIONS.test(action)) continue;
      if (fn === stack.worker && ON_FAILURE_DESTINATION.test(action)) continue;
      if (PASSED_WITH_CREATE_SCHEDULE.test(action) && reachable[fnName(fn)].has('scheduler:CreateSchedule')) continue;
      if (!action.startsWith('dynamodb:')) {
        out.add(action);
        continue;
      }
      for (const resource of resourcesOf(statement))
        out.add(`${tableOf(resource)} ${action.slice('dynamodb:'.length)}`);
    }
  }
  return out;
}

const functions = Object.keys(HANDLER_ENTRIES) as HandlerName[];
const reachable = Object.fromEntries(functions.map((fn) => [fn, reachableCalls(HANDLER_ENTRIES[fn])])) as Record<
  HandlerName,
  Set<string>
>;

describe('the grants, against the AWS SDK calls of each function', () => {
  it('finds the calls the code is known to make (the derivation itself works)', () => {
    expect([...reachable.scanner]).toEqual(
      expect.arrayContaining(['workspaces:DescribeWorkspaceDirectories', 'ec2:DescribeRegions', 'workspaces Scan']),
    );
    expect([...reachable.worker]).toEqual(expect.arrayContaining(['workspaces:RebootWorkspaces', 'audit PutItem']));
    expect([...reachable.http]).toEqual(expect.arrayContaining(['lambda:InvokeFunction', 'links GetItem']));
    expect([...reachable.teams]).toEqual(
      expect.arrayContaining(['lambda:InvokeFunction', 'secretsmanager:GetSecretValue']),
    );
  });

  it.each(functions)('%s: grants nothing its code cannot send', (fn) => {
    const granted = [...grantedCalls(built.stack[fn])];
    expect(granted.filter((call) => !reachable[fn].has(call)).sort()).toEqual([]);
  });

  it.each(functions)('%s: grants everything its code sends, but what NOT_SENT explains', (fn) => {
    const granted = grantedCalls(built.stack[fn]);
    const missing = [...reachable[fn]].filter((call) => !granted.has(call));
    expect(missing.sort()).toEqual(Object.keys(NOT_SENT[fn]).sort());
  });
});
