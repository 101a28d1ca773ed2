/** The terminate modal's submission (TERMINATE_MODAL): the id must be typed exactly, or the modal says so. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { answerTypedConfirmation } from '../../../conversation';
import type { BotServices } from '../../../services';
import { requestKey, slackAsker } from '../../asker';
import { TERMINATE_INPUT, TERMINATE_INPUT_BLOCK } from '../../ids';
import type { TerminateMetadata } from '../../reply';
import { handOff, postToResponseUrl } from '../../reply';

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
    const typed = view.state.values[TERMINATE_INPUT_BLOCK]?.[TERMINATE_INPUT]?.value ?? '';
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const asker = slackAsker(services, client, teamId, body.user.id);
    const reply = await answerTypedConfirmation(services, asker, metadata.workspaceId, typed);
    if ('error' in reply) return ack({ response_action: 'errors', errors: { [TERMINATE_INPUT_BLOCK]: reply.error } });
    await ack();
    const target = metadata.responseUrl
      ? ({ kind: 'slack-response-url', url: metadata.responseUrl, replaceOriginal: true } as const)
      : ({ kind: 'slack-message', channel: body.user.id } as const);
    if (reply.kind === 'handoff') {
      if (metadata.responseUrl) await postToResponseUrl(metadata.responseUrl, reply.view, true);
      await handOff(
        services,
        reply,
        asker.chat,
        requestKey(teamId, 'modal', view.id),
        target,
        `@${body.user.name}`,
        client,
      );
    } else if (reply.kind === 'message' && metadata.responseUrl) {
      await postToResponseUrl(metadata.responseUrl, reply.view, false);
    }
  };
}
