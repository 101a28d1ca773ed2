/**
 * A click on an action button, an overflow entry, or a chooser entry (WORKSPACE_ACTION, CHOOSE_WORKSPACE): acked at
 * once and handed to the worker, which answers in place of the message clicked (or, from the App Home tab, in the DM)
 * and opens the terminate modal. A value that names no WorkSpace is answered at once and goes no further.
 */
import type { BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeActionValue } from '../../ids';
import { clickRequest } from '../../inbound';
import { isSlackResponseUrl } from '../../response-url';
import type { SlackEntry } from '..';

export function workspaceActionClick(entry: SlackEntry) {
  return async ({ body, action, ack }: SlackActionMiddlewareArgs<BlockAction>): Promise<void> => {
    await ack();
    if (body.response_url && !isSlackResponseUrl(body.response_url, entry.apiUrl)) {
      entry.log.warn('Click with a response_url not on Slack’s hosts; not handled');
      return;
    }
    const raw =
      'selected_option' in action && action.selected_option
        ? action.selected_option.value
        : 'value' in action
          ? action.value
          : undefined;
    const click = decodeActionValue(raw);
    const intent = click ? ({ kind: 'click', ...click } as const) : ({ kind: 'unreadable-click' } as const);
    await entry.inbox.accept(clickRequest(body, intent, raw ?? '', action.action_ts, entry.now()));
  };
}
