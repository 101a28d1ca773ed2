/**
 * Work handed off after the chat platform's ack: a whole conversation turn, run by the worker and answered where
 * the person asked; or telling a person what came of their sign-in (the sign-in routes finish in the chat function,
 * which delivers nothing itself). Jobs are plain JSON, so an asynchronous Lambda invocation can carry them.
 */
import type { Link } from '../../core/data/links';
import type { PendingSchedule } from '../../core/data/schedules';
import type { AdUser, GroupNames } from '../../core/identity';
import type { OwnerAlertJob } from '../../core/owner-alerts';
import type { ChatIdentity } from '../../core/policy';
import type { InboundRequest, ReplyAddresses } from '../chat/port';
import type { FollowUp } from '../schedules/follow-ups';

export interface ConverseJob {
  type: 'converse';
  request: InboundRequest;
}

/** A finished sign-in, to be told in chat at the address kept with its state. */
export interface SigninOutcomeJob {
  type: 'signin-outcome';
  /** The chat account that signed in. */
  chat: ChatIdentity;
  notify: unknown;
  outcome: { kind: 'linked'; link: Link } | { kind: 'no-group'; adUser: AdUser; groups: GroupNames };
}

/**
 * A one-time schedule that came due: EventBridge Scheduler invokes the worker with this as the event (the schedule's
 * Input). The index entry, not this copy, decides: a schedule cancelled meanwhile has none and does nothing.
 */
export interface ScheduledActionJob {
  type: 'scheduled-action';
  schedule: PendingSchedule<ReplyAddresses>;
}

export type { OwnerAlertJob } from '../../core/owner-alerts';

/** A check back after an action (bot/schedules/follow-ups.ts), as a short one-time schedule fires it. */
export interface FollowUpJob {
  type: 'follow-up';
  followUp: FollowUp;
}

export type Job = ConverseJob | SigninOutcomeJob | ScheduledActionJob | FollowUpJob | OwnerAlertJob;

/** Hands a job off durably: it must be accepted before the entry point answers. */
export interface WorkQueue {
  enqueue(job: Job): Promise<void>;
}
