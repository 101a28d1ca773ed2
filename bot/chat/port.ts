/**
 * The chat port: what every chat platform's adapter speaks with the conversation. An adapter's HTTP entry point
 * verifies a request, turns it into an InboundRequest (who asks, what, where answers go) and hands it to the worker;
 * the orchestrator (orchestrator.ts) runs the conversation and answers through the platform's Deliverer. Everything
 * here is plain, serialisable data: a request crosses a Lambda invocation as JSON. No platform SDK is imported.
 */
import type { Link } from '../../core/data/links';
import type { ChatIdentity, ChatPlatform } from '../../core/policy';
import type { Action } from '../../core/rules';
import type { OnCallReport } from '../../sync/report';
import type { MessageView, WorkspaceView } from '../views';

/** What the person asked for. */
export type Intent =
  /** A typed command: `/workspace reboot ws-1` (Slack), `reboot ws-1` (Teams). */
  | { kind: 'command'; text: string }
  /**
   * A click on an action button, menu entry or chooser entry. `confirmed` is set by a click on a separate
   * confirmation step; on a surface that confirms inline, every click on a destructive button was confirmed.
   */
  | { kind: 'click'; action: Action | 'status'; workspaceId: string; confirmed?: boolean }
  /** A click whose value names nothing the bot made (an old or tampered button): answered, nothing looked up. */
  | { kind: 'unreadable-click' }
  /** Next / Previous on the fleet overview; the cursor carries the filters. */
  | { kind: 'fleet-page'; cursor: string }
  /** The WorkSpace id typed into the terminate form (the platform checked it matches). */
  | { kind: 'typed-confirmation'; action: Action; workspaceId: string }
  /** The person opened the bot's home (Slack's App Home tab). */
  | { kind: 'home' }
  /** A click on a schedule's Confirm, Cancel or Don't-schedule button. */
  | ScheduleIntent;

/**
 * What a schedule's buttons ask for (bot/chat/intent-buttons.ts carries them in a button's value): create the
 * schedule the person was asked about, leave it, or cancel a pending one (named, with its owner).
 */
export type ScheduleIntent =
  | { kind: 'schedule-confirm'; action: Action; workspaceId: string; wall: string; zone: string }
  | { kind: 'schedule-dismiss'; action: Action; workspaceId: string }
  | { kind: 'schedule-cancel'; name: string; owner: ChatIdentity };

/**
 * Where answers go, per platform. Slack: an interaction's response_url (in place, or a new message below), a bot
 * message (a DM or channel, updated in place when `ts` is known), or the App Home tab. Teams: a conversation (a new
 * message, or the message `activityId` updated in place), or the person's personal chat with the bot, opened when
 * first needed. A Teams conversation shared with others (a channel, a group chat) never shows a private view: it
 * goes to the personal chat of `userId`, the person who asked.
 */
export type ReplyAddress =
  | { platform: 'slack'; kind: 'response-url'; url: string; replaceOriginal: boolean }
  | { platform: 'slack'; kind: 'message'; channel: string; ts?: string }
  | { platform: 'slack'; kind: 'home'; userId: string }
  | {
      platform: 'teams';
      kind: 'conversation';
      serviceUrl: string;
      tenantId: string;
      conversationId: string;
      shared: boolean;
      /** The Teams user id (`29:…`) of the person the answers are for. */
      userId: string;
      activityId?: string;
    }
  | { platform: 'teams'; kind: 'personal'; serviceUrl: string; tenantId: string; userId: string };

/** Whether sending to an address replaces what is there, rather than adding a message. */
export function replacesAt(address: ReplyAddress): boolean {
  switch (address.kind) {
    case 'response-url':
      return address.replaceOriginal;
    case 'message':
      return address.ts !== undefined;
    case 'home':
      return true;
    case 'conversation':
      return address.activityId !== undefined;
    case 'personal':
      return false;
  }
}

export interface ReplyAddresses {
  /** Replaces what the person acted on (the clicked message), or the command's own answer. */
  inPlace: ReplyAddress;
  /** A new message next to it: refusals and notes that must not wipe what the person was looking at. */
  below: ReplyAddress;
  /** Where to tell the person when the addresses above cannot be reached (a DM with the bot). */
  fallback?: ReplyAddress;
}

export interface InboundRequest {
  chat: ChatIdentity;
  /** How the person is named in "requested by …": `@alice`. */
  requestedBy: string;
  intent: Intent;
  /** The request's idempotency key: a platform retry or a double click carries the same key. */
  requestKey: string;
  /** When this attempt was made (epoch seconds; a click's time) when the key is shared by attempts. */
  attemptAt?: number;
  reply: ReplyAddresses;
  /** Platform data a deliverer needs once, such as Slack's trigger_id for opening a form (it lives 3 seconds). */
  formTrigger?: string;
  /** The person's IANA time zone, when the platform sends it with each request (Teams' clientInfo). */
  timeZone?: string;
  /** The channel the request was made in, as an address to post to later; unset in a direct message. */
  here?: ReplyAddress;
  /**
   * The platform may deliver this very request again under the same key (Teams re-sends an activity it believes went
   * unanswered): a worker that has answered it does not answer again. Remembered in the worker's memory, not in
   * DynamoDB, so it costs the answer nothing: a re-delivery that reaches another worker is answered twice. Actions
   * act once per key whatever this says (performAction's idempotency records).
   */
  answerOnce?: true;
}

/** What a chat surface can do, so the conversation asks the right way. */
export interface Surface {
  /** Destructive buttons ask in a client-side dialog before the click is sent (Slack); otherwise a separate step. */
  confirmsInline: boolean;
  /** The typed confirmation (terminate) is a form the deliverer opens (Slack's modal) or part of a message. */
  typedConfirmation: 'form' | 'message';
}

/** A delivery failed. `permanent`: retrying the same address cannot help (a 404 response_url, a missing channel). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** Who is asking, as the platform tells it. */
export interface Asker {
  chat: ChatIdentity;
  /** The chat account's email, when the platform gives it: a sign-in must come from the same person. */
  email?: () => Promise<string | undefined>;
  /** Resolves a mention of another chat user to that user's link, for admins naming someone. */
  linkOf?: (chatUserId: string) => Promise<Link | undefined>;
  /** Where to tell the person, later, what came of a sign-in, when the platform needs more than their id for it. */
  notifyAt?: ReplyAddress;
  /** The conversation the request was made in, when it is a channel the bot can post to later (`oncall here`). */
  here?: ReplyAddress;
  /** The person's IANA time zone, when the platform knows it (Slack: users.info's tz; Teams: the clientInfo entity). */
  timeZone?: () => Promise<string | undefined>;
}

/** One platform's way of answering, and of telling who asks. */
export interface Deliverer {
  readonly platform: ChatPlatform;
  /** What the platform can show, so the conversation asks the right way. */
  readonly surface: Surface;
  /** The person behind a request, with the platform's look-ups (their email, the people they mention). */
  asker(request: InboundRequest): Asker;
  /**
   * Sends one view to an address; resolves with the address of the message it posted, when that can be updated
   * later (a Slack bot message's channel and ts). Throws DeliveryError.
   */
  send(address: ReplyAddress, view: MessageView): Promise<ReplyAddress | undefined>;
  /** Shows several views at once where the platform has a home (Slack's App Home tab). */
  publishHome?(address: ReplyAddress, views: readonly MessageView[]): Promise<undefined>;
  /**
   * Opens the form in which the WorkSpace id is typed (Slack: a modal on the request's trigger). False when it
   * cannot (the trigger expired): the orchestrator then asks in a message instead.
   */
  openTypedConfirmation?(request: InboundRequest, workspace: WorkspaceView): Promise<boolean>;
  /** Posts an on-call report to a channel, in as many messages as it takes (Slack: a message and its thread). */
  postReport?(address: ReplyAddress, report: OnCallReport): Promise<void>;
}

export type Deliverers = Partial<Record<ChatPlatform, Deliverer>>;

/** Whether stored data (a sign-in state's, a registered channel's) is an address of `platform`'s. */
export function isAddressOf(platform: ChatPlatform, value: unknown): value is ReplyAddress {
  return typeof value === 'object' && value !== null && (value as { platform?: unknown }).platform === platform;
}

export function delivererFor(deliverers: Deliverers, platform: ChatPlatform): Deliverer {
  const deliverer = deliverers[platform];
  if (!deliverer) throw new Error(`No deliverer for ${platform} is configured`);
  return deliverer;
}
