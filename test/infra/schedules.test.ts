/** People's one-time schedules in the stack: the group, Scheduler's role, the worker's grants, the DLQ and its alarm. */
import { Match } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../core/config';
import { actionsOf, allStatements, buildStack, resources, resourcesOf, statementsOfRole } from './stack-fixture';

const { stack, template } = buildStack();
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const json = (value: unknown) => JSON.stringify(stack.resolve(value));
const workerEnv = () =>
  (
    template.findResources('AWS::Lambda::Function')[id(stack.worker.fn)]!.Properties as {
      Environment: { Variables: Record<string, unknown> };
    }
  ).Environment.Variables;

describe('schedules in the stack', () => {
  it('has the deployment’s own schedule group, named for the stack', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: stack.stackName });
    expect(workerEnv().SCHEDULE_GROUP).toBe(stack.stackName);
  });

  it('gives Scheduler a role only scheduler.amazonaws.com may assume, for this account only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Description: Match.stringLikeRegexp('one-time schedules'),
    });
  });

  it('lets that role invoke the worker and nothing else, and send to its dead-letter queue only', () => {
    const statements = statementsOfRole(template, id(stack.schedules.role));
    const actions = statements.flatMap(actionsOf).sort();
    expect(actions).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    const invoke = statements.find((s) => actionsOf(s).includes('lambda:InvokeFunction'))!;
    expect(json(resourcesOf(invoke))).toContain(`:function:${stack.stackName}-worker`);
    expect(resourcesOf(invoke)).toHaveLength(1);
    const send = statements.find((s) => actionsOf(s).includes('sqs:SendMessage'))!;
    expect(resourcesOf(send)).toEqual([{ 'Fn::GetAtt': [id(stack.schedules.deadLetterQueue), 'Arn'] }]);
  });

  it('names the worker so that the target ARN the worker is given is the worker itself', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `${stack.stackName}-worker` });
    expect(json(workerEnv().SCHEDULE_TARGET_ARN)).toContain(`:function:${stack.stackName}-worker`);
    expect(workerEnv().SCHEDULER_ROLE_ARN).toEqual({ 'Fn::GetAtt': [id(stack.schedules.role), 'Arn'] });
    expect(workerEnv().SCHEDULE_DLQ_ARN).toEqual({ 'Fn::GetAtt': [id(stack.schedules.deadLetterQueue), 'Arn'] });
  });

  it('lets the worker create and delete schedules and the scanner create them, in the group only, passing that role to Scheduler only', () => {
    const all = allStatements(template);
    const scheduling = all.filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('scheduler:')));
    expect(scheduling.map(({ policy }) => policy).sort()).toEqual([
      expect.stringMatching(/^SchedulesManageSchedulesPolicy/),
      expect.stringMatching(/^SchedulesScannerSchedulesPolicy/),
    ]);
    const byPolicy = (prefix: string) => scheduling.find(({ policy }) => policy.startsWith(prefix))!.statement;
    expect(actionsOf(byPolicy('SchedulesManage')).sort()).toEqual([
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
    ]);
    expect(actionsOf(byPolicy('SchedulesScanner'))).toEqual(['scheduler:CreateSchedule']);
    for (const { statement } of scheduling) {
      expect(json(resourcesOf(statement))).toContain(`:schedule/${stack.stackName}/*`);
    }
    const passing = all.filter(({ statement }) => actionsOf(statement).includes('iam:PassRole'));
    expect(passing).toHaveLength(2);
    for (const { statement } of passing) {
      expect(resourcesOf(statement)).toEqual([{ 'Fn::GetAtt': [id(stack.schedules.role), 'Arn'] }]);
      expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    }
    const policies = resources(template, 'AWS::IAM::Policy');
    expect(policies[id(stack.workerSchedulesPolicy)]!.Properties!.Roles).toEqual([{ Ref: id(stack.worker.role) }]);
    expect(policies[id(stack.scannerSchedulesPolicy)]!.Properties!.Roles).toEqual([{ Ref: id(stack.scanner.role) }]);
  });

  it('keeps failed invocations in an encrypted dead-letter queue with an alarm on the alarm topic', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
    const queue = id(stack.schedules.deadLetterQueue);
    const alarm = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a.Properties!.Dimensions ?? []).includes(queue),
    );
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: [{ Ref: id(stack.monitoring.topic) }],
    });
  });

  it('sets what the worker’s configuration reads for schedules, and it validates', () => {
    const env = workerEnv();
    const config = loadConfig({
      SCHEDULE_GROUP: String(env.SCHEDULE_GROUP),
      SCHEDULE_TARGET_ARN: `arn:aws:lambda:us-east-1:111122223333:function:${stack.stackName}-worker`,
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/x',
      SCHEDULE_DLQ_ARN: 'arn:aws:sqs:us-east-1:111122223333:q',
    });
    expect(config.schedules).toMatchObject({ groupName: stack.stackName, horizonDays: 30, maxPendingPerPerson: 10 });
    expect(env.SCHEDULES_TABLE).toEqual({ Ref: id(stack.tables.tables.schedules) });
  });
});
