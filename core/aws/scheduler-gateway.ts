/**
 * One-time schedules in EventBridge Scheduler: `at(...)` in the person's time zone, no flexible window, deleted once
 * they have run, with a client token so a repeated request makes one schedule. The client comes from the SDK's
 * default configuration (AWS_ENDPOINT_URL_SCHEDULER reaches the local stand-in).
 */
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { RetrySettings } from './dynamodb';
import { withoutSdkLogging } from './sdk-logging';

export interface OneTimeSchedule {
  name: string;
  /** `yyyy-mm-ddThh:mm:ss` in `zone`. */
  wall: string;
  zone: string;
  /** The target's event (the worker's job). */
  input: unknown;
  /** The same token for a repeated request: Scheduler answers it with the schedule it made. */
  clientToken: string;
  description?: string;
}

export interface ScheduleTarget {
  groupName: string;
  targetArn: string;
  roleArn: string;
  deadLetterArn?: string;
}

export interface SchedulerGateway {
  create(schedule: OneTimeSchedule): Promise<void>;
  /** Deletes a schedule; false when it was not there (it had fired, or was never made). */
  delete(name: string): Promise<boolean>;
}

/** How often Scheduler retries a failed invocation of the worker, and for how long, before the dead-letter queue. */
export const SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } as const;

export function schedulerGateway(target: ScheduleTarget, retry: RetrySettings): SchedulerGateway {
  let client: SchedulerClient | undefined;
  const scheduler = () => {
    client ??= withoutSdkLogging(new SchedulerClient({ retryMode: retry.retryMode, maxAttempts: retry.maxAttempts }));
    return client;
  };
  return {
    async create(schedule) {
      await scheduler().send(
        new CreateScheduleCommand({
          Name: schedule.name,
          GroupName: target.groupName,
          ScheduleExpression: `at(${schedule.wall})`,
          ScheduleExpressionTimezone: schedule.zone,
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          ClientToken: schedule.clientToken,
          State: 'ENABLED',
          ...(schedule.description ? { Description: schedule.description } : {}),
          Target: {
            Arn: target.targetArn,
            RoleArn: target.roleArn,
            Input: JSON.stringify(schedule.input),
            RetryPolicy: { ...SCHEDULE_RETRY_POLICY },
            ...(target.deadLetterArn ? { DeadLetterConfig: { Arn: target.deadLetterArn } } : {}),
          },
        }),
      );
    },
    async delete(name) {
      try {
        await scheduler().send(new DeleteScheduleCommand({ Name: name, GroupName: target.groupName }));
        return true;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return false;
        throw error;
      }
    },
  };
}
