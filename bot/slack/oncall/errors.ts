/** Why an on-call report did not reach Slack, with Slack's own error code when Slack answered. */
import { WorkspacesBotError } from '../../../core/errors';

export class OnCallPostError extends WorkspacesBotError {
  constructor(
    readonly channel: string,
    /** Slack's error code (`channel_not_found`, `not_in_channel`, `invalid_blocks`…), when Slack answered. */
    readonly slackError: string | undefined,
    /** Slack's explanations from `response_metadata.messages`, such as which block broke a limit. */
    readonly details: readonly string[],
    options?: { cause?: unknown },
  ) {
    const why = slackError ? `Slack answered ${slackError}` : 'Slack could not be reached';
    super(
      'ONCALL_POST_FAILED',
      `The on-call report was not posted to ${channel}: ${why}${details.length > 0 ? ` (${details.join('; ')})` : ''}.`,
      options,
    );
  }
}
