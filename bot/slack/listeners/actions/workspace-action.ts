/**
 * A click on an action button, an overflow entry, or a chooser entry (WORKSPACE_ACTION, CHOOSE_WORKSPACE).
 * A click on a message updates that message in place; a click on the App Home tab (which has no
 * response_url) is answered in the person's DM with the bot. Terminate opens the modal that asks for the id.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerActionClick } from '../../../conversation';
import type { BotServices } from '../../../services';
import { notice } from '../../../views';
import { requesterName, requestKey, slackAsker, teamOf } from '../../asker';
import { decodeActionValue } from '../../ids';
import { handOff, openTerminateModal, replyTargets, sendReply } from '../../reply';

export function workspaceActionClick(services: BotServices) {
  return async ({
    body,
    action,
    ack,
    client,
  }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const raw =
      'selected_option' in action && action.selected_option
        ? action.selected_option.value
        : 'value' in action
          ? action.value
          : undefined;
    const teamId = teamOf(body);
    const targets = replyTargets(body.response_url, body.user.id);
    const click = decodeActionValue(raw);
    if (!click) {
      await sendReply(
        client,
        targets.below,
        notice('warning', 'That button no longer works. Ask again with /workspace list.'),
      );
      return;
    }
    const asker = slackAsker(services, client, teamId, body.user.id);
    const reply = await answerActionClick(services, asker, click);
    if (reply.kind === 'typed-confirm') return openTerminateModal(client, body.trigger_id, reply, body.response_url);
    if (reply.kind === 'message') {
      // A status or a chooser replaces the message it came from; a refusal comes as a new message below it.
      const replace = reply.view.sections.some((s) => s.type === 'workspace' || s.type === 'chooser');
      return sendReply(client, replace ? targets.inPlace : targets.below, reply.view);
    }
    await sendReply(client, targets.inPlace, reply.view);
    const messageTs = body.container?.message_ts ?? body.message?.ts ?? body.container?.view_id;
    // Every click on this button of this message shares the key; action_ts (when it was clicked) tells a double
    // click or a redelivery from a new click. Without one, now is close: this runs inside Slack's request.
    const actionTs = Number(action.action_ts);
    await handOff(services, client, reply, {
      chat: asker.chat,
      key: requestKey(teamId, body.user.id, messageTs, raw),
      attemptAt: Number.isFinite(actionTs) && actionTs > 0 ? actionTs : services.now().getTime() / 1000,
      target: targets.inPlace,
      requestedBy: requesterName(body.user),
    });
  };
}
