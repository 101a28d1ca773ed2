/**
 * The Scheduler stand-in as a deployment's schedules would be set up: the bot's group exists, the target is the
 * worker (invoked with the schedule's Input as its event, as Lambda would be), and the variables name the target,
 * the role and the dead-letter queue as the stack's outputs would. For npm start and the tests.
 */
import { DEFAULT_HOME_ACCOUNT } from '../workspaces-sim';
import { type SchedulerStandIn, type SchedulerStandInOptions, startScheduler } from '.';

export const LOCAL_SCHEDULE_GROUP = 'workspaces-bot';
const ACCOUNT = DEFAULT_HOME_ACCOUNT;
export const LOCAL_SCHEDULE_TARGET = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:workspaces-bot-worker`;

export interface LocalScheduler {
  standIn: SchedulerStandIn;
  /** The bot's variables for schedules, and the endpoint that reaches the stand-in. */
  env: Record<string, string>;
  /** Connects the worker: each due schedule's event is handed to it, and the firing waits for it. */
  connect(work: (event: unknown) => Promise<void>): void;
}

export async function startLocalScheduler(options: SchedulerStandInOptions = {}): Promise<LocalScheduler> {
  const standIn = await startScheduler({ ...options, groups: [LOCAL_SCHEDULE_GROUP, ...(options.groups ?? [])] });
  return {
    standIn,
    env: {
      ...standIn.env(),
      SCHEDULE_GROUP: LOCAL_SCHEDULE_GROUP,
      SCHEDULE_TARGET_ARN: LOCAL_SCHEDULE_TARGET,
      SCHEDULER_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/workspaces-bot-scheduler`,
      SCHEDULE_DLQ_ARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:workspaces-bot-schedules-dlq`,
    },
    connect(work) {
      standIn.setTarget(async ({ arn, event }) => {
        if (arn !== LOCAL_SCHEDULE_TARGET) throw new Error(`no function ${arn} here`);
        await work(event);
      });
    },
  };
}
