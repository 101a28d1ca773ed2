/**
 * Work handed off after the chat platform's ack: a whole conversation turn, run by the worker and answered where
 * the person asked; or telling a person what came of their sign-in (the sign-in routes finish in the chat function,
 * which delivers nothing itself). Jobs are plain JSON, so an asynchronous Lambda invocation can carry them.
 */
import type { Link } from '../../core/data/links';
import type { AdUser, GroupNames } from '../../core/identity';
import type { ChatPlatform } from '../../core/policy';
import type { InboundRequest } from '../chat/port';

export interface ConverseJob {
  type: 'converse';
  request: InboundRequest;
}

/** A finished sign-in, to be told in chat at the address kept with its state. */
export interface SigninOutcomeJob {
  type: 'signin-outcome';
  platform: ChatPlatform;
  notify: unknown;
  outcome: { kind: 'linked'; link: Link } | { kind: 'no-group'; adUser: AdUser; groups: GroupNames };
}

export type Job = ConverseJob | SigninOutcomeJob;

/** Hands a job off durably: it must be accepted before the entry point answers. */
export interface WorkQueue {
  enqueue(job: Job): Promise<void>;
}
