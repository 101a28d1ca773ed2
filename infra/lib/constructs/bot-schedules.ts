/**
 * What people's one-time schedules need (bot/schedules/): the deployment's schedule group, the role EventBridge
 * Scheduler assumes to invoke the worker (trusted by scheduler.amazonaws.com for this account only, allowed to invoke
 * the worker and nothing else, and to send to the dead-letter queue), and that queue, for invocations that failed
 * every retry. The worker gets the variables that name them, and the grants to create and delete schedules in the
 * group and to pass this role, to Scheduler only.
 */
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import { type IRole, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

export interface BotSchedulesProps {
  /** The schedule group's name: 1–64 of [0-9a-zA-Z-_.]. */
  groupName: string;
  /**
   * The one function schedules invoke: the worker's ARN, formed from its fixed name, since the worker itself is told
   * it (a reference to its own ARN would go round in a circle).
   */
  workerArn: string;
}

export class BotSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  private readonly workerArn: string;

  constructor(scope: Construct, id: string, props: BotSchedulesProps) {
    super(scope, id);
    this.workerArn = props.workerArn;
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: props.groupName });
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // The confused-deputy guard: only Scheduler acting for this account may assume it.
    this.role = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal(SCHEDULER_SERVICE, {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: "EventBridge Scheduler invokes the WorkSpaces bot's worker for people's one-time schedules",
    });
    this.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.workerArn] }));
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
  }

  /** The ARN pattern of the group's schedules: `schedule/<group>/*`. */
  get schedulesArn(): string {
    const stack = Stack.of(this);
    return stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
  }

  /** What the worker reads (core/config.ts, ScheduleSettings). */
  environment(): Record<string, string> {
    return {
      SCHEDULE_GROUP: this.group.scheduleGroupName,
      SCHEDULE_TARGET_ARN: this.workerArn,
      SCHEDULER_ROLE_ARN: this.role.roleArn,
      SCHEDULE_DLQ_ARN: this.deadLetterQueue.queueArn,
    };
  }

  /**
   * Creating and deleting schedules in the group, and passing the invoke role, to Scheduler and nobody else: in a
   * policy of its own, so that the acknowledgment of its `schedule/<group>/*` covers these grants alone.
   */
  grantManage(role: IRole, id = 'ManageSchedulesPolicy', actions = ['CreateSchedule', 'DeleteSchedule']): Policy {
    return new Policy(this, id, {
      roles: [role],
      statements: [
        new PolicyStatement({
          actions: actions.map((action) => `scheduler:${action}`),
          resources: [this.schedulesArn],
        }),
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': SCHEDULER_SERVICE } },
        }),
      ],
    });
  }
}
