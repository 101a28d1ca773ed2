/**
 * What tells an operator that the bot is unwell: metrics read from the structured log lines the code already
 * writes, the alarms, one SNS topic they all notify (on alarm and back to OK, optionally e-mailed), and one
 * dashboard.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  type Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCAN_RESULT_LOG } from '../../../sync/scan-result-log';
import type { HandlerName } from '../handlers';
import type { ChatApi } from './chat-api';
import type { HandlerFunction } from './handler-function';

/**
 * The log lines the metrics are read from: each `message` is written by the named source file (a test checks
 * that it still is) in the log groups of the functions named by `writers`, and `value` is the JSON field counted,
 * or 1 per line.
 */
export const LOG_METRICS = {
  ScansCompleted: {
    source: 'sync/scan-result-log.ts',
    message: SCAN_RESULT_LOG.message,
    value: '1',
    writers: ['scanner'],
  },
  ScanFailedTargets: {
    source: 'sync/scan-result-log.ts',
    message: SCAN_RESULT_LOG.message,
    value: `$.${SCAN_RESULT_LOG.failedTargetsField}`,
    writers: ['scanner'],
  },
  ScanDurationMs: { source: 'sync/scanner.ts', message: 'Scan finished', value: '$.durationMs', writers: ['scanner'] },
  OnCallDeliveriesFailed: {
    source: 'sync/reaper.ts',
    message: 'Could not post the on-call report',
    value: '1',
    writers: ['reaper'],
  },
  /** Both chat entry points hand off through the inbox: one metric, read from both log groups. */
  HandOffsFailed: {
    source: 'bot/chat/inbox.ts',
    message: 'Could not hand the request to the worker',
    value: '1',
    writers: ['http', 'teams'],
  },
  ChatDeliveriesFailed: {
    source: 'bot/chat/outbox.ts',
    message: 'Answer could not be delivered to the person',
    value: '1',
    writers: ['worker'],
  },
  /** One line per WorkSpace an action was asked for, counted by the action and what came of it. */
  ActionOutcomes: {
    source: 'bot/chat/orchestrator.ts',
    message: 'Action outcome',
    value: '1',
    writers: ['worker'],
    dimensions: { action: '$.action', outcome: '$.outcome' },
  },
} as const satisfies Record<
  string,
  { source: string; message: string; value: string; writers: readonly HandlerName[]; dimensions?: object }
>;

export type LogMetricName = keyof typeof LOG_METRICS;

export interface MonitoringProps {
  /** Every function of the stack: each is on the dashboard (its alarms are its own, see HandlerFunction). */
  functions: Readonly<Record<HandlerName, HandlerFunction>>;
  chatApi: ChatApi;
  deadLetterQueues: Queue[];
  scanIntervalMinutes: number;
  alarmEmail?: string;
}

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly namespace: string;
  readonly metrics: Readonly<Record<LogMetricName, Metric>>;
  readonly scanMissingAlarm: Alarm;
  readonly scanFailuresAlarm: Alarm;
  readonly deadLetterAlarms: Alarm[];
  readonly chatServerErrorsAlarm: Alarm;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.namespace = `WorkspacesBot/${stack.stackName}`;
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `WorkSpaces bot alarms (${stack.stackName})`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const metrics = {} as Record<LogMetricName, Metric>;
    for (const [name, { message, value, writers, ...rest }] of Object.entries(LOG_METRICS) as [
      LogMetricName,
      { message: string; value: string; writers: readonly HandlerName[]; dimensions?: Record<string, string> },
    ][]) {
      // One filter per log group, all into the same metric; the first keeps the id it had with one writer.
      writers.forEach((writer, i) => {
        const filter = new MetricFilter(this, i ? `${name}Filter${props.functions[writer].node.id}` : `${name}Filter`, {
          logGroup: props.functions[writer].logGroup,
          filterPattern: FilterPattern.stringValue('$.message', '=', message),
          metricNamespace: this.namespace,
          metricName: name,
          metricValue: value,
          ...(rest.dimensions ? { dimensions: rest.dimensions } : {}),
        });
        metrics[name] ??= filter.metric();
      });
    }
    this.metrics = metrics;

    const interval = Duration.minutes(props.scanIntervalMinutes);
    // No "Scan result" line in three intervals: the scanner is not running, or fails before it finishes.
    this.scanMissingAlarm = new Alarm(this, 'ScanMissingAlarm', {
      alarmDescription:
        "No scan completed in the last 3 scan intervals: the cache is going stale. See the scanner's errors and " +
        'its schedule.',
      metric: metrics.ScansCompleted.with({
        period: Duration.minutes(props.scanIntervalMinutes * 3),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.scanFailuresAlarm = new Alarm(this, 'ScanFailuresAlarm', {
      alarmDescription:
        'The scanner could not scan some regions or accounts in 2 of its last 3 intervals: see the on-call report ' +
        'and the "Scan result" lines (failedTargets) in its log group.',
      metric: metrics.ScanFailedTargets.with({ period: interval, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarms = props.deadLetterQueues.map(
      (queue) =>
        new Alarm(this, `${queue.node.id}Alarm`, {
          alarmDescription: `A message is waiting in ${queue.node.path}: work that failed for good. Read it, then purge it.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    this.chatServerErrorsAlarm = new Alarm(this, 'ChatServerErrorsAlarm', {
      alarmDescription:
        'The chat API answered 5xx in 5 minutes: Slack or Teams saw an error. See the chat function (Slack, the ' +
        'sign-in) or the Teams function (/teams/messages).',
      metric: props.chatApi.stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.dashboard = this.buildDashboard(props);

    // Every alarm of the stack, wherever it was made, notifies the topic when it fires and when it clears.
    const action = new SnsAction(this.topic);
    for (const construct of stack.node.findAll()) {
      if (construct instanceof Alarm) {
        construct.addAlarmAction(action);
        construct.addOkAction(action);
      }
    }
  }

  private buildDashboard(props: MonitoringProps): Dashboard {
    const functions = Object.values(props.functions);
    const perFunction = (title: string, metric: (fn: HandlerFunction) => IMetric) =>
      new GraphWidget({ title, width: 8, left: functions.map(metric) });
    const period = Duration.minutes(5);
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-${Stack.of(this).region}`,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          "# WorkSpaces bot\nChat traffic, the functions, the scans and the deliveries. Alarms go to the stack's SNS topic.",
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Chat API requests and errors',
        width: 8,
        left: [props.chatApi.stage.metricCount({ period, statistic: 'Sum' })],
        right: [
          props.chatApi.stage.metricClientError({ period, statistic: 'Sum' }),
          props.chatApi.stage.metricServerError({ period, statistic: 'Sum' }),
        ],
      }),
      new GraphWidget({
        title: 'Chat API latency (p99)',
        width: 8,
        left: [props.chatApi.stage.metricLatency({ period, statistic: 'p99' })],
      }),
      perFunction('Duration (p99)', (fn) => fn.fn.metricDuration({ period, statistic: 'p99', label: fn.node.id })),
    );
    dashboard.addWidgets(
      perFunction('Errors', (fn) => fn.fn.metricErrors({ period, statistic: 'Sum', label: fn.node.id })),
      perFunction('Throttles', (fn) => fn.fn.metricThrottles({ period, statistic: 'Sum', label: fn.node.id })),
      perFunction('Concurrent executions', (fn) =>
        fn.fn.metric('ConcurrentExecutions', { period, statistic: 'Maximum', label: fn.node.id }),
      ),
    );
    const scanPeriod = Duration.minutes(props.scanIntervalMinutes);
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Scans: completed and duration (ms)',
        width: 8,
        left: [this.metrics.ScansCompleted.with({ period: scanPeriod, statistic: 'Sum' })],
        right: [this.metrics.ScanDurationMs.with({ period: scanPeriod, statistic: 'Maximum' })],
      }),
      new GraphWidget({
        title: 'Regions and accounts not scanned',
        width: 8,
        left: [this.metrics.ScanFailedTargets.with({ period: scanPeriod, statistic: 'Maximum' })],
      }),
      new GraphWidget({
        title: 'Deliveries failed: on-call reports, hand-offs, dead letters',
        width: 8,
        left: [
          this.metrics.OnCallDeliveriesFailed.with({ period, statistic: 'Sum' }),
          this.metrics.HandOffsFailed.with({ period, statistic: 'Sum' }),
          this.metrics.ChatDeliveriesFailed.with({ period, statistic: 'Sum' }),
          new MathExpression({
            label: 'Dead letters waiting',
            expression: props.deadLetterQueues.map((_, i) => `q${i}`).join(' + ') || '0',
            usingMetrics: Object.fromEntries(
              props.deadLetterQueues.map((queue, i) => [
                `q${i}`,
                queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
              ]),
            ),
            period,
          }),
        ],
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Actions by kind and outcome',
        width: 24,
        left: [
          new MathExpression({
            label: '',
            expression: `SEARCH('{${this.namespace},action,outcome} MetricName="ActionOutcomes"', 'Sum', ${period.toSeconds()})`,
            usingMetrics: {},
            period,
          }),
        ],
      }),
    );
    return dashboard;
  }
}
