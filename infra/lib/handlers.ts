/**
 * The five Lambda entry points in one place: where each one's code is, and the timeouts other code relies on.
 * Moving an entry point is a one-line change here.
 */
import { Duration } from 'aws-cdk-lib';

/** The Lambda entry points, from the repository root; each exports `handler`. */
export const HANDLER_ENTRIES = {
  /** Slack's requests and the sign-in (no botbuilder). */
  http: 'bot/lambda/http.ts',
  /** Teams' activities (no Bolt): verified and handed to the worker. */
  teams: 'bot/lambda/teams.ts',
  worker: 'bot/lambda/worker.ts',
  scanner: 'sync/lambda/scan.ts',
  reaper: 'bot/lambda/reap.ts',
} as const;

export type HandlerName = keyof typeof HANDLER_ENTRIES;

/**
 * How long one worker invocation may run. The worker's idempotency treats a claim older than this as abandoned,
 * so the function gets it as WORKER_TIMEOUT_SECONDS from this same constant.
 */
export const WORKER_TIMEOUT_SECONDS = 90;
export const WORKER_TIMEOUT = Duration.seconds(WORKER_TIMEOUT_SECONDS);
