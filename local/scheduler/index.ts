/**
 * A local stand-in for Amazon EventBridge Scheduler that the real `@aws-sdk/client-scheduler` talks to through
 * AWS_ENDPOINT_URL_SCHEDULER: CreateSchedule, GetSchedule, DeleteSchedule, ListSchedules and the schedule-group
 * operations, validated as the service validates them, and a clock that fires due one-time schedules into a target
 * (the worker) with the schedule's Input as the event. No emulator fires schedules (moto and LocalStack only store
 * them), hence this one.
 */
import { serve } from '../http/listen';
import { SchedulerModel, type SchedulerModelOptions, type TargetInvoker } from './model';
import { handleSchedulerRequest } from './server';

export {
  atInstant,
  DEFAULT_GROUP,
  type DeadLetter,
  type Invocation,
  isTimeZone,
  SchedulerModel,
  type StoredSchedule,
  type TargetInvocation,
  type TargetInvoker,
} from './model';

export interface SchedulerStandInOptions extends SchedulerModelOptions {
  host?: string;
  port?: number;
  /**
   * How often the clock looks for due schedules on its own (ms), as the service would at real time; 0 (the
   * default): only when advance() or fireDue() is called, which is what tests want.
   */
  tickMs?: number;
}

export interface SchedulerStandIn {
  url: string;
  model: SchedulerModel;
  /** Points the SDK's Scheduler client here. */
  env(): { AWS_ENDPOINT_URL_SCHEDULER: string };
  /** Moves the clock forward and fires what is then due; resolves once the targets have answered. */
  advance(ms: number): ReturnType<SchedulerModel['advance']>;
  /** Connects the target that due schedules invoke (the worker). */
  setTarget(target: TargetInvoker | undefined): void;
  close(): Promise<void>;
}

export async function startScheduler(options: SchedulerStandInOptions = {}): Promise<SchedulerStandIn> {
  const model = new SchedulerModel(options);
  const served = await serve((req, res) => handleSchedulerRequest(model, req, res), options);
  const timer =
    options.tickMs && options.tickMs > 0
      ? setInterval(() => void model.fireDue().catch(() => undefined), options.tickMs)
      : undefined;
  timer?.unref();
  return {
    url: served.url,
    model,
    env: () => ({ AWS_ENDPOINT_URL_SCHEDULER: served.url }),
    advance: (ms) => model.advance(ms),
    setTarget: (target) => model.setTarget(target),
    close: async () => {
      if (timer) clearInterval(timer);
      await served.close();
    },
  };
}
