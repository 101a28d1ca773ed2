/** The App Home tab: the worker publishes my WorkSpaces with buttons and, for admins, the fleet summary. */
import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeRequest } from '../../inbound';
import type { SlackEntry } from '..';

export function appHomeOpened(entry: SlackEntry) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    // Publishing the same view twice is harmless, so a retried event needs no idempotency record.
    await entry.inbox.accept(homeRequest(teamId, event.user, event.event_ts));
  };
}
