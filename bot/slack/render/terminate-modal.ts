/**
 * The modal in which an admin types a WorkSpace's id to terminate it: the strongest confirmation the bot asks, for
 * the one action that cannot be undone. The listener opens it on the Terminate click and checks the submission with
 * terminateModalErrors.
 */
import type { KnownBlock, ModalView } from '@slack/web-api';
import { ACTION_RULES } from '../../../core/rules';
import type { WorkspaceView } from '../../views/model';
import { typedConfirmationMatches } from '../../views/workspace';
import { BLOCK_LIMITS, mrkdwnSection } from '../blocks/limits';
import { code, escapeMrkdwn } from '../blocks/mrkdwn';
import { TERMINATE_INPUT, TERMINATE_INPUT_BLOCK, TERMINATE_MODAL } from '../ids';
import { ELEMENT_LIMITS, mrkdwn, plain } from './elements';

/**
 * @param privateMetadata what the listener needs back on submission (the WorkSpace id, the response URL...); at most
 * 3000 characters, since a cut one would come back corrupt.
 */
export function renderTerminateModal(workspace: WorkspaceView, privateMetadata: string): ModalView {
  if (privateMetadata.length > BLOCK_LIMITS.viewPrivateMetadata) {
    throw new RangeError(
      `private_metadata is ${privateMetadata.length} characters; a modal carries at most ${BLOCK_LIMITS.viewPrivateMetadata}.`,
    );
  }
  const loses = ACTION_RULES.terminate.loses ?? 'This cannot be undone.';
  const facts = [
    mrkdwn(`*WorkSpace*\n${code(workspace.workspaceId)}`, BLOCK_LIMITS.fieldText),
    mrkdwn(`*User*\n${escapeMrkdwn(workspace.userName)}`, BLOCK_LIMITS.fieldText),
    mrkdwn(`*State*\n${escapeMrkdwn(workspace.stateLabel)}`, BLOCK_LIMITS.fieldText),
    mrkdwn(`*Region*\n${escapeMrkdwn(workspace.region)}`, BLOCK_LIMITS.fieldText),
    ...(workspace.computerName
      ? [mrkdwn(`*Computer name*\n${escapeMrkdwn(workspace.computerName)}`, BLOCK_LIMITS.fieldText)]
      : []),
  ];
  const blocks: KnownBlock[] = [
    mrkdwnSection(`*${escapeMrkdwn(loses)}*`),
    { type: 'section', text: mrkdwn(`You are about to terminate ${code(workspace.workspaceId)}.`), fields: facts },
    {
      type: 'input',
      block_id: TERMINATE_INPUT_BLOCK,
      label: plain('Type the WorkSpace id to confirm', ELEMENT_LIMITS.inputLabel),
      hint: plain(`Type ${workspace.workspaceId} exactly; anything else terminates nothing.`, ELEMENT_LIMITS.inputHint),
      element: {
        type: 'plain_text_input',
        action_id: TERMINATE_INPUT,
        // No placeholder: showing the id would make typing it a formality.
        max_length: Math.min(Math.max(workspace.workspaceId.length + 10, 20), 3000),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: TERMINATE_MODAL,
    title: plain('Terminate WorkSpace', BLOCK_LIMITS.viewTitle),
    submit: plain('Terminate', ELEMENT_LIMITS.viewButton),
    close: plain('Cancel', ELEMENT_LIMITS.viewButton),
    private_metadata: privateMetadata,
    blocks,
  };
}

/**
 * The `response_action: 'errors'` map for a submission whose typed id does not match, or undefined when it does.
 */
export function terminateModalErrors(
  typed: string | null | undefined,
  workspaceId: string,
): Record<string, string> | undefined {
  if (typedConfirmationMatches(typed, workspaceId)) return undefined;
  return {
    [TERMINATE_INPUT_BLOCK]: `That is not ${workspaceId}. Type the id exactly to terminate it, or cancel.`.slice(
      0,
      BLOCK_LIMITS.fieldText,
    ),
  };
}
