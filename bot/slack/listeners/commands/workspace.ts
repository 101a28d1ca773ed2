/** `/workspace ...`: answers in the command's own response (ephemeral), handing slow work off after the ack. */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../commands/parse';
import { answerCommand } from '../../../conversation';
import type { BotServices } from '../../../services';
import { requesterName, requestKey, slackAsker } from '../../asker';
import { handOff, openTerminateModal, replyTargets, slashResponse } from '../../reply';

export function workspaceCommand(services: BotServices) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const asker = slackAsker(services, client, command.team_id, command.user_id);
    const reply = await answerCommand(services, asker, parseCommand(command.text));
    if (reply.kind === 'message') return ack(slashResponse(reply.view));
    if (reply.kind === 'typed-confirm') {
      await ack();
      return openTerminateModal(client, command.trigger_id, reply, command.response_url);
    }
    await ack(slashResponse(reply.view));
    await handOff(services, client, reply, {
      chat: asker.chat,
      key: requestKey(command.team_id, 'command', command.trigger_id),
      target: replyTargets(command.response_url, command.user_id).inPlace,
      requestedBy: requesterName({ id: command.user_id, name: command.user_name }),
    });
  };
}
