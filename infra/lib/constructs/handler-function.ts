/**
 * One Lambda entry point as deployed: the function (nodejs22.x on arm64, bundled locally by esbuild,
 * minified, with source maps), its own log group with retention, its own role that may write only to
 * that log group, and an alarm on its errors.
 */
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
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
 * `placeholder`: an inline stub instead, so tests of the template do not pay for four esbuild runs.
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
  /** Where the errors alarm sends its notifications, if anywhere. */
  alarmAction?: IAlarmAction;
}

export class HandlerFunction extends Construct {
  /** The entry point's path from the repository root. */
  readonly entry: string;
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly errorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    // A role of its own instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (${props.entry})`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
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

    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${props.description} (${props.entry}) failed at least once in 5 minutes; see its log group.`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmAction) this.errorsAlarm.addAlarmAction(props.alarmAction);
  }
}
