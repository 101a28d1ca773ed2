import { TABLES } from '../../core/data/tables';
import type { HandlerFunction } from '../../infra/lib/constructs/handler-function';
import { TABLE_ACCESS, type TableName, WORKSPACES_WRITE_ACTIONS } from '../../infra/lib/permissions';
import {
  actionsOf,
  allStatements,
  buildStack,
  MEMBER_ACCOUNTS,
  memberRoleArnJson,
  resources,
  resourcesOf,
  type Statement,
  statementsOfRole,
  WITH_MEMBERS,
  WITH_TEAMS,
} from './stack-fixture';

const plain = buildStack();
const withMembers = buildStack(WITH_MEMBERS);
type Built = typeof plain;

const idOf = (built: Built, construct: { node: { defaultChild?: unknown } }) =>
  built.stack.getLogicalId(construct.node.defaultChild as never);
const roleStatements = (built: Built, fn: HandlerFunction) => statementsOfRole(built.template, idOf(built, fn.role));
const withAction = (statements: Statement[], action: string) =>
  statements.filter((statement) => actionsOf(statement).includes(action));
const json = (value: unknown) => JSON.stringify(value);

const READS_ON_ANY_RESOURCE = [
  'workspaces:DescribeWorkspaces',
  'workspaces:DescribeWorkspaceDirectories',
  'workspaces:DescribeWorkspacesConnectionStatus',
  'ec2:DescribeRegions',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('IAM: least privilege', () => {
  it('has no wildcard action in any policy', () => {
    for (const built of [plain, withMembers]) {
      expect(allStatements(built.template).length).toBeGreaterThan(20);
      for (const { policy, statement } of allStatements(built.template)) {
        for (const action of actionsOf(statement))
          expect([policy, action]).toEqual([policy, expect.not.stringContaining('*')]);
        expect(statement.Effect).toBe('Allow');
      }
    }
  });

  it('grants nothing on "*" but the WorkSpaces and EC2 reads the APIs only grant that way', () => {
    for (const { statement } of allStatements(plain.template)) {
      if (resourcesOf(statement).includes('*')) {
        expect(resourcesOf(statement)).toEqual(['*']);
        for (const action of actionsOf(statement)) expect(READS_ON_ANY_RESOURCE).toContain(action);
      }
    }
  });

  it('gives each function only the WorkSpaces calls its code makes', () => {
    const { stack } = plain;
    const describe = (fn: HandlerFunction) =>
      roleStatements(plain, fn)
        .filter((s) => resourcesOf(s).includes('*'))
        .flatMap(actionsOf)
        .filter((action) => !XRAY.includes(action))
        .sort();
    expect(describe(stack.scanner)).toEqual([
      'ec2:DescribeRegions',
      'workspaces:DescribeWorkspaceDirectories',
      'workspaces:DescribeWorkspaces',
      'workspaces:DescribeWorkspacesConnectionStatus',
    ]);
    expect(describe(stack.reaper)).toEqual(['workspaces:DescribeWorkspaces']);
    expect(describe(stack.worker)).toEqual(['workspaces:DescribeWorkspaces']);
    expect(describe(stack.http)).toEqual([]);
    expect(describe(stack.teams)).toEqual([]);
    // With REGIONLIST fixed, nothing discovers regions.
    const fixed = buildStack({ regionList: ['us-east-1'] });
    expect(
      allStatements(fixed.template).filter(({ statement }) => actionsOf(statement).includes('ec2:DescribeRegions')),
    ).toEqual([]);
  });

  it("allows the WorkSpaces actions to the worker alone, on this account's WorkSpaces only", () => {
    const workspaceArns = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:*:', { Ref: 'AWS::AccountId' }, ':workspace/*'],
      ],
    };
    for (const action of WORKSPACES_WRITE_ACTIONS) {
      const granting = allStatements(plain.template).filter(({ statement }) => actionsOf(statement).includes(action));
      expect(granting.map(({ policy }) => policy)).toEqual([expect.stringMatching(/^WorkerActOnWorkspacesPolicy/)]);
      expect(resourcesOf(granting[0]!.statement)).toEqual([workspaceArns]);
    }
    // Restated from the WorkSpaces API on purpose: the grant must cover exactly these calls.
    expect([...WORKSPACES_WRITE_ACTIONS].sort()).toEqual([
      'workspaces:RebootWorkspaces',
      'workspaces:RebuildWorkspaces',
      'workspaces:RestoreWorkspace',
      'workspaces:StartWorkspaces',
      'workspaces:StopWorkspaces',
      'workspaces:TerminateWorkspaces',
    ]);
  });

  it('assumes no role at all when there are no member accounts', () => {
    expect(
      allStatements(plain.template).filter(({ statement }) => actionsOf(statement).includes('sts:AssumeRole')),
    ).toEqual([]);
  });

  it('assumes the member read role from the scanner and the reaper, the action role from the worker alone', () => {
    const { stack } = withMembers;
    const assumed = (fn: HandlerFunction) =>
      withAction(roleStatements(withMembers, fn), 'sts:AssumeRole').flatMap(resourcesOf).map(json).sort();
    const arns = (role: 'read' | 'act') => MEMBER_ACCOUNTS.map((id) => json(memberRoleArnJson(id, role))).sort();
    expect(assumed(stack.scanner)).toEqual(arns('read'));
    expect(assumed(stack.reaper)).toEqual(arns('read'));
    expect(assumed(stack.worker)).toEqual(arns('act'));
    expect(assumed(stack.http)).toEqual([]);
    expect(assumed(stack.teams)).toEqual([]);
  });

  it('gives each function exactly the DynamoDB calls of TABLE_ACCESS, on its tables, and Query on their indexes', () => {
    const { stack } = plain;
    const { tables } = stack.tables;
    const names = Object.keys(tables) as TableName[];
    const tableArn = (name: TableName) => ({ 'Fn::GetAtt': [idOf(plain, tables[name]), 'Arn'] });
    const indexArn = (name: TableName, index: string) => ({ 'Fn::Join': ['', [tableArn(name), `/index/${index}`]] });
    /** "<table> <action>" or "<table>/index/<index> <action>" for every DynamoDB grant of a role. */
    const grants = (fn: HandlerFunction) =>
      roleStatements(plain, fn).flatMap((statement) =>
        actionsOf(statement)
          .filter((action) => action.startsWith('dynamodb:'))
          .flatMap((action) =>
            resourcesOf(statement).map((resource) => {
              for (const name of names) {
                if (json(resource) === json(tableArn(name))) return `${name} ${action}`;
                for (const index of TABLES[name].indexes) {
                  if (json(resource) === json(indexArn(name, index.name)))
                    return `${name}/index/${index.name} ${action}`;
                }
              }
              return `not a table of the stack: ${json(resource)} ${action}`;
            }),
          ),
      );
    expect(Object.keys(TABLE_ACCESS).sort()).toEqual(Object.keys(stack.functions).sort());
    // The Teams function only verifies and hands off: not one table.
    expect(grants(stack.teams)).toEqual([]);
    for (const fn of Object.keys(TABLE_ACCESS) as (keyof typeof TABLE_ACCESS)[]) {
      const expected = Object.entries(TABLE_ACCESS[fn]).flatMap(([name, actions]) => [
        ...actions.map((action) => `${name} dynamodb:${action}`),
        ...(actions.includes('Query')
          ? TABLES[name as TableName].indexes.map((index) => `${name}/index/${index.name} dynamodb:Query`)
          : []),
      ]);
      expect([fn, grants(stack[fn]).sort()]).toEqual([fn, expected.sort()]);
    }
  });

  it('keeps the audit trail append-only and gives the internet-facing chat and Teams functions no Scan', () => {
    const { stack } = plain;
    const auditArn = json({ 'Fn::GetAtt': [idOf(plain, stack.tables.tables.audit), 'Arn'] });
    let auditGrants = 0;
    for (const { policy, statement } of allStatements(plain.template)) {
      if (!json(resourcesOf(statement)).includes(auditArn)) continue;
      auditGrants += 1;
      for (const action of actionsOf(statement)) {
        expect([policy, action]).toEqual([policy, expect.stringMatching(/^dynamodb:(PutItem|Query)$/)]);
      }
    }
    expect(auditGrants).toBeGreaterThan(0);
    for (const fn of [stack.http, stack.teams]) {
      expect(
        roleStatements(plain, fn)
          .flatMap(actionsOf)
          .filter((a) => a === 'dynamodb:Scan'),
      ).toEqual([]);
    }
  });

  it('lets only the chat and Teams functions invoke the worker, and the schedules only their own function', () => {
    const { stack } = plain;
    const workerArn = { 'Fn::GetAtt': [idOf(plain, stack.worker.fn), 'Arn'] };
    const invoking = allStatements(plain.template).filter(({ statement }) =>
      actionsOf(statement).includes('lambda:InvokeFunction'),
    );
    const ofWorker = invoking.filter(({ statement }) => json(resourcesOf(statement)).includes(json(workerArn)));
    expect(ofWorker.map(({ policy }) => policy).sort()).toEqual([
      expect.stringMatching(/^HttpRole/),
      expect.stringMatching(/^TeamsRole/),
    ]);
    for (const { statement } of ofWorker) expect(resourcesOf(statement)).toEqual([workerArn]);
    // Nothing public but the API's routes: every permission on a function is API Gateway's, per route, on the
    // function that route goes to (Teams' endpoint to the Teams function, the rest to the chat function).
    const permissions = Object.values(resources(plain.template, 'AWS::Lambda::Permission')).map((p) => p.Properties!);
    const arnOf = (fn: HandlerFunction) => json({ 'Fn::GetAtt': [idOf(plain, fn.fn), 'Arn'] });
    for (const permission of permissions) {
      expect(permission).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    }
    expect(permissions.map((p) => json(p.FunctionName)).sort()).toEqual(
      [arnOf(stack.http), arnOf(stack.http), arnOf(stack.http), arnOf(stack.teams)].sort(),
    );
    for (const { policy, statement } of invoking) {
      if (/^(Http|Teams)Role/.test(policy)) continue;
      // People's schedules invoke the worker by its ARN, formed from its fixed name (test/infra/schedules.test.ts).
      if (policy.startsWith('SchedulesInvokeRole')) {
        expect(json(resourcesOf(statement))).toContain(`function:${stack.stackName}-worker`);
        continue;
      }
      expect(policy).toMatch(/^SchedulerRoleForTarget/);
      const targets = json(resourcesOf(statement));
      expect([stack.scanner, stack.reaper].filter((fn) => targets.includes(json(idOf(plain, fn.fn))))).toHaveLength(1);
    }
  });

  it('reads the Slack secret with GetSecretValue only, on that secret only, from http, worker and reaper', () => {
    const { stack } = plain;
    const secret = { Ref: idOf(plain, stack.slackSecret) };
    const reading = allStatements(plain.template).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(reading.map(({ policy }) => policy.replace(/DefaultPolicy.*/, '')).sort()).toEqual([
      'HttpRole',
      'ReaperRole',
      'WorkerRole',
    ]);
    for (const { statement } of reading) {
      expect(actionsOf(statement)).toEqual(['secretsmanager:GetSecretValue']);
      expect(resourcesOf(statement)).toEqual([secret]);
    }
  });

  it('reads the Teams secret with GetSecretValue only, from teams, worker and reaper, and only once Teams is configured', () => {
    const withTeams = buildStack(WITH_TEAMS);
    const teamsSecret = (built: Built) => json({ Ref: idOf(built, built.stack.teamsSecret) });
    const reading = (built: Built) =>
      allStatements(built.template).filter(({ statement }) =>
        json(resourcesOf(statement)).includes(teamsSecret(built)),
      );
    expect(reading(plain)).toEqual([]);
    expect(
      reading(withTeams)
        .map(({ policy }) => policy.replace(/DefaultPolicy.*/, ''))
        .sort(),
    ).toEqual(['ReaperRole', 'TeamsRole', 'WorkerRole']);
    // CDK merges it with the Slack secret's statement: the same action, on the two secrets and nothing else.
    const secrets = [withTeams.stack.teamsSecret, withTeams.stack.slackSecret].map((s) => ({
      Ref: idOf(withTeams, s),
    }));
    for (const { statement } of reading(withTeams)) {
      expect(actionsOf(statement)).toEqual(['secretsmanager:GetSecretValue']);
      expect(resourcesOf(statement)).toEqual(expect.arrayContaining([secrets[0]]));
      expect(resourcesOf(statement).every((r) => secrets.some((secret) => json(secret) === json(r)))).toBe(true);
    }
    // Each chat entry point reads its own platform's secret only.
    const secretsOf = (fn: HandlerFunction) =>
      roleStatements(withTeams, fn)
        .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
        .flatMap(resourcesOf)
        .map(json);
    expect(secretsOf(withTeams.stack.teams)).toEqual([json(secrets[0])]);
    expect(secretsOf(withTeams.stack.http)).toEqual([json(secrets[1])]);
  });

  it('gives each function a role of its own, without managed policies, writing only to its own log group', () => {
    const { stack, template } = plain;
    for (const fn of Object.values(stack.functions)) {
      const role = resources(template, 'AWS::IAM::Role')[idOf(plain, fn.role)]!;
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      expect(json(role.Properties?.AssumeRolePolicyDocument)).toContain('lambda.amazonaws.com');
      const logs = roleStatements(plain, fn).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(
        roleStatements(plain, fn)
          .filter((s) => json(resourcesOf(s)) === '["*"]')
          .flatMap(actionsOf),
      ).toEqual(expect.arrayContaining(XRAY));
      expect(logs).toHaveLength(1);
      expect(actionsOf(logs[0]!).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(resourcesOf(logs[0]!)).toEqual([{ 'Fn::GetAtt': [idOf(plain, fn.logGroup), 'Arn'] }]);
    }
  });
});
