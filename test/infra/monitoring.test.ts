import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { LOG_METRICS } from '../../infra/lib/constructs/monitoring';
import { buildStack, REPO_ROOT, resources } from './stack-fixture';

const plain = buildStack();
const emailed = buildStack({ alarmEmail: 'oncall@example.com', scanIntervalMinutes: 15 });
const { stack, template } = plain;
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const topic = () => ({ Ref: id(stack.monitoring.topic) });
const alarms = () => Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties!);
const NAMESPACE = 'WorkspacesBot/WorkspacesBot';

describe('the alarm topic', () => {
  it('is one SNS topic that refuses plain HTTP, with an e-mail subscription only when alarmEmail is set', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
    emailed.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: emailed.stack.getLogicalId(emailed.stack.monitoring.topic.node.defaultChild as never) },
    });
  });

  it('is notified by every alarm of the stack, when it fires and when it clears', () => {
    expect(alarms().length).toBeGreaterThanOrEqual(12);
    for (const alarm of alarms()) {
      expect([alarm.AlarmDescription, alarm.AlarmActions, alarm.OKActions]).toEqual([
        alarm.AlarmDescription,
        [topic()],
        [topic()],
      ]);
    }
  });
});

describe('the alarms', () => {
  const alarmOn = (metric: Record<string, unknown>) =>
    alarms().filter((alarm) => !Match.objectLike(metric).test(alarm).hasFailed());

  it('fire when no scan completed in 3 scan intervals, missing data counting as none', () => {
    for (const [built, minutes] of [
      [plain, 10],
      [emailed, 15],
    ] as const) {
      built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: NAMESPACE,
        MetricName: 'ScansCompleted',
        Statistic: 'Sum',
        Period: minutes * 3 * 60,
        EvaluationPeriods: 1,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
    }
  });

  it("fire on each function's errors (the reaper's failed deliveries, the worker's) and throttles", () => {
    expect(Object.keys(stack.functions)).toHaveLength(5);
    for (const fn of Object.values(stack.functions)) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          alarmOn({
            Namespace: 'AWS/Lambda',
            MetricName: metric,
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(fn.fn) } }],
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          }),
        ).toHaveLength(1);
      }
    }
  });

  it('fire on any message in every dead-letter queue of the stack', () => {
    // A dead-letter queue is whatever a queue's redrive policy, an on-failure destination or a schedule sends to.
    const text = JSON.stringify(template.toJSON().Resources);
    const queues = Object.keys(resources(template, 'AWS::SQS::Queue')).filter((queue) =>
      [
        `"deadLetterTargetArn":{"Fn::GetAtt":["${queue}","Arn"]}`,
        `"OnFailure":{"Destination":{"Fn::GetAtt":["${queue}","Arn"]}}`,
        `"DeadLetterConfig":{"Arn":{"Fn::GetAtt":["${queue}","Arn"]}}`,
      ].some((use) => text.includes(use)),
    );
    expect(queues).toContain(id(stack.workerDeadLetterQueue));
    for (const queue of queues) {
      expect(
        alarmOn({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
          Threshold: 1,
        }),
      ).toHaveLength(1);
    }
  });

  it("fire on the chat API's 5xx answers", () => {
    expect(
      alarmOn({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [
          { Name: 'ApiId', Value: { Ref: id(stack.chatApi.api) } },
          { Name: 'Stage', Value: '$default' },
        ],
        Threshold: 1,
      }),
    ).toHaveLength(1);
  });

  it('fire on scanner region failures in 2 of 3 intervals, from the failedTargetCount of its result line', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: NAMESPACE,
      MetricName: 'ScanFailedTargets',
      Statistic: 'Maximum',
      Period: 600,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 1,
    });
  });
});

describe('the metrics', () => {
  it.each(Object.entries(LOG_METRICS))(
    '%s is read from a log line its source still writes',
    (name, { source, message, value }) => {
      expect(readFileSync(path.join(REPO_ROOT, source), 'utf8')).toContain(`'${message}'`);
      const fieldName = value.startsWith('$.') ? value.slice(2) : undefined;
      if (fieldName && source !== 'sync/scan-result-log.ts') {
        expect(readFileSync(path.join(REPO_ROOT, source), 'utf8')).toMatch(new RegExp(`\\b${fieldName}\\b`));
      }
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: `{ $.message = "${message}" }`,
        MetricTransformations: [{ MetricNamespace: NAMESPACE, MetricName: name, MetricValue: value }],
      });
    },
  );

  it('read each line in the log groups of the functions that write it', () => {
    const groupsOf = (metric: string) =>
      Object.values(resources(template, 'AWS::Logs::MetricFilter'))
        .filter(
          (filter) => (filter.Properties!.MetricTransformations as { MetricName: string }[])[0]!.MetricName === metric,
        )
        .map((filter) => filter.Properties!.LogGroupName);
    const logs = (...fns: (typeof stack.http)[]) => fns.map((fn) => ({ Ref: id(fn.logGroup) }));
    expect(groupsOf('ScansCompleted')).toEqual(logs(stack.scanner));
    expect(groupsOf('ScanDurationMs')).toEqual(logs(stack.scanner));
    expect(groupsOf('OnCallDeliveriesFailed')).toEqual(logs(stack.reaper));
    // Both chat entry points hand off through bot/chat/inbox.ts.
    expect(groupsOf('HandOffsFailed')).toEqual(logs(stack.http, stack.teams));
    expect(groupsOf('ActionOutcomes')).toEqual(logs(stack.worker));
    expect(groupsOf('ChatDeliveriesFailed')).toEqual(logs(stack.worker));
    for (const [name, { writers }] of Object.entries(LOG_METRICS)) {
      expect([name, groupsOf(name)]).toEqual([name, logs(...writers.map((fn) => stack.functions[fn]))]);
    }
  });

  it('are shown, with the functions and the API, on one dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(
      Object.values(resources(template, 'AWS::CloudWatch::Dashboard'))[0]!.Properties!.DashboardBody,
    );
    // Every function in each per-function graph (duration, errors, throttles, concurrency), by its name.
    for (const fn of Object.values(stack.functions)) {
      const named = body.split(JSON.stringify({ Ref: id(fn.fn) })).length - 1;
      expect([fn.node.id, named]).toEqual([fn.node.id, 4]);
    }
    for (const metric of [
      ...Object.keys(LOG_METRICS),
      '5xx',
      'Errors',
      'Throttles',
      'ApproximateNumberOfMessagesVisible',
    ]) {
      // As a metric of its own, or (ActionOutcomes, by its dimensions) named in a SEARCH expression.
      const shown = body.includes(`\\"${metric}\\"`) || body.includes(`MetricName=\\\\\\"${metric}\\\\\\"`);
      expect([metric, shown]).toEqual([metric, true]);
    }
    template.hasOutput('DashboardName', { Value: { Ref: id(stack.monitoring.dashboard) } });
  });
});
