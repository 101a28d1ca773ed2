/** Runs a handed-off job: the worker Lambda's body, and the in-process queue's. */
import { deliverOwnerAlert } from '../alerts';
import { converse } from '../chat/orchestrator';
import type { Deliverers } from '../chat/port';
import { fireSchedule } from '../schedules/fire';
import { runFollowUp } from '../schedules/follow-ups';
import type { BotServices } from '../services';
import type { Job } from './jobs';
import { tellSigninOutcome } from './signin-outcome';

export interface JobContext {
  /** The delivery's id: the worker's Lambda request id, which Lambda keeps when it retries the same event. */
  deliveryId?: string;
}

/** How answers are delivered; only tests and the benchmark change the defaults. */
export interface DeliveryTuning {
  /** Waits between attempts at one address. */
  retryDelaysMs?: readonly number[];
  /** How long a response_url may take to answer. */
  responseUrlTimeoutMs?: number;
}

export async function runJob(
  services: BotServices,
  deliverers: Deliverers,
  job: Job,
  context: JobContext = {},
  tuning: DeliveryTuning = {},
): Promise<void> {
  if (job.type === 'signin-outcome') {
    await tellSigninOutcome(deliverers, job, services.log);
    return;
  }
  if (job.type === 'owner-alert') {
    await deliverOwnerAlert(
      services,
      deliverers,
      job,
      tuning.retryDelaysMs ? { retryDelaysMs: tuning.retryDelaysMs } : {},
    );
    return;
  }
  if (job.type === 'follow-up') {
    await runFollowUp(services, deliverers, job, tuning.retryDelaysMs ? { retryDelaysMs: tuning.retryDelaysMs } : {});
    return;
  }
  if (job.type === 'scheduled-action') {
    await fireSchedule(services, deliverers, job, {
      ...(context.deliveryId ? { deliveryId: context.deliveryId } : {}),
      ...(tuning.retryDelaysMs ? { retryDelaysMs: tuning.retryDelaysMs } : {}),
    });
    return;
  }
  await converse(services, deliverers, job.request, {
    ...(context.deliveryId ? { deliveryId: context.deliveryId } : {}),
    ...(tuning.retryDelaysMs ? { retryDelaysMs: tuning.retryDelaysMs } : {}),
  });
}
