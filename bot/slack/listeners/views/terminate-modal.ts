/**
 * The terminate modal's submission (TERMINATE_MODAL): the id must be typed exactly, or the modal says so.
 * Answers go where the modal was opened from: the message's response_url, or the DM for the App Home tab.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { answerTypedConfirmation } from '../../../conversation';
import type { BotServices } from '../../../services';
import { requesterName, requestKey, slackAsker, teamOf } from '../../asker';
import { TERMINATE_INPUT, TERMINATE_INPUT_BLOCK } from '../../ids';
import { terminateModalErrors } from '../../render/terminate-modal';
import { handOff, replyTargets, sendReply, type TerminateMetadata } from '../../reply';

export function terminateModalSubmission(services: BotServices) {
  return async ({ body, view, ack, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    let metadata: TerminateMetadata;
    try {
      metadata = JSON.parse(view.private_metadata) as TerminateMetadata;
    } catch {
      return ack({
        response_action: 'errors',
        errors: { [TERMINATE_INPUT_BLOCK]: 'This form is broken; close it and ask again.' },
      });
    }
    const errors = terminateModalErrors(
      view.state.values[TERMINATE_INPUT_BLOCK]?.[TERMINATE_INPUT]?.value,
      metadata.workspaceId,
    );
    if (errors) return ack({ response_action: 'errors', errors });
    await ack();
    const teamId = teamOf(body);
    const asker = slackAsker(services, client, teamId, body.user.id);
    const targets = replyTargets(metadata.responseUrl, body.user.id);
    const reply = await answerTypedConfirmation(services, asker, metadata.workspaceId);
    if (reply.kind === 'message') return sendReply(client, targets.below, reply.view);
    if (reply.kind !== 'handoff') return;
    await sendReply(client, targets.inPlace, reply.view);
    await handOff(services, client, reply, {
      chat: asker.chat,
      key: requestKey(teamId, 'modal', view.id),
      target: targets.inPlace,
      requestedBy: requesterName(body.user),
    });
  };
}
