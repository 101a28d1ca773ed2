import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type { HandlerFunction } from '../../infra/lib/constructs/handler-function';

import { HANDLER_ENTRIES, WORKER_TIMEOUT_SECONDS } from '../../infra/lib/handlers';
import { buildStack, MEMBER_ACCOUNTS, REPO_ROOT, resources, WITH_MEMBERS, WITH_TEAMS } from './stack-fixture';

const plain = buildStack();
const configured = buildStack({
  ...WITH_MEMBERS,
  regionList: ['us-east-1', 'eu-west-1'],
  scanHomeAccount: false,
  scanIntervalMinutes: 5,
  reapIntervalMinutes: 45,
  oncallSlackChannel: 'C0ONCALL1',
  logRetentionDays: 90,
  alarmEmail: 'oncall@example.com',
  workerConcurrency: 4,
  botSettings: { USER_GROUP: 'WorkSpacesUsers', LOG_LEVEL: 'DEBUG' },
});
const withTeams = buildStack(WITH_TEAMS);

const ref = (stack: typeof plain.stack, construct: { node: { defaultChild?: unknown } }) => ({
  Ref: stack.getLogicalId(construct.node.defaultChild as never),
});
const fnId = (built: typeof plain, fn: HandlerFunction) => built.stack.getLogicalId(fn.fn.node.defaultChild as never);
const variablesOf = (built: typeof plain, fn: HandlerFunction): Record<string, unknown> =>
  (
    resources(built.template, 'AWS::Lambda::Function')[fnId(built, fn)]!.Properties as {
      Environment: { Variables: Record<string, unknown> };
    }
  ).Environment.Variables;

const functions = (built: typeof plain) => built.stack.functions;

describe('the five functions', () => {
  it('run nodejs22.x on arm64, with source maps turned on', () => {
    const all = resources(plain.template, 'AWS::Lambda::Function');
    expect(Object.keys(all)).toHaveLength(Object.keys(HANDLER_ENTRIES).length);
    expect(Object.keys(functions(plain)).sort()).toEqual(Object.keys(HANDLER_ENTRIES).sort());
    plain.template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it('each log to a log group of their own; every log group of the stack keeps the configured retention', () => {
    for (const built of [plain, configured]) {
      const days = built === plain ? 30 : 90;
      const groups = resources(built.template, 'AWS::Logs::LogGroup');
      // Each function's and the API's access logs; nothing creates a log group of its own at run time.
      expect(Object.values(groups).map((group) => group.Properties?.RetentionInDays)).toEqual(
        Array(Object.keys(HANDLER_ENTRIES).length + 1).fill(days),
      );
      expect(resources(built.template, 'Custom::LogRetention')).toEqual({});
      for (const fn of Object.values(functions(built))) {
        const props = resources(built.template, 'AWS::Lambda::Function')[fnId(built, fn)]!.Properties!;
        expect(props.LoggingConfig).toEqual({ LogGroup: ref(built.stack, fn.logGroup) });
      }
    }
  });

  it('set only variables the code reads (core/config.ts, core/logger.ts, bot/slack/settings.ts, bot/teams/settings.ts), documented in docs/configuration.md', () => {
    const configSource = ['core/config.ts', 'core/logger.ts', 'bot/slack/settings.ts', 'bot/teams/settings.ts']
      .map((file) => readFileSync(path.join(REPO_ROOT, file), 'utf8'))
      .join('\n');
    const docs = readFileSync(path.join(REPO_ROOT, 'docs/configuration.md'), 'utf8');
    for (const built of [plain, configured, withTeams]) {
      for (const fn of Object.values(functions(built))) {
        for (const name of Object.keys(variablesOf(built, fn))) {
          if (name === 'NODE_OPTIONS') continue;
          expect([name, configSource.includes(`env.${name}`) || configSource.includes(`'${name}'`)]).toEqual([
            name,
            true,
          ]);
          expect([name, docs.includes(`\`${name}\``)]).toEqual([name, true]);
        }
      }
    }
  });

  it('are traced by X-Ray; the worker, the scanner and the reaper have reserved concurrency (1 for the sync)', () => {
    plain.template.allResourcesProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
    const reserved = (built: typeof plain, fn: HandlerFunction) =>
      resources(built.template, 'AWS::Lambda::Function')[fnId(built, fn)]!.Properties!.ReservedConcurrentExecutions;
    expect(reserved(plain, plain.stack.worker)).toBe(10);
    expect(reserved(configured, configured.stack.worker)).toBe(4);
    expect(reserved(plain, plain.stack.scanner)).toBe(1);
    expect(reserved(plain, plain.stack.reaper)).toBe(1);
    // The chat and Teams functions are limited by the API's throttling instead: Slack's retries must not find them
    // capped, nor Teams' activities.
    expect(reserved(plain, plain.stack.http)).toBeUndefined();
    expect(reserved(plain, plain.stack.teams)).toBeUndefined();
  });

  it('give the worker its own timeout as WORKER_TIMEOUT_SECONDS, the claim age its idempotency gives up on', () => {
    const props = resources(plain.template, 'AWS::Lambda::Function')[fnId(plain, plain.stack.worker)]!.Properties!;
    expect(props.Timeout).toBe(WORKER_TIMEOUT_SECONDS);
    expect(variablesOf(plain, plain.stack.worker)).toMatchObject({ WORKER_TIMEOUT_SECONDS: String(props.Timeout) });
  });

  it('give the chat function and the worker the sign-in, the public URL and the Slack secret; only the chat function the worker', () => {
    const { stack } = plain;
    const chat = {
      AUTH_CLIENT_ID: ref(stack, stack.signin.client),
      AUTH_DOMAIN_URL: expect.objectContaining({ 'Fn::Join': expect.anything() }),
      AUTH_ISSUER: {
        'Fn::Join': [
          '',
          [
            'https://cognito-idp.',
            { Ref: 'AWS::Region' },
            '.',
            { Ref: 'AWS::URLSuffix' },
            '/',
            ref(stack, stack.signin.userPool),
          ],
        ],
      },
      AUTH_IDENTITY_PROVIDER: ref(stack, stack.signin.provider),
      PUBLIC_URL: { 'Fn::GetAtt': [stack.getLogicalId(stack.chatApi.api.node.defaultChild as never), 'ApiEndpoint'] },
      SLACK_SECRET_ARN: ref(stack, stack.slackSecret),
      SCAN_INTERVAL_MINUTES: '10',
    };
    expect(variablesOf(plain, stack.http)).toMatchObject({
      ...chat,
      WORKER_FUNCTION_NAME: ref(stack, stack.worker.fn),
    });
    // The worker runs the conversation: it answers in chat and makes sign-in links.
    expect(variablesOf(plain, stack.worker)).toMatchObject({ ...chat, WORKER_TIMEOUT_SECONDS: '90' });
    expect(variablesOf(plain, stack.worker)).not.toHaveProperty('WORKER_FUNCTION_NAME');
    for (const fn of [stack.teams, stack.scanner, stack.reaper]) {
      expect(
        Object.keys(variablesOf(plain, fn)).filter((name) => name.startsWith('AUTH_') || name === 'PUBLIC_URL'),
      ).toEqual([]);
    }
    expect(variablesOf(plain, stack.reaper)).toMatchObject({ SLACK_SECRET_ARN: ref(stack, stack.slackSecret) });
    for (const fn of [stack.teams, stack.scanner])
      expect(variablesOf(plain, fn)).not.toHaveProperty('SLACK_SECRET_ARN');
  });

  it('give the Teams function the worker to hand off to and the operator settings, and no table, sign-in or Slack', () => {
    for (const built of [plain, configured, withTeams]) {
      const { stack } = built;
      const teams = Object.fromEntries(
        Object.entries(variablesOf(withTeams, withTeams.stack.teams)).filter(([name]) => name.startsWith('TEAMS_')),
      );
      expect(variablesOf(built, stack.teams)).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        WORKER_FUNCTION_NAME: ref(stack, stack.worker.fn),
        ...built.stack.settings.botSettings,
        ...(built === withTeams ? teams : {}),
      });
    }
    expect(configured.stack.settings.botSettings).toMatchObject({ LOG_LEVEL: 'DEBUG' });
  });

  it('give the Teams function, the worker and the reaper (on-call reports) the Teams secret and ids once Teams is configured, and no Teams at all before', () => {
    const { stack } = withTeams;
    const teams = {
      TEAMS_SECRET_ARN: ref(stack, stack.teamsSecret),
      TEAMS_APP_ID: WITH_TEAMS.teamsAppId,
      TEAMS_TENANT_ID: WITH_TEAMS.teamsTenantId,
    };
    for (const fn of [stack.teams, stack.worker, stack.reaper]) expect(variablesOf(withTeams, fn)).toMatchObject(teams);
    const teamsVariables = (built: typeof plain, fn: HandlerFunction) =>
      Object.keys(variablesOf(built, fn)).filter((name) => name.startsWith('TEAMS_'));
    // The chat function serves Slack and the sign-in only: it reads no Teams setting.
    for (const fn of [stack.http, stack.scanner]) expect(teamsVariables(withTeams, fn)).toEqual([]);
    for (const fn of Object.values(functions(plain))) expect(teamsVariables(plain, fn)).toEqual([]);
    // The route is there either way: the bot answers it as not configured until the ids come.
    for (const built of [plain, withTeams]) {
      built.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /teams/messages' });
    }
  });

  it('pass the scan settings: member roles, regions, home account, on-call channel, interval, bot settings', () => {
    const { stack } = configured;
    /** `arn:<partition>:iam::<account>:role/WorkspacesBot-member-<role>` for each member account, comma-separated. */
    const roles = (role: 'read' | 'act') => {
      const parts: unknown[] = [];
      MEMBER_ACCOUNTS.forEach((account, i) => {
        if (i) parts[parts.length - 1] = `${parts[parts.length - 1]},arn:`;
        else parts.push('arn:');
        parts.push({ Ref: 'AWS::Partition' }, `:iam::${account}:role/WorkspacesBot-member-${role}`);
      });
      return { 'Fn::Join': ['', parts] };
    };
    expect(variablesOf(configured, stack.scanner)).toMatchObject({
      ACCOUNT_ROLE_ARNS: roles('read'),
      ROLE_SESSION_NAME: 'workspaces-bot-scan',
      ROLE_EXTERNAL_ID: WITH_MEMBERS.memberExternalId,
      REGIONLIST: 'us-east-1,eu-west-1',
      SCAN_HOME_ACCOUNT: 'false',
      SCAN_INTERVAL_MINUTES: '5',
      USER_GROUP: 'WorkSpacesUsers',
      LOG_LEVEL: 'DEBUG',
    });
    // Each function the role meant for it, under a session name of its own.
    expect(variablesOf(configured, stack.reaper)).toMatchObject({
      ACCOUNT_ROLE_ARNS: roles('read'),
      ROLE_SESSION_NAME: 'workspaces-bot-reap',
      ROLE_EXTERNAL_ID: WITH_MEMBERS.memberExternalId,
      ONCALL_SLACK_CHANNEL: 'C0ONCALL1',
    });
    expect(variablesOf(configured, stack.worker)).toMatchObject({
      ACCOUNT_ROLE_ARNS: roles('act'),
      ROLE_SESSION_NAME: 'workspaces-bot-act',
      ROLE_EXTERNAL_ID: WITH_MEMBERS.memberExternalId,
    });
    for (const name of ['ACCOUNT_ROLE_ARNS', 'ROLE_SESSION_NAME', 'ROLE_EXTERNAL_ID']) {
      expect(variablesOf(configured, stack.http)).not.toHaveProperty(name);
    }
    for (const name of ['ACCOUNT_ROLE_ARNS', 'ROLE_EXTERNAL_ID', 'REGIONLIST', 'ONCALL_SLACK_CHANNEL']) {
      for (const fn of Object.values(functions(plain))) expect(variablesOf(plain, fn)).not.toHaveProperty(name);
    }
    expect(variablesOf(plain, plain.stack.scanner)).toMatchObject({ SCAN_HOME_ACCOUNT: 'true' });
  });
});

describe('the hand-off to the worker', () => {
  it('retries a failed job twice, gives up after 15 minutes, and keeps it in an encrypted dead-letter queue', () => {
    const { stack, template } = plain;
    const queueId = stack.getLogicalId(stack.workerDeadLetterQueue.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId(plain, stack.worker) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 900,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });
});

describe('the schedules', () => {
  it.each([
    [plain, 10, 30],
    [configured, 5, 45],
  ])('run the scanner and the reaper at their rates, with retries (%#)', (built, scan, reap) => {
    const { stack, template } = built;
    const schedules = Object.values(resources(template, 'AWS::Scheduler::Schedule')).map((s) => s.Properties!);
    expect(schedules).toHaveLength(2);
    const targetOf = (fn: HandlerFunction) =>
      schedules.find(
        (s) =>
          JSON.stringify((s.Target as { Arn: unknown }).Arn) ===
          JSON.stringify({ 'Fn::GetAtt': [fnId(built, fn), 'Arn'] }),
      );
    expect(targetOf(stack.scanner)).toMatchObject({
      ScheduleExpression: `rate(${scan} minutes)`,
      State: 'ENABLED',
      Target: { RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: scan * 60 } },
    });
    expect(targetOf(stack.reaper)).toMatchObject({
      ScheduleExpression: `rate(${reap} minutes)`,
      State: 'ENABLED',
      Target: { RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: reap * 60 } },
    });
    // A failed run is not retried by Lambda: the next scheduled run does the same work.
    for (const [fn, minutes] of [
      [stack.scanner, scan],
      [stack.reaper, reap],
    ] as const) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(built, fn) },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: minutes * 60,
      });
    }
  });

  it('keeps a delayed daily reaper run no longer than Lambda allows (6 hours)', () => {
    const daily = buildStack({ reapIntervalMinutes: 1440 });
    daily.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId(daily, daily.stack.reaper) },
      MaximumEventAgeInSeconds: 21600,
    });
    daily.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 86400 } }),
    });
  });
});
