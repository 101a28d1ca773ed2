/**
 * The terminate modal's submission (TERMINATE_MODAL): the id must be typed exactly, or the modal says so at once;
 * then the worker terminates and answers where the modal was opened from (its metadata carries the addresses).
 */
import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import { isWorkspaceId } from '../../../../core/workspace';
import type { TerminateMetadata } from '../../deliverer';
import { TERMINATE_INPUT, TERMINATE_INPUT_BLOCK } from '../../ids';
import { typedConfirmationRequest } from '../../inbound';
import { terminateModalErrors } from '../../render/terminate-modal';
import type { SlackEntry } from '..';

function readMetadata(raw: string): TerminateMetadata | undefined {
  try {
    const metadata = JSON.parse(raw) as Partial<TerminateMetadata>;
    return isWorkspaceId(metadata.workspaceId) && metadata.reply?.inPlace && metadata.reply.below
      ? (metadata as TerminateMetadata)
      : undefined;
  } catch {
    return undefined;
  }
}

export function terminateModalSubmission(entry: SlackEntry) {
  return async ({ body, view, ack }: SlackViewMiddlewareArgs): Promise<void> => {
    const metadata = readMetadata(view.private_metadata);
    if (!metadata) {
      return ack({
        response_action: 'errors',
        errors: { [TERMINATE_INPUT_BLOCK]: 'This form is broken; close it and ask again.' },
      });
    }
    const errors = terminateModalErrors(
      view.state.values[TERMINATE_INPUT_BLOCK]?.[TERMINATE_INPUT]?.value,
      metadata.workspaceId,
    );
    if (errors) return ack({ response_action: 'errors', errors });
    await ack();
    await entry.inbox.accept(typedConfirmationRequest(body, view.id, metadata.workspaceId, metadata.reply));
  };
}
