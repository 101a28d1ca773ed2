/**
 * Where a chat platform's HTTP entry point leaves a verified request: handed durably to the worker, awaited before
 * the entry point answers (a floating promise is lost when Lambda freezes). When the hand-off itself fails, the
 * person is told at once that nothing was done, rather than left waiting for an answer that cannot come.
 */
import type { Log } from '../../core/logger';
import { handOffFailed } from '../views/delivery';
import type { WorkQueue } from '../work/jobs';
import { type Deliverers, delivererFor, type InboundRequest } from './port';

export interface Inbox {
  /** Whether the request was handed off; when not, the person has been told (or the failure logged). */
  accept(request: InboundRequest): Promise<boolean>;
}

export function inbox(queue: WorkQueue, deliverers: Deliverers, log: Log): Inbox {
  return {
    async accept(request) {
      try {
        await queue.enqueue({ type: 'converse', request });
        return true;
      } catch (error) {
        log.error('Could not hand the request to the worker', { requestKey: request.requestKey, error: String(error) });
        await delivererFor(deliverers, request.chat.platform)
          .send(request.reply.below, handOffFailed())
          .catch((failure: unknown) =>
            log.error('Could not say that the hand-off failed', {
              requestKey: request.requestKey,
              error: String(failure),
            }),
          );
        return false;
      }
    },
  };
}
