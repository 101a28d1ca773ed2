/**
 * The whole bot in one stack: its tables, the five Lambda entry points, the HTTP API that is its one public
 * entry, the worker's dead-letter queue, the scanner's and reaper's schedules, the Cognito sign-in, the Slack and
 * Teams secrets, and the alarms, topic and dashboard. One `cdk deploy` makes it work: every URL comes from the API's
 * endpoint, which exists before the function and the app client that need it. It wires; the behaviour lives in
 * bot/, core/ and sync/.
 */
import { ArnFormat, Aws, CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { type IGrantable, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ConfigError } from '../../core/errors';
import { BotSchedules } from './constructs/bot-schedules';
import { BotTables } from './constructs/bot-tables';
import { CHAT_ROUTES, ChatApi } from './constructs/chat-api';
import { type HandlerCode, HandlerFunction } from './constructs/handler-function';
import { Monitoring } from './constructs/monitoring';
import { Signin, type SigninMetadata } from './constructs/signin';
import { HANDLER_ENTRIES, type HandlerName, WORKER_TIMEOUT, WORKER_TIMEOUT_SECONDS } from './handlers';
import {
  homeRoleName,
  MAX_STACK_NAME_LENGTH,
  MEMBER_ROLE_OF,
  MEMBER_SESSIONS,
  type MemberAccessor,
  memberRoleArn,
} from './member-access';
import { suppressReviewedFindings } from './nag-suppressions';
import {
  actOnWorkspacesStatement,
  assumeMemberRolesStatement,
  describeRegionsStatement,
  describeSnapshotsStatement,
  describeWorkspacesStatement,
  TABLE_ACCESS,
  type TableName,
  tableStatements,
  WORKSPACES_LOOKUP_ACTIONS,
  WORKSPACES_SCAN_ACTIONS,
} from './permissions';
import { type DeploymentSettings, resolveSettings, samlMetadata } from './settings';

export { HANDLER_ENTRIES, WORKER_TIMEOUT_SECONDS };

/** What may reach the chat and Teams functions through the API, per second: the chat traffic of a large company. */
export const CHAT_RATE_LIMIT = 50;
export const CHAT_BURST_LIMIT = 100;
/** The scanner and the reaper each run one at a time: a second run would only wait for the first one's lease. */
export const SYNC_CONCURRENCY = 1;

export interface WorkspacesBotStackProps extends StackProps, Partial<DeploymentSettings> {
  /** `bundle` (the default) runs esbuild on every entry point; `placeholder` is for template-only tests. */
  handlerCode?: HandlerCode;
}

export class WorkspacesBotStack extends Stack {
  readonly settings: DeploymentSettings;
  readonly tables: BotTables;
  readonly signin: Signin;
  readonly chatApi: ChatApi;
  readonly http: HandlerFunction;
  readonly teams: HandlerFunction;
  readonly worker: HandlerFunction;
  readonly scanner: HandlerFunction;
  readonly reaper: HandlerFunction;
  /** Every function, by its HANDLER_ENTRIES name: what grants, alarms, the dashboard and the reviews go over. */
  readonly functions: Readonly<Record<HandlerName, HandlerFunction>>;
  readonly workerDeadLetterQueue: Queue;
  /** People's one-time schedules: the group, Scheduler's role for invoking the worker, its dead-letter queue. */
  readonly schedules: BotSchedules;
  /** The worker's grant to create and delete schedules in the group and to pass Scheduler its role. */
  readonly workerSchedulesPolicy: Policy;
  /** The scanner's grant to create (owner alerts') schedules in the group and to pass Scheduler its role. */
  readonly scannerSchedulesPolicy: Policy;
  /** The worker's grant of the six WorkSpaces actions. */
  readonly workerActionPolicy: Policy;
  readonly slackSecret: Secret;
  /** The Azure Bot's client secret, `{"appPassword": "..."}`; made whether or not Teams is configured yet. */
  readonly teamsSecret: Secret;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: WorkspacesBotStackProps = {}) {
    super(scope, id, props);
    const settings = resolveSettings(props);
    this.settings = settings;
    if (this.stackName.length > MAX_STACK_NAME_LENGTH) {
      throw new ConfigError('stackName', `at most ${MAX_STACK_NAME_LENGTH} characters (role names)`, this.stackName);
    }
    const code = props.handlerCode ?? 'bundle';

    this.tables = new BotTables(this, 'Tables');
    const { tables } = this.tables;

    this.slackSecret = new Secret(this, 'SlackSecret', {
      description:
        'Slack app credentials for the WorkSpaces bot: {"signingSecret": "...", "botToken": "xoxb-..."}. ' +
        'Set by the operator after deployment; the template holds no value.',
    });
    this.teamsSecret = new Secret(this, 'TeamsSecret', {
      description:
        'Microsoft Teams bot credentials for the WorkSpaces bot: {"appPassword": "..."}, the Azure Bot\'s client ' +
        'secret. Set by the operator; the template holds no value.',
    });
    const teamsSettings = this.teamsEnvironment();

    const common = { logRetention: settings.logRetentionDays, code };
    const shared: Record<string, string> = {
      ...this.tables.environment(),
      SCAN_INTERVAL_MINUTES: String(settings.scanIntervalMinutes),
      ...settings.botSettings,
    };

    this.worker = new HandlerFunction(this, 'Worker', {
      ...common,
      entry: HANDLER_ENTRIES.worker,
      description:
        'WorkSpaces bot worker: runs the conversation of each chat request the chat and Teams functions hand off',
      memorySize: 512,
      timeout: WORKER_TIMEOUT,
      reservedConcurrency: settings.workerConcurrency,
      roleName: homeRoleName(this.stackName, Aws.REGION, 'worker'),
      // Named, so that the schedules it creates can name it as their target without referring to itself.
      functionName: `${this.stackName}-worker`,
      // It answers in chat and makes sign-in links for people not linked yet: the sign-in settings come below.
      environment: {
        ...shared,
        SLACK_SECRET_ARN: this.slackSecret.secretArn,
        ...teamsSettings,
        WORKER_TIMEOUT_SECONDS: String(WORKER_TIMEOUT_SECONDS),
        ...this.memberEnvironment('worker'),
      },
    });
    this.http = new HandlerFunction(this, 'Http', {
      ...common,
      entry: HANDLER_ENTRIES.http,
      description: "WorkSpaces bot chat function: Slack's requests and the sign-in, behind the HTTP API",
      // More memory is more CPU: a faster cold start inside Slack's 3 seconds.
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: {},
    });
    this.teams = new HandlerFunction(this, 'Teams', {
      ...common,
      entry: HANDLER_ENTRIES.teams,
      description:
        "WorkSpaces bot Teams function: Teams' activities, verified and handed to the worker, behind the HTTP API",
      // botbuilder is a large bundle to load: more memory is more CPU, a faster cold start inside Teams' 15 seconds,
      // after which an answer helps nobody. No reserved concurrency, like the chat function: the API throttles both.
      memorySize: 1024,
      timeout: Duration.seconds(15),
      // It reads no table and makes no sign-in link: the operator's settings (LOG_LEVEL...), the worker, Teams.
      environment: {
        ...settings.botSettings,
        WORKER_FUNCTION_NAME: this.worker.fn.functionName,
        ...teamsSettings,
      },
    });
    this.scanner = new HandlerFunction(this, 'Scanner', {
      ...common,
      entry: HANDLER_ENTRIES.scanner,
      description: 'WorkSpaces bot scanner: fills the cache from every region and account',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      reservedConcurrency: SYNC_CONCURRENCY,
      roleName: homeRoleName(this.stackName, Aws.REGION, 'scanner'),
      environment: {
        ...shared,
        ...this.memberEnvironment('scanner'),
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
      reservedConcurrency: SYNC_CONCURRENCY,
      roleName: homeRoleName(this.stackName, Aws.REGION, 'reaper'),
      environment: {
        ...shared,
        ...this.memberEnvironment('reaper'),
        SLACK_SECRET_ARN: this.slackSecret.secretArn,
        // On-call reports also go to a Teams channel an admin registered with `oncall here`.
        ...teamsSettings,
        ...(settings.oncallSlackChannel ? { ONCALL_SLACK_CHANNEL: settings.oncallSlackChannel } : {}),
      },
    });

    this.functions = {
      http: this.http,
      teams: this.teams,
      worker: this.worker,
      scanner: this.scanner,
      reaper: this.reaper,
    };

    // The API comes first: its endpoint is known before the app client and the chat function that need it.
    this.chatApi = new ChatApi(this, 'ChatApi', {
      handlers: { http: this.http.fn, teams: this.teams.fn },
      rateLimit: CHAT_RATE_LIMIT,
      burstLimit: CHAT_BURST_LIMIT,
      logRetention: settings.logRetentionDays,
    });
    this.signin = new Signin(this, 'Signin', {
      metadata: this.samlMetadata(settings),
      providerName: settings.samlProviderName,
      domainPrefix: settings.cognitoDomainPrefix ?? `workspaces-bot-${Aws.ACCOUNT_ID}`,
      callbackUrl: `${this.chatApi.url}${CHAT_ROUTES.signinCallback.path}`,
    });
    const chat: Record<string, string> = {
      ...shared,
      ...this.signin.environment(),
      PUBLIC_URL: this.chatApi.url,
      SLACK_SECRET_ARN: this.slackSecret.secretArn,
      WORKER_FUNCTION_NAME: this.worker.fn.functionName,
    };
    for (const [name, value] of Object.entries(chat)) this.http.fn.addEnvironment(name, value);
    // The worker makes the sign-in links (the API's URL and the sign-in settings); it needs no worker to hand off to.
    const signinLinks = { ...this.signin.environment(), PUBLIC_URL: this.chatApi.url };
    for (const [name, value] of Object.entries(signinLinks)) this.worker.fn.addEnvironment(name, value);

    // Tables: each function sends exactly the calls TABLE_ACCESS lists, on its tables and nothing else.
    const byName = this.functions;
    for (const [fn, access] of Object.entries(TABLE_ACCESS) as [HandlerName, Partial<Record<TableName, never>>][]) {
      for (const [table, actions] of Object.entries(access) as [TableName, readonly never[]][]) {
        for (const statement of tableStatements(tables[table], table, actions)) {
          byName[fn].role.addToPrincipalPolicy(statement);
        }
      }
    }

    // WorkSpaces: reads where the API needs `*`, actions on this account's WorkSpaces only.
    this.scanner.anyResourcePolicy.addStatements(describeWorkspacesStatement(WORKSPACES_SCAN_ACTIONS));
    if (!settings.regionList) this.scanner.anyResourcePolicy.addStatements(describeRegionsStatement());
    this.reaper.anyResourcePolicy.addStatements(describeWorkspacesStatement(WORKSPACES_LOOKUP_ACTIONS));
    this.worker.anyResourcePolicy.addStatements(describeWorkspacesStatement(WORKSPACES_LOOKUP_ACTIONS));
    // In a policy of its own, so that the acknowledgment of its `workspace/*` covers these six actions alone.
    this.workerActionPolicy = new Policy(this.worker, 'ActOnWorkspacesPolicy', {
      roles: [this.worker.role],
      statements: [actOnWorkspacesStatement(this), describeSnapshotsStatement(this)],
    });
    for (const fn of Object.keys(MEMBER_SESSIONS) as MemberAccessor[]) {
      const assume = assumeMemberRolesStatement(this.memberRoleArns(fn));
      if (assume) byName[fn].role.addToPrincipalPolicy(assume);
    }

    // The Slack credentials: read by the chat functions and by the reaper (on-call reports).
    for (const fn of [this.http, this.worker, this.reaper]) this.allowSlackSecret(fn.role);
    // The Teams credentials: read by the Teams function (verifying activities, and saying when a hand-off failed),
    // the worker (its replies) and the reaper (on-call reports to a registered Teams channel), once Teams is
    // configured; without TEAMS_SECRET_ARN no code could name the secret.
    if (teamsSettings.TEAMS_SECRET_ARN) {
      for (const fn of [this.teams, this.worker, this.reaper]) {
        fn.role.addToPrincipalPolicy(
          new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.teamsSecret.secretArn] }),
        );
      }
    }

    // The durable hand-off: only the chat and Teams functions may invoke the worker.
    for (const fn of [this.http, this.teams]) {
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.worker.fn.functionArn] }),
      );
    }

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
    // The reaper counts what waits there for its on-call report: GetQueueAttributes on this queue alone.
    this.reaper.fn.addEnvironment('WORKER_DLQ_URL', this.workerDeadLetterQueue.queueUrl);
    this.workerDeadLetterQueue.grant(this.reaper.role, 'sqs:GetQueueAttributes');

    // People's schedules invoke the worker; its own ARN is known by its name, so no reference goes round in a circle.
    const workerArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: `${this.stackName}-worker`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.schedules = new BotSchedules(this, 'Schedules', { groupName: this.stackName, workerArn });
    for (const [name, value] of Object.entries(this.schedules.environment()))
      this.worker.fn.addEnvironment(name, value);
    this.workerSchedulesPolicy = this.schedules.grantManage(this.worker.role);
    // The scanner hands owner alerts to the worker as one-time schedules a minute ahead (core/owner-alerts.ts).
    this.scannerSchedulesPolicy = this.schedules.grantManage(this.scanner.role, 'ScannerSchedulesPolicy', [
      'CreateSchedule',
    ]);

    this.scheduleSync(settings);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions: this.functions,
      chatApi: this.chatApi,
      deadLetterQueues: [this.workerDeadLetterQueue, this.schedules.deadLetterQueue],
      scanIntervalMinutes: settings.scanIntervalMinutes,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });

    this.addOutputs();
    suppressReviewedFindings(this);
  }

  /** The member role each function assumes in every member account: read roles, or the worker's action role. */
  memberRoleArns(fn: MemberAccessor): string[] {
    return this.settings.memberAccountIds.map((accountId) =>
      memberRoleArn(Aws.PARTITION, accountId, this.stackName, MEMBER_ROLE_OF[fn]),
    );
  }

  /** ACCOUNT_ROLE_ARNS (the role meant for this function), its session name and the external id. */
  private memberEnvironment(fn: MemberAccessor): Record<string, string> {
    const roleArns = this.memberRoleArns(fn);
    return {
      ROLE_SESSION_NAME: MEMBER_SESSIONS[fn],
      ...(roleArns.length ? { ACCOUNT_ROLE_ARNS: roleArns.join(',') } : {}),
      ...(roleArns.length && this.settings.memberExternalId
        ? { ROLE_EXTERNAL_ID: this.settings.memberExternalId }
        : {}),
    };
  }

  /**
   * TEAMS_SECRET_ARN, TEAMS_APP_ID and TEAMS_TENANT_ID for the Teams function, the worker and the reaper, when the
   * stack has the Azure Bot's ids; none of them otherwise, and the Teams function answers POST /teams/messages as
   * unknown (404).
   */
  private teamsEnvironment(): Record<string, string> {
    const { teamsAppId, teamsTenantId } = this.settings;
    if (!teamsAppId || !teamsTenantId) return {};
    return { TEAMS_SECRET_ARN: this.teamsSecret.secretArn, TEAMS_APP_ID: teamsAppId, TEAMS_TENANT_ID: teamsTenantId };
  }

  /** The AD FS metadata: a file read at synth (context samlMetadataFile), else the SamlMetadataUrl parameter. */
  private samlMetadata(settings: DeploymentSettings): SigninMetadata {
    if (settings.samlMetadataFile) return { file: samlMetadata(settings.samlMetadataFile) };
    const url = new CfnParameter(this, 'SamlMetadataUrl', {
      type: 'String',
      description:
        'The AD FS federation metadata URL, e.g. https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml',
      allowedPattern: '^https://\\S+$',
      constraintDescription: 'must be an https URL',
    });
    return { url: url.valueAsString };
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

  private addOutputs(): void {
    const botUrl = this.chatApi.url;
    const outputs: Record<string, { value: string; description: string }> = {
      BotUrl: { value: botUrl, description: "The bot's public base URL: the HTTP API's endpoint (PUBLIC_URL)" },
      SlackRequestUrl: {
        value: `${botUrl}${CHAT_ROUTES.slackEvents.path}`,
        description: "Slack's request URL; npm run manifest -- --outputs cdk-outputs.json fills manifest.yml with it",
      },
      TeamsMessagingEndpoint: {
        value: `${botUrl}${CHAT_ROUTES.teamsMessages.path}`,
        description: "The Azure Bot's messaging endpoint (Azure Bot > Configuration > Messaging endpoint)",
      },
      SigninCallbackUrl: {
        value: `${botUrl}${CHAT_ROUTES.signinCallback.path}`,
        description: "The sign-in's callback URL, registered on the app client",
      },
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
      TeamsSecretName: {
        value: this.teamsSecret.secretName,
        description: 'Set its value to {"appPassword": "<the Azure Bot\'s client secret>"}',
      },
      AlarmTopicArn: {
        value: this.monitoring.topic.topicArn,
        description: 'Every alarm notifies this SNS topic, on alarm and back to OK; subscribe on-call to it',
      },
      DashboardName: {
        value: this.monitoring.dashboard.dashboardName,
        description: 'The CloudWatch dashboard',
      },
      WorkerDeadLetterQueueUrl: {
        value: this.workerDeadLetterQueue.queueUrl,
        description: 'Handed-off actions that failed for good',
      },
      ScheduleDeadLetterQueueUrl: {
        value: this.schedules.deadLetterQueue.queueUrl,
        description: 'Schedules whose invocation of the worker failed every retry',
      },
    };
    for (const [key, { value, description }] of Object.entries(outputs)) {
      new CfnOutput(this, key, { value, description });
    }
  }
}
