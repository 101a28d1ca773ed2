import type { HandlerFunction } from '../../infra/lib/constructs/handler-function';
import { WORKSPACES_WRITE_ACTIONS } from '../../infra/lib/permissions';
import {
  actionsOf,
  allStatements,
  buildStack,
  MEMBER_ROLES,
  resources,
  resourcesOf,
  type Statement,
  statementsOfRole,
} from './stack-fixture';

const plain = buildStack();
const withMembers = buildStack({ accountRoleArns: MEMBER_ROLES });
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
];

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
      expect(granting.map(({ policy }) => policy)).toEqual([expect.stringMatching(/^WorkerRoleDefaultPolicy/)]);
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

  it('assumes exactly the configured member roles, from the scanner, the reaper and the worker', () => {
    const { stack } = withMembers;
    for (const fn of [stack.scanner, stack.reaper, stack.worker]) {
      const assume = withAction(roleStatements(withMembers, fn), 'sts:AssumeRole');
      expect(assume.flatMap(resourcesOf).sort()).toEqual([...MEMBER_ROLES].sort());
    }
    expect(withAction(roleStatements(withMembers, stack.http), 'sts:AssumeRole')).toEqual([]);
  });

  it("grants DynamoDB only on the stack's own tables and their indexes, each function what its code uses", () => {
    const { stack } = plain;
    const { tables } = stack.tables;
    const tableIds = Object.fromEntries(Object.entries(tables).map(([name, table]) => [idOf(plain, table), name]));
    /** table name -> 'rw' | 'r' | 'w', from the DynamoDB statements of a role. */
    const access = (fn: HandlerFunction) => {
      const out: Record<string, Set<string>> = {};
      for (const statement of roleStatements(plain, fn)) {
        const actions = actionsOf(statement).filter((a) => a.startsWith('dynamodb:'));
        if (!actions.length) continue;
        for (const resource of resourcesOf(statement)) {
          const text = json(resource);
          const match = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/.exec(text);
          expect(match).not.toBeNull();
          const table = tableIds[match![1]!];
          expect(table).toBeDefined();
          // Either the table itself or its indexes, nothing else.
          expect(text === json({ 'Fn::GetAtt': [match![1], 'Arn'] }) || text.endsWith('"/index/*"]]}')).toBe(true);
          out[table!] ??= new Set();
          if (actions.includes('dynamodb:GetItem')) out[table!]!.add('r');
          if (actions.includes('dynamodb:PutItem')) out[table!]!.add('w');
        }
      }
      return Object.fromEntries(Object.entries(out).map(([table, modes]) => [table, [...modes].sort().join('')]));
    };
    // The chat function verifies, hands off and serves the sign-in; the worker runs the conversation.
    expect(access(stack.http)).toEqual({ links: 'rw', signinStates: 'rw' });
    expect(access(stack.worker)).toEqual({
      links: 'rw',
      signinStates: 'w',
      sync: 'r',
      workspaces: 'rw',
      idempotency: 'rw',
      audit: 'w',
    });
    expect(access(stack.scanner)).toEqual({ workspaces: 'rw', sync: 'rw' });
    expect(access(stack.reaper)).toEqual({ workspaces: 'rw', sync: 'rw' });
  });

  it('lets only the http function invoke the worker, and the schedules only their own function', () => {
    const { stack } = plain;
    const workerArn = { 'Fn::GetAtt': [idOf(plain, stack.worker.fn), 'Arn'] };
    const invoking = allStatements(plain.template).filter(({ statement }) =>
      actionsOf(statement).includes('lambda:InvokeFunction'),
    );
    const ofWorker = invoking.filter(({ statement }) => json(resourcesOf(statement)).includes(json(workerArn)));
    expect(ofWorker.map(({ policy }) => policy)).toEqual([expect.stringMatching(/^HttpRole/)]);
    expect(resourcesOf(ofWorker[0]!.statement)).toEqual([workerArn]);
    for (const { policy, statement } of invoking) {
      if (policy.startsWith('HttpRole')) continue;
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

  it('gives each function a role of its own, without managed policies, writing only to its own log group', () => {
    const { stack, template } = plain;
    for (const fn of [stack.http, stack.worker, stack.scanner, stack.reaper]) {
      const role = resources(template, 'AWS::IAM::Role')[idOf(plain, fn.role)]!;
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      expect(json(role.Properties?.AssumeRolePolicyDocument)).toContain('lambda.amazonaws.com');
      const logs = roleStatements(plain, fn).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs).toHaveLength(1);
      expect(actionsOf(logs[0]!).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(resourcesOf(logs[0]!)).toEqual([{ 'Fn::GetAtt': [idOf(plain, fn.logGroup), 'Arn'] }]);
    }
  });
});
