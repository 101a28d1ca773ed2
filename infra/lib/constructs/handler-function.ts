/**
 * One Lambda entry point as deployed: the function (nodejs22.x on arm64, bundled locally by esbuild,
 * minified, with source maps, traced by X-Ray), its own log group with retention, its own role that may write
 * only to that log group and X-Ray, and alarms on its errors and throttles.
 */
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository root: entry points are named relative to it, and esbuild resolves packages from it. */
/**
 * How every function's code is bundled (with CommonJS output, and NODE_OPTIONS=--enable-source-maps at run time);
 * bench/slack.ts builds the chat function with these same settings. The tested SDK versions ship with the code
 * rather than whatever the runtime carries.
 */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node22',
  bundleAwsSDK: true,
} as const;

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * `bundle`: esbuild bundles the entry point (deployments, and the one test that checks the bundles).
 * `placeholder`: an inline stub instead, so tests of the template do not pay for an esbuild run per function.
 */
export type HandlerCode = 'bundle' | 'placeholder';

export interface HandlerFunctionProps {
  /** The entry point's path from the repository root, exporting `handler`. */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  code: HandlerCode;
  /** A fixed role name, for a role that member accounts trust by ARN; unset: a generated name. */
  roleName?: string;
  /** Concurrent executions reserved (and so capped) for this function; unset: the account's pool. */
  reservedConcurrency?: number;
  /** A fixed function name, for a function whose ARN it must know itself (the worker, a schedule's target). */
  functionName?: string;
}

export class HandlerFunction extends Construct {
  /** The entry point's path from the repository root. */
  readonly entry: string;
  readonly fn: NodejsFunction;
  readonly role: Role;
  /**
   * The role's only grants on `*`, kept apart from its default policy so that their cdk-nag acknowledgment covers
   * these statements alone: anything later added to the role on `*` is a finding again.
   */
  readonly anyResourcePolicy: Policy;
  readonly logGroup: LogGroup;
  readonly errorsAlarm: Alarm;
  readonly throttlesAlarm: Alarm;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    // A role of its own instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (${props.entry})`,
      ...(props.roleName ? { roleName: props.roleName } : {}),
    });
    this.logGroup.grantWrite(this.role);
    // X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions.
    this.anyResourcePolicy = new Policy(this, 'AnyResourcePolicy', {
      roles: [this.role],
      statements: [
        new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ],
    });

    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      ...(props.functionName ? { functionName: props.functionName } : {}),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      ...(props.code === 'bundle'
        ? {
            entry: path.join(REPO_ROOT, props.entry),
            handler: 'handler',
            projectRoot: REPO_ROOT,
            depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
            bundling: {
              ...BUNDLING,
              format: OutputFormat.CJS,
              forceDockerBundling: false,
              // esbuild's warnings still show; its size summary does not.
              logLevel: LogLevel.WARNING,
            },
          }
        : {
            code: Code.fromInline(
              `exports.handler = async () => { throw new Error('placeholder for ${props.entry}'); };`,
            ),
            handler: 'index.handler',
          }),
    });

    // Active X-Ray tracing, set on the resource so that its grant lands in anyResourcePolicy, not the default one.
    (this.fn.node.defaultChild as CfnFunction).tracingConfig = { mode: 'Active' };
    this.fn.node.addDependency(this.anyResourcePolicy);

    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${props.description} (${props.entry}) failed at least once in 5 minutes; see its log group.`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.throttlesAlarm = new Alarm(this, 'ThrottlesAlarm', {
      alarmDescription:
        `${props.description} (${props.entry}) was throttled in 5 minutes: its reserved concurrency or the ` +
        "account's Lambda concurrency is exhausted.",
      metric: this.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
