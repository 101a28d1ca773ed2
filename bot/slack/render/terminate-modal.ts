/**
 * The modal in which an admin types a WorkSpace's id to terminate it: the strongest confirmation the bot asks, for
 * the one action that cannot be undone. The listener opens it on the Terminate click and checks the submission with
 * terminateModalErrors.
 */
import type { KnownBlock, ModalView } from '@slack/web-api';
import type { WorkspaceView } from '../../views/model';
import { terminateForm, terminateMismatch, typedConfirmationMatches } from '../../views/workspace';
import { BLOCK_LIMITS, mrkdwnSection } from '../blocks/limits';
import { code, escapeMrkdwn, mrkdwnText } from '../blocks/mrkdwn';
import { TERMINATE_INPUT, TERMINATE_INPUT_BLOCK, TERMINATE_MODAL } from '../ids';
import { ELEMENT_LIMITS, mrkdwn, plain } from './elements';
import { DEFAULT_RENDER_OPTIONS } from './sections';

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
  const form = terminateForm(workspace);
  const facts = form.facts.map((fact) =>
    mrkdwn(
      `*${escapeMrkdwn(fact.label)}*\n${fact.code ? code(fact.text) : escapeMrkdwn(fact.text)}`,
      BLOCK_LIMITS.fieldText,
    ),
  );
  const blocks: KnownBlock[] = [
    mrkdwnSection(`*${escapeMrkdwn(form.loses)}*`),
    { type: 'section', text: mrkdwn(mrkdwnText(form.intro, DEFAULT_RENDER_OPTIONS.commandPrefix)), fields: facts },
    {
      type: 'input',
      block_id: TERMINATE_INPUT_BLOCK,
      label: plain(form.inputLabel, ELEMENT_LIMITS.inputLabel),
      hint: plain(form.inputHint, ELEMENT_LIMITS.inputHint),
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
    title: plain(form.title, BLOCK_LIMITS.viewTitle),
    submit: plain(form.submit, ELEMENT_LIMITS.viewButton),
    close: plain(form.cancel, ELEMENT_LIMITS.viewButton),
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
  return { [TERMINATE_INPUT_BLOCK]: terminateMismatch(workspaceId).slice(0, BLOCK_LIMITS.fieldText) };
}
