/** The sign-in button is a link; Slack still reports the click, which only needs an ack. */
import type { SlackActionMiddlewareArgs } from '@slack/bolt';

export async function signinOpenClick({ ack }: SlackActionMiddlewareArgs): Promise<void> {
  await ack();
}
