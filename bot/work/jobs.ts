/**
 * Work handed off after the chat platform's ack: a whole conversation turn, run by the worker and answered where
 * the person asked. Jobs are plain JSON, so an asynchronous Lambda invocation can carry them.
 */
import type { InboundRequest } from '../chat/port';

export interface ConverseJob {
  type: 'converse';
  request: InboundRequest;
}

export type Job = ConverseJob;

/** Hands a job off durably: it must be accepted before the entry point answers. */
export interface WorkQueue {
  enqueue(job: Job): Promise<void>;
}
