/**
 * Slow work handed off after the chat platform's ack: an action on WorkSpaces, reported back where the
 * person asked. Jobs are plain JSON so an asynchronous Lambda invocation can carry them.
 */
import type { ChatIdentity } from '../../core/policy';
import type { Action } from '../../core/rules';

/** Where to report the outcome. */
export type ReplyTarget =
  /** Slack: the interaction's response_url; replace the message the click came from, or post a new one. */
  | { kind: 'slack-response-url'; url: string; replaceOriginal: boolean }
  /** Slack: a DM or channel message the bot posted and may update. */
  | { kind: 'slack-message'; channel: string; ts?: string };

/** Whether a delivery to the target replaces what is there (so sending the same view again changes nothing). */
export function replacesInPlace(target: ReplyTarget): boolean {
  return target.kind === 'slack-response-url' ? target.replaceOriginal : target.ts !== undefined;
}

export interface ActionJob {
  type: 'action';
  chat: ChatIdentity;
  action: Action;
  workspaceIds: string[];
  /** The click or command this came from: a second delivery with the same key acts not again. */
  requestKey: string;
  /** When this attempt under requestKey was made (a click's action_ts, epoch seconds): a later click acts again. */
  attemptAt?: number;
  /** How the person is named in "requested by ...". */
  requestedBy: string;
  reply: ReplyTarget;
}

export type Job = ActionJob;

/** Hands a job off durably: it must be accepted before the listener returns. */
export interface WorkQueue {
  enqueue(job: Job): Promise<void>;
}
