/** Next / Previous on the fleet overview (FLEET_PAGE): the worker replaces the message with the new page. */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clickRequest } from '../../inbound';
import { isSlackResponseUrl } from '../../response-url';
import type { SlackEntry } from '..';

export function fleetPageClick(entry: SlackEntry) {
  return async ({ body, action, ack }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    if (body.response_url && !isSlackResponseUrl(body.response_url, entry.apiUrl)) {
      entry.log.warn('Click with a response_url not on Slack’s hosts; not handled');
      return;
    }
    const cursor = action.value ?? '';
    await entry.inbox.accept(clickRequest(body, { kind: 'fleet-page', cursor }, cursor, action.action_ts, entry.now()));
  };
}
