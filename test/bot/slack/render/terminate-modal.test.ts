/** The terminate modal: the loss spelled out, the id typed in, and the check of what was typed. */
import type { InputBlock, KnownBlock, PlainTextInput, SectionBlock } from '@slack/web-api';
import { TERMINATE_INPUT, TERMINATE_INPUT_BLOCK, TERMINATE_MODAL } from '../../../../bot/slack/ids';
import { renderTerminateModal, terminateModalErrors } from '../../../../bot/slack/render/terminate-modal';
import { workspaceView } from '../../../../bot/views/workspace';
import { DEFAULT_ROLE_ACTIONS } from '../../../../core/policy';
import { ACTION_RULES } from '../../../../core/rules';
import { actor, T0, workspace } from '../../../helpers/fleet';
import { surfaceProblems, texts } from './block-checks';

const admin = actor('root', ['admin']);
const ws = workspaceView(
  workspace({ workspaceId: 'ws-abc123', computerName: 'ALICE-PC' }),
  admin,
  DEFAULT_ROLE_ACTIONS,
  T0,
);

describe('renderTerminateModal', () => {
  const modal = renderTerminateModal(ws, '{"workspaceId":"ws-abc123"}');

  it('is the TERMINATE_MODAL with the private metadata, a title and Terminate / Cancel buttons', () => {
    expect(modal).toMatchObject({
      type: 'modal',
      callback_id: TERMINATE_MODAL,
      private_metadata: '{"workspaceId":"ws-abc123"}',
      title: { type: 'plain_text', text: 'Terminate WorkSpace' },
      submit: { type: 'plain_text', text: 'Terminate' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    expect(surfaceProblems(modal)).toEqual([]);
  });

  it('spells out the loss and names the WorkSpace', () => {
    const all = texts(modal.blocks as KnownBlock[]).join('\n');
    expect(all).toContain(ACTION_RULES.terminate.loses);
    expect(all).toContain('`ws-abc123`');
    expect(all).toContain('ALICE-PC');
  });

  it('asks for the id in a plain text input, with no placeholder giving it away', () => {
    const input = modal.blocks.find((b) => b.type === 'input') as InputBlock;
    expect(input.block_id).toBe(TERMINATE_INPUT_BLOCK);
    const element = input.element as PlainTextInput;
    expect(element).toMatchObject({ type: 'plain_text_input', action_id: TERMINATE_INPUT });
    expect(element.placeholder).toBeUndefined();
    expect(input.hint?.text).toContain('ws-abc123');
  });

  it('escapes what came from data', () => {
    const hostile = renderTerminateModal({ ...ws, userName: '<!channel>' }, '');
    const facts = (hostile.blocks[1] as SectionBlock).fields!.map((f) => f.text).join('\n');
    expect(facts).toContain('&lt;!channel&gt;');
  });

  it('refuses private metadata that Slack would cut', () => {
    expect(() => renderTerminateModal(ws, 'x'.repeat(3001))).toThrow(RangeError);
    expect(surfaceProblems(renderTerminateModal(ws, 'x'.repeat(3000)))).toEqual([]);
  });
});

describe('terminateModalErrors', () => {
  it('accepts the exact id and explains anything else on the input block', () => {
    expect(terminateModalErrors('ws-abc123', 'ws-abc123')).toBeUndefined();
    expect(terminateModalErrors('  ws-abc123 ', 'ws-abc123')).toBeUndefined();
    expect(terminateModalErrors('ws-abc12', 'ws-abc123')).toEqual({
      [TERMINATE_INPUT_BLOCK]: expect.stringContaining('That is not ws-abc123'),
    });
    expect(terminateModalErrors(undefined, 'ws-abc123')).toBeDefined();
    expect(terminateModalErrors('WS-ABC123', 'ws-abc123')).toBeDefined();
  });
});
