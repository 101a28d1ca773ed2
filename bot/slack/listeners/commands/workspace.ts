/** `/workspace ...`: acked at once; the worker answers through the command's response_url. */
import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { commandRequest } from '../../inbound';
import { isSlackResponseUrl } from '../../response-url';
import type { SlackEntry } from '..';

export function workspaceCommand(entry: SlackEntry) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs): Promise<void> => {
    await ack();
    if (!isSlackResponseUrl(command.response_url, entry.apiUrl)) {
      entry.log.warn('Slash command with a response_url not on Slack’s hosts; not handled');
      return;
    }
    await entry.inbox.accept(commandRequest(command));
  };
}
