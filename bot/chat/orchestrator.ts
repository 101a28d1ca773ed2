/**
 * The one conversation, for every chat platform: an inbound request in, the conversation's reply, and every answer
 * sent through the platform's deliverer. It runs in the worker, after the platform's ack, so nothing here counts
 * against the platform's answer time. Actions are performed here too, once per request key.
 */
import { type ActionDeps, isRepeatInProgress, performAction } from '../../core/actions';
import { lazyWorkspacesGateway } from '../../core/aws/lazy-gateway';
import { answerAlerts } from '../alerts';
import { parseCommand } from '../commands/parse';
import {
  answerActionClick,
  answerCommand,
  answerFleetPage,
  answerTypedConfirmation,
  homeViews,
  type Reply,
} from '../conversation';
import { answerScheduleIntent } from '../schedules/conversation';
import { followUpAfter } from '../schedules/follow-ups';
import type { BotServices } from '../services';
import { actionOutcome, buttonNoLongerWorks, typedConfirmationInMessage } from '../views';
import { Outbox } from './outbox';
import { type Asker, type Deliverer, type Deliverers, delivererFor, type InboundRequest, type Surface } from './port';

export interface ConverseOptions {
  /** This delivery's id (the worker's Lambda request id, kept across Lambda's retries of the same event). */
  deliveryId?: string;
  /** Waits between attempts at one address (RETRY_DELAYS_MS unless set: tests shorten them). */
  retryDelaysMs?: readonly number[];
}

export async function converse(
  services: BotServices,
  deliverers: Deliverers,
  request: InboundRequest,
  options: ConverseOptions = {},
): Promise<void> {
  const deliverer = delivererFor(deliverers, request.chat.platform);
  const outbox = new Outbox(deliverer, request, services.log, options.retryDelaysMs);
  const asker = { ...deliverer.asker(request), ...(request.here ? { here: request.here } : {}) };
  if (request.intent.kind === 'home') {
    await outbox.home(await homeViews(services, asker));
    return;
  }
  // A platform's re-delivery of a request this worker has answered (`answerOnce`) is not answered again.
  if (request.answerOnce && services.answered.has(request.requestKey)) {
    services.log.info('Repeated request; already answered', { requestKey: request.requestKey });
    return;
  }
  const reply = await answer(services, asker, request, deliverer.surface);
  await settle(services, deliverer, outbox, request, reply, options);
  if (request.answerOnce) services.answered.add(request.requestKey);
}

function answer(services: BotServices, asker: Asker, request: InboundRequest, surface: Surface): Promise<Reply> {
  const { intent } = request;
  switch (intent.kind) {
    case 'command': {
      const command = parseCommand(intent.text);
      // Alerts go to an address of this request's (the person's DM), so they are answered with the request.
      if (command.kind === 'alerts') return answerAlerts(services, asker, request, command);
      return answerCommand(services, asker, command);
    }
    case 'click':
      return answerActionClick(services, asker, {
        action: intent.action,
        workspaceId: intent.workspaceId,
        confirmed: surface.confirmsInline || intent.confirmed === true,
      });
    case 'unreadable-click':
      return Promise.resolve({ kind: 'message', view: buttonNoLongerWorks(), placement: 'below' });
    case 'fleet-page':
      return answerFleetPage(services, asker, intent.cursor);
    case 'typed-confirmation':
      return answerTypedConfirmation(services, asker, intent);
    case 'home':
      throw new Error('the home is answered by converse()');
    case 'schedule-confirm':
    case 'schedule-dismiss':
    case 'schedule-cancel':
      return answerScheduleIntent(services, asker, request, intent);
  }
}

async function settle(
  services: BotServices,
  deliverer: Deliverer,
  outbox: Outbox,
  request: InboundRequest,
  reply: Reply,
  options: ConverseOptions,
): Promise<void> {
  switch (reply.kind) {
    case 'message':
      return outbox.send(reply.placement === 'below' ? request.reply.below : request.reply.inPlace, reply.view);
    case 'typed-confirm': {
      const opened =
        deliverer.surface.typedConfirmation === 'form' &&
        (await deliverer.openTypedConfirmation?.(request, reply.workspace).catch((error: unknown) => {
          services.log.warn('Could not open the confirmation form', {
            requestKey: request.requestKey,
            error: String(error),
          });
          return false;
        }));
      if (!opened) await outbox.send(request.reply.inPlace, typedConfirmationInMessage(reply.workspace));
      return;
    }
    case 'handoff':
      return performHandoff(services, outbox, request, reply, options);
  }
}

/**
 * "Rebooting ws-…" in place while the action runs, then its outcome in the same place. A repeat of a request already
 * handled (a double click, a retried event) acts not again and says nothing new: where its answer replaces the
 * message, it puts the first outcome back (marked as already handled); where it would only add a message, nothing.
 */
/**
 * In member accounts, calls for one request go under a role session named after it (CloudTrail then ties each call
 * to the chat request); the home account's calls need no session of their own.
 */
export function actionsFor(services: BotServices, deliveryId: string | undefined): ActionDeps {
  if (!deliveryId || services.config.scan.accountRoleArns.length === 0) return services.actions;
  return { ...services.actions, workspaces: lazyWorkspacesGateway(services.config, deliveryId) };
}

async function performHandoff(
  services: BotServices,
  outbox: Outbox,
  request: InboundRequest,
  reply: Extract<Reply, { kind: 'handoff' }>,
  options: ConverseOptions,
): Promise<void> {
  // Said only by the delivery that acts, side by side with the action; the outcome waits for it, never under it.
  let interim: Promise<void> = Promise.resolve();
  const outcome = await performAction(actionsFor(services, options.deliveryId), {
    actor: reply.actor,
    action: reply.action,
    workspaceIds: reply.workspaceIds,
    requestKey: request.requestKey,
    ...(request.attemptAt !== undefined ? { attemptAt: request.attemptAt } : {}),
    ...(options.deliveryId ? { claimant: options.deliveryId } : {}),
    onClaimed: () => {
      interim = outbox.send(request.reply.inPlace, reply.view);
    },
  }).finally(() => interim);
  await interim;
  // One line per WorkSpace: the stack counts actions by kind and outcome from these (ActionOutcomes).
  if (!outcome.duplicate) {
    for (const { status } of outcome.outcomes) {
      services.log.info('Action outcome', { action: outcome.action, outcome: status, requestKey: request.requestKey });
    }
  }
  if (outcome.duplicate) {
    services.log.info('Repeated request; already handled', { requestKey: request.requestKey });
    if (isRepeatInProgress(outcome) || !outbox.replacesInPlace(request.reply.inPlace)) return;
  }
  await outbox.send(request.reply.inPlace, actionOutcome(outcome, reply.actor, request.requestedBy));
  // Checks back later: "available again", failed or stuck (bot/schedules/follow-ups.ts).
  const { chat: owner, requestedBy, reply: addresses, requestKey } = request;
  await followUpAfter(services, { owner, requestedBy, reply: addresses, requestKey }, outcome);
}
