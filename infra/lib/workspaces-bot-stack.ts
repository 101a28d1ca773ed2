/**
 * The whole bot in one stack: its tables, the four Lambda entry points, the function URL Slack and the
 * sign-in use, the worker's dead-letter queue, the scanner's and reaper's schedules, the Cognito sign-in,
 * the Slack secret, and the alarms. It wires; the behaviour lives in bot/, core/ and sync/.
 */
import { Aws, CfnCondition, CfnOutput, CfnParameter, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type FunctionUrl, FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SCAN_RESULT_LOG } from '../../sync/scan-result-log';
import { BotTables } from './constructs/bot-tables';
import { type HandlerCode, HandlerFunction } from './constructs/handler-function';
import { Signin } from './constructs/signin';
import { suppressReviewedFindings } from './nag-suppressions';
import {
  actOnWorkspacesStatement,
  assumeMemberRolesStatement,
  describeRegionsStatement,
  describeWorkspacesStatement,
  WORKSPACES_LOOKUP_ACTIONS,
  WORKSPACES_SCAN_ACTIONS,
} from './permissions';
import { type DeploymentSettings, resolveSettings } from './settings';

/** The Lambda entry points, from the repository root; each exports `handler`. */
export const HANDLER_ENTRIES = {
  http: 'bot/lambda/http.ts',
  worker: 'bot/lambda/worker.ts',
  scanner: 'sync/lambda/scan.ts',
  reaper: 'bot/lambda/reap.ts',
} as const;

export interface WorkspacesBotStackProps extends StackProps, Partial<DeploymentSettings> {
  /** `bundle` (the default) runs esbuild on every entry point; `placeholder` is for template-only tests. */
  handlerCode?: HandlerCode;
}

export class WorkspacesBotStack extends Stack {
  readonly settings: DeploymentSettings;
  readonly tables: BotTables;
  readonly signin: Signin;
  readonly http: HandlerFunction;
  readonly worker: HandlerFunction;
  readonly scanner: HandlerFunction;
  readonly reaper: HandlerFunction;
  readonly functionUrl: FunctionUrl;
  readonly workerDeadLetterQueue: Queue;
  readonly slackSecret: Secret;
  readonly scanFailuresAlarm: Alarm;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: WorkspacesBotStackProps = {}) {
    super(scope, id, props);
    const settings = resolveSettings(props);
    this.settings = settings;
    const code = props.handlerCode ?? 'bundle';

    const samlMetadataUrl = new CfnParameter(this, 'SamlMetadataUrl', {
      type: 'String',
      description:
        'The AD FS federation metadata URL, e.g. https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml',
      allowedPattern: '^https://\\S+$',
      constraintDescription: 'must be an https URL',
    });
    // The function URL is only known once the function exists, yet the function needs it (PUBLIC_URL), and
    // so does the app client (its callback) whose id the function needs too (AUTH_CLIENT_ID): CloudFormation
    // cannot close that loop in one pass. The first deployment leaves this empty; the second passes its
    // BotUrl output back (README, "Deploy to AWS"), and CloudFormation keeps it from then on.
    const publicUrl = new CfnParameter(this, 'PublicUrl', {
      type: 'String',
      default: '',
      description:
        "The bot's public base URL: the BotUrl output of the first deployment, without a trailing slash. " +
        'Empty on the first deployment; the bot starts once it is set.',
      allowedPattern: '^(https://[^/\\s]+)?$',
      constraintDescription: 'must be empty or an https origin without a path or trailing slash',
    });
    const hasPublicUrl = new CfnCondition(this, 'HasPublicUrl', {
      expression: Fn.conditionNot(Fn.conditionEquals(publicUrl.valueAsString, '')),
    });

    this.tables = new BotTables(this, 'Tables');
    const { tables } = this.tables;

    this.signin = new Signin(this, 'Signin', {
      samlMetadataUrl: samlMetadataUrl.valueAsString,
      providerName: settings.samlProviderName,
      domainPrefix: settings.cognitoDomainPrefix ?? `workspaces-bot-${Aws.ACCOUNT_ID}`,
      callbackUrl: Fn.conditionIf(
        hasPublicUrl.logicalId,
        `${publicUrl.valueAsString}/auth/callback`,
        // Until the second deployment: nothing listens there, so no code can be delivered anywhere.
        'https://localhost/auth/callback',
      ).toString(),
    });

    this.slackSecret = new Secret(this, 'SlackSecret', {
      description:
        'Slack app credentials for the WorkSpaces bot: {"signingSecret": "...", "botToken": "xoxb-..."}. ' +
        'Set by the operator after deployment; the template holds no value.',
    });

    const alarmAction: IAlarmAction | undefined = settings.alarmTopicArn
      ? new SnsAction(Topic.fromTopicArn(this, 'AlarmTopic', settings.alarmTopicArn))
      : undefined;
    const common = {
      logRetention: settings.logRetentionDays,
      code,
      ...(alarmAction ? { alarmAction } : {}),
    };
    const shared: Record<string, string> = {
      ...this.tables.environment(),
      SCAN_INTERVAL_MINUTES: String(settings.scanIntervalMinutes),
      ...settings.botSettings,
    };
    const memberAccounts: Record<string, string> = settings.accountRoleArns.length
      ? { ACCOUNT_ROLE_ARNS: settings.accountRoleArns.join(',') }
      : {};
    const chat: Record<string, string> = {
      ...this.signin.environment(),
      PUBLIC_URL: publicUrl.valueAsString,
      SLACK_SECRET_ARN: this.slackSecret.secretArn,
    };

    const workerTimeout = Duration.seconds(90);
    this.worker = new HandlerFunction(this, 'Worker', {
      ...common,
      entry: HANDLER_ENTRIES.worker,
      description: 'WorkSpaces bot worker: runs the conversation of each chat request the chat function hands off',
      memorySize: 512,
      timeout: workerTimeout,
      // It answers in chat, and makes sign-in links for people not linked yet (so it takes the sign-in settings).
      environment: {
        ...shared,
        ...chat,
        ...memberAccounts,
        WORKER_TIMEOUT_SECONDS: String(workerTimeout.toSeconds()),
      },
    });
    this.http = new HandlerFunction(this, 'Http', {
      ...common,
      entry: HANDLER_ENTRIES.http,
      description: "WorkSpaces bot: Slack's requests and the sign-in routes, behind the function URL",
      // More memory is more CPU: a faster cold start inside Slack's 3 seconds.
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: { ...shared, ...chat, WORKER_FUNCTION_NAME: this.worker.fn.functionName },
    });
    this.scanner = new HandlerFunction(this, 'Scanner', {
      ...common,
      entry: HANDLER_ENTRIES.scanner,
      description: 'WorkSpaces bot scanner: fills the cache from every region and account',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        ...shared,
        ...memberAccounts,
        SCAN_HOME_ACCOUNT: String(settings.scanHomeAccount),
        ...(settings.regionList ? { REGIONLIST: settings.regionList.join(',') } : {}),
      },
    });
    this.reaper = new HandlerFunction(this, 'Reaper', {
      ...common,
      entry: HANDLER_ENTRIES.reaper,
      description: 'WorkSpaces bot reaper: removes what is proven gone and reports to on-call',
      memorySize: 512,
      timeout: Duration.minutes(2),
      environment: {
        ...shared,
        ...memberAccounts,
        SLACK_SECRET_ARN: this.slackSecret.secretArn,
        ...(settings.oncallSlackChannel ? { ONCALL_SLACK_CHANNEL: settings.oncallSlackChannel } : {}),
      },
    });

    // Slack signs every request and the handler verifies the signature; the sign-in routes are public pages.
    this.functionUrl = this.http.fn.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.BUFFERED,
    });

    // Tables: each function gets what its code reads or writes, and nothing on the others.
    // The chat function only verifies, hands off and serves the sign-in routes; the worker runs the conversation.
    tables.links.grantReadWriteData(this.http.role);
    tables.signinStates.grantReadWriteData(this.http.role);

    tables.links.grantReadWriteData(this.worker.role);
    tables.signinStates.grantWriteData(this.worker.role);
    tables.sync.grantReadData(this.worker.role);
    tables.workspaces.grantReadWriteData(this.worker.role);
    tables.idempotency.grantReadWriteData(this.worker.role);
    tables.audit.grantWriteData(this.worker.role);

    for (const sync of [this.scanner, this.reaper]) {
      tables.workspaces.grantReadWriteData(sync.role);
      tables.sync.grantReadWriteData(sync.role);
    }

    // WorkSpaces: reads where the API needs `*`, actions on this account's WorkSpaces only.
    this.scanner.role.addToPrincipalPolicy(describeWorkspacesStatement(WORKSPACES_SCAN_ACTIONS));
    this.scanner.role.addToPrincipalPolicy(describeRegionsStatement());
    this.reaper.role.addToPrincipalPolicy(describeWorkspacesStatement(WORKSPACES_LOOKUP_ACTIONS));
    this.worker.role.addToPrincipalPolicy(describeWorkspacesStatement(WORKSPACES_LOOKUP_ACTIONS));
    this.worker.role.addToPrincipalPolicy(actOnWorkspacesStatement(this));
    const assumeMemberRoles = assumeMemberRolesStatement(settings.accountRoleArns);
    if (assumeMemberRoles) {
      for (const fn of [this.scanner, this.reaper, this.worker]) fn.role.addToPrincipalPolicy(assumeMemberRoles);
    }

    // The Slack credentials: read by the chat functions and by the reaper (on-call reports).
    for (const fn of [this.http, this.worker, this.reaper]) this.allowSlackSecret(fn.role);

    // The durable hand-off: only the http function may invoke the worker.
    this.http.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.worker.fn.functionArn] }),
    );

    // A job that still fails after Lambda's retries, or waited too long, lands here with its error.
    this.workerDeadLetterQueue = new Queue(this, 'WorkerDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.worker.fn.configureAsyncInvoke({
      retryAttempts: 2,
      // An action clicked a quarter of an hour ago is better reported as failed than performed late.
      maxEventAge: Duration.minutes(15),
      onFailure: new SqsDestination(this.workerDeadLetterQueue),
    });
    this.deadLetterAlarm = new Alarm(this, 'WorkerDeadLetterAlarm', {
      alarmDescription: "A handed-off WorkSpaces action failed for good: see the worker's dead-letter queue.",
      metric: this.workerDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.scheduleSync(settings);
    this.scanFailuresAlarm = this.alarmOnScanFailures(settings);
    for (const alarm of [this.deadLetterAlarm, this.scanFailuresAlarm]) {
      if (alarmAction) alarm.addAlarmAction(alarmAction);
    }

    this.addOutputs(hasPublicUrl);
    suppressReviewedFindings(this);
  }

  private allowSlackSecret(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.slackSecret.secretArn] }),
    );
  }

  /**
   * EventBridge Scheduler runs the scanner and the reaper; it retries a delivery that fails. A run that
   * fails is not retried by Lambda: the next scheduled run does the same work, and the error alarm fires.
   */
  private scheduleSync(settings: DeploymentSettings): void {
    const runs = [
      { name: 'Scan', fn: this.scanner, minutes: settings.scanIntervalMinutes, what: 'scans every region and account' },
      { name: 'Reap', fn: this.reaper, minutes: settings.reapIntervalMinutes, what: 'removes what is proven gone' },
    ];
    for (const { name, fn, minutes, what } of runs) {
      const every = Duration.minutes(minutes);
      // Lambda keeps an async event at most 6 hours.
      fn.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(Math.min(minutes, 360)) });
      new Schedule(this, `${name}Schedule`, {
        description: `WorkSpaces bot: ${what}, every ${minutes} minutes`,
        schedule: ScheduleExpression.rate(every),
        // A run delivered later than the next one is pointless: give up after one interval.
        target: new LambdaInvoke(fn.fn, { retryAttempts: 3, maxEventAge: every }),
      });
    }
  }

  /** Regions or accounts the scanner could not scan, from the failedTargetCount of its result line. */
  private alarmOnScanFailures(settings: DeploymentSettings): Alarm {
    const filter = new MetricFilter(this, 'ScanFailedTargetsFilter', {
      logGroup: this.scanner.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', SCAN_RESULT_LOG.message),
      metricNamespace: `WorkspacesBot/${this.stackName}`,
      metricName: 'ScanFailedTargets',
      metricValue: `$.${SCAN_RESULT_LOG.failedTargetsField}`,
    });
    return new Alarm(this, 'ScanFailuresAlarm', {
      alarmDescription:
        'The scanner could not scan some regions or accounts in 2 of its last 3 intervals: see the on-call report ' +
        'and the "Scan result" lines (failedTargets) in its log group.',
      metric: filter.metric({ period: Duration.minutes(settings.scanIntervalMinutes), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  private addOutputs(hasPublicUrl: CfnCondition): void {
    // The function URL ends with a slash; the bot's URLs are built without it.
    const botUrl = `https://${Fn.select(2, Fn.split('/', this.functionUrl.url))}`;
    const outputs: Record<string, { value: string; description: string }> = {
      BotUrl: { value: botUrl, description: "The bot's function URL, without a trailing slash (PublicUrl)" },
      SlackRequestUrl: { value: `${botUrl}/slack/events`, description: "Slack's request URL (manifest.yml)" },
      SigninCallbackUrl: { value: `${botUrl}/auth/callback`, description: "The sign-in's callback URL" },
      CognitoDomainUrl: { value: this.signin.domainUrl, description: 'The Cognito hosted UI (AUTH_DOMAIN_URL)' },
      UserPoolId: { value: this.signin.userPool.userPoolId, description: 'The Cognito user pool id' },
      UserPoolClientId: {
        value: this.signin.client.userPoolClientId,
        description: 'The app client id (AUTH_CLIENT_ID)',
      },
      AuthIssuer: { value: this.signin.issuer, description: "The ID tokens' issuer (AUTH_ISSUER)" },
      SamlRelyingPartyId: {
        value: this.signin.samlRelyingPartyId,
        description: 'AD FS relying party trust: the relying party identifier',
      },
      SamlAcsUrl: {
        value: this.signin.samlAcsUrl,
        description: 'AD FS relying party trust: the SAML 2.0 WebSSO service URL',
      },
      SlackSecretArn: {
        value: this.slackSecret.secretArn,
        description: 'Set its value to {"signingSecret": "...", "botToken": "xoxb-..."}',
      },
      ScannerRoleArn: { value: this.scanner.role.roleArn, description: 'Member accounts trust this role' },
      ReaperRoleArn: { value: this.reaper.role.roleArn, description: 'Member accounts trust this role' },
      WorkerRoleArn: { value: this.worker.role.roleArn, description: 'Member accounts trust this role' },
      WorkerDeadLetterQueueUrl: {
        value: this.workerDeadLetterQueue.queueUrl,
        description: 'Handed-off actions that failed for good',
      },
    };
    for (const [key, { value, description }] of Object.entries(outputs)) {
      new CfnOutput(this, key, { value, description });
    }
    const nextStep = new CfnOutput(this, 'NextStep', {
      value: `Deploy again with --parameters PublicUrl=${botUrl} to turn the sign-in on`,
      description: 'What is left to do: PublicUrl is empty',
    });
    nextStep.condition = new CfnCondition(this, 'NoPublicUrl', { expression: Fn.conditionNot(hasPublicUrl) });
  }
}
