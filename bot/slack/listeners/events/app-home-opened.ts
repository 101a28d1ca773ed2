/** The App Home tab: my WorkSpaces with buttons and, for admins, the fleet summary. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeViews } from '../../../conversation';
import type { BotServices } from '../../../services';
import { slackAsker } from '../../asker';
import { renderHome } from '../../render/message';

export function appHomeOpened(services: BotServices) {
  return async ({
    event,
    body,
    client,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const views = await homeViews(services, slackAsker(services, client, teamId, event.user));
    // Publishing the same view twice is harmless, so a retried event needs no idempotency record.
    await client.views.publish({ user_id: event.user, view: renderHome(views) });
  };
}
