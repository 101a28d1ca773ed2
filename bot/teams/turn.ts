/**
 * One Teams turn in the chat function: botbuilder has verified the activity's token (turn logic runs only after
 * CloudAdapter.process accepted it); this reads who asks and what, hands the request to the worker, and answers
 * Teams at once. Nothing here waits for WorkSpaces, DynamoDB or delivery: the worker answers with a new message or
 * by updating the card.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { Log } from '../../core/logger';
import type { Inbox } from '../chat/inbox';
import type { InboundRequest } from '../chat/port';
// The view modules themselves, not the barrel: the Teams function's bundle carries no DynamoDB client.
import { handOffFailed, notThisOrganisation, workingOnIt } from '../views/delivery';
import { terminateMismatch, typedConfirmationMatches } from '../views/workspace';
import { cardActionData, decodeCardAction } from './card-actions';
import {
  type CardRequestIntent,
  cardRequest,
  commandRequest,
  commandText,
  senderOf,
  TEAMS_CHANNEL,
  type TeamsSender,
} from './inbound';
import { plainText } from './render/markdown';

export interface TeamsEntry {
  inbox: Inbox;
  /** The one tenant this single-tenant bot serves. */
  tenantId: string;
  now: () => Date;
  log: Log;
}

/** Universal Actions: a card action is an invoke by this name, answered in the HTTP response. */
const CARD_ACTION = 'adaptiveCard/action';

export function teamsTurn(entry: TeamsEntry): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const { activity } = context;
    if (activity.channelId !== TEAMS_CHANNEL) {
      entry.log.warn('Activity from a channel other than Teams; ignored', { channelId: activity.channelId });
      return;
    }
    const sender = senderOf(activity);
    if (!sender || sender.tenantId !== entry.tenantId) {
      entry.log.warn('Teams activity from another tenant, or from no person in one; nothing done', {
        type: activity.type,
      });
      await refuse(context, activity);
      return;
    }
    if (activity.type === 'invoke' && activity.name === CARD_ACTION) {
      await onCardAction(entry, context, sender, cardActionData(activity.value), true);
      return;
    }
    if (activity.type === 'message') {
      // A card's Action.Submit (the fallback of clients without Universal Actions) arrives as a message with a value.
      if (activity.value !== undefined && activity.value !== null) {
        await onCardAction(entry, context, sender, cardActionData(activity.value), false);
        return;
      }
      await entry.inbox.accept(commandRequest(activity, sender, commandText(activity)));
      return;
    }
    if (activity.type === 'conversationUpdate' && botWasAdded(activity)) {
      // Installed in a personal chat, a team or a group chat: say what the bot can do, once.
      await entry.inbox.accept(welcomeRequest(activity, sender));
    }
  };
}

async function onCardAction(
  entry: TeamsEntry,
  context: TurnContext,
  sender: TeamsSender,
  data: unknown,
  invoke: boolean,
): Promise<void> {
  const decoded = decodeCardAction(data);
  // The id typed to confirm a termination is checked here, as Slack's form checks it: a wrong one does nothing.
  if (decoded?.kind === 'typed-confirmation' && !typedConfirmationMatches(decoded.typed, decoded.workspaceId)) {
    await answer(context, invoke, terminateMismatch(decoded.workspaceId));
    return;
  }
  const intent: CardRequestIntent =
    decoded === undefined
      ? { kind: 'unreadable-click' }
      : decoded.kind === 'typed-confirmation'
        ? { kind: 'typed-confirmation', action: decoded.action, workspaceId: decoded.workspaceId }
        : decoded.kind === 'intent'
          ? decoded.intent
          : decoded;
  const handedOff = await entry.inbox.accept(
    cardRequest(context.activity, sender, intent, JSON.stringify(data ?? null), entry.now()),
  );
  // Beside the card: what is happening, never "working on it" for a request that was not passed on.
  if (invoke) await answer(context, true, handedOff ? workingOnIt() : plainText(handOffFailed().text));
}

/**
 * A short answer in the turn: to an invoke, a message Teams shows by the card (the card stays until the worker
 * updates it); to a message, a message.
 */
async function answer(context: TurnContext, invoke: boolean, text: string): Promise<void> {
  if (!invoke) {
    await context.sendActivity({ type: 'message', text });
    return;
  }
  await context.sendActivity({
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
  });
}

async function refuse(context: TurnContext, activity: Activity): Promise<void> {
  if (activity.type === 'invoke' || activity.type === 'message') {
    await answer(context, activity.type === 'invoke', notThisOrganisation());
  }
}

function botWasAdded(activity: Activity): boolean {
  return (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
}

function welcomeRequest(activity: Activity, sender: TeamsSender): InboundRequest {
  const request = commandRequest(activity, sender, 'help');
  return { ...request, requestKey: `${request.requestKey}:welcome` };
}
