/**
 * A click on an action button, an overflow entry, or a chooser entry (WORKSPACE_ACTION, CHOOSE_WORKSPACE).
 * The message updates in place; terminate opens the modal that asks for the id.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerActionClick } from '../../../conversation';
import type { BotServices } from '../../../services';
import { notice } from '../../../views';
import { requestKey, slackAsker } from '../../asker';
import { postToResponseUrl } from '../../deliver';
import { decodeActionValue } from '../../ids';
import { handOff, openTerminateModal } from '../../reply';

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
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const responseUrl = body.response_url;
    const click = decodeActionValue(raw);
    if (!click) {
      await postToResponseUrl(
        responseUrl,
        notice('warning', 'That button no longer works. Ask again with /workspace list.'),
        false,
      );
      return;
    }
    const asker = slackAsker(services, client, teamId, body.user.id);
    const reply = await answerActionClick(services, asker, click);
    if (reply.kind === 'typed-confirm') return openTerminateModal(client, body.trigger_id, reply, responseUrl);
    if (reply.kind === 'message') {
      // A status or a chooser replaces the message it came from; a refusal comes as a new message below it.
      const replace = reply.view.sections.some((s) => s.type === 'workspace' || s.type === 'chooser');
      return postToResponseUrl(responseUrl, reply.view, replace);
    }
    await postToResponseUrl(responseUrl, reply.view, true);
    const messageTs = body.container?.message_ts ?? body.message?.ts;
    await handOff(
      services,
      reply,
      asker.chat,
      requestKey(teamId, body.user.id, messageTs, raw),
      {
        kind: 'slack-response-url',
        url: responseUrl,
        replaceOriginal: true,
      },
      `@${body.user.username ?? body.user.name ?? body.user.id}`,
    );
  };
}
