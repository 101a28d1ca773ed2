/**
 * A click on a schedule's Confirm, Don't schedule or Cancel (SCHEDULE_BUTTON): acked at once and handed to the
 * worker, which answers in place of the message clicked. A value the bot did not write is answered as a button that
 * no longer works, and goes no further.
 */
import type { BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeIntent } from '../../../chat/intent-buttons';
import { clickRequest } from '../../inbound';
import { isSlackResponseUrl } from '../../response-url';
import type { SlackEntry } from '..';

export function scheduleButtonClick(entry: SlackEntry) {
  return async ({ body, action, ack }: SlackActionMiddlewareArgs<BlockAction>): Promise<void> => {
    await ack();
    if (body.response_url && !isSlackResponseUrl(body.response_url, entry.apiUrl)) {
      entry.log.warn('Click with a response_url not on Slack’s hosts; not handled');
      return;
    }
    const raw = 'value' in action ? action.value : undefined;
    const intent = decodeIntent(raw) ?? ({ kind: 'unreadable-click' } as const);
    await entry.inbox.accept(clickRequest(body, intent, raw ?? '', action.action_ts, entry.now()));
  };
}
