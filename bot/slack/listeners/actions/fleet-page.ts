/** Next / Previous on the fleet overview (FLEET_PAGE): the message is replaced by the new page. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerFleetPage } from '../../../conversation';
import type { BotServices } from '../../../services';
import { slackAsker, teamOf } from '../../asker';
import { replyTargets, sendReply } from '../../reply';

export function fleetPageClick(services: BotServices) {
  return async ({
    body,
    action,
    ack,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const teamId = teamOf(body);
    const reply = await answerFleetPage(
      services,
      slackAsker(services, client, teamId, body.user.id),
      action.value ?? '',
    );
    if (reply.kind === 'message')
      await sendReply(client, replyTargets(body.response_url, body.user.id).inPlace, reply.view);
  };
}
