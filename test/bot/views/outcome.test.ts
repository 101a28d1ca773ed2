/** What became of an action, in words: successes, failures, a mixed batch, and the request id only for admins. */
import { actionOutcome } from '../../../bot/views/outcome';
import type { ActionOutcome, WorkspaceOutcome } from '../../../core/actions';
import { actor } from '../../helpers/fleet';

const alice = actor('alice', ['user']);
const admin = actor('root', ['admin']);

function outcome(outcomes: WorkspaceOutcome[], overrides: Partial<ActionOutcome> = {}): ActionOutcome {
  return { action: 'reboot', outcomes, duplicate: false, ...overrides };
}

const requested = (id: string): WorkspaceOutcome => ({
  workspaceId: id,
  status: 'requested',
  message: `Rebooting ${id}.`,
  awsRequestId: 'req-ok',
  state: 'REBOOTING',
});
const failed = (id: string): WorkspaceOutcome => ({
  workspaceId: id,
  status: 'failed',
  code: 'InvalidResourceStateException',
  awsRequestId: 'req-123',
  message: `AWS did not reboot ${id}: The WorkSpace is not in a valid state (InvalidResourceStateException).`,
});
const refused = (id: string): WorkspaceOutcome => ({
  workspaceId: id,
  status: 'refused',
  code: 'NOT_OWNER',
  message: `${id} is not one of your WorkSpaces.`,
});
const notFound = (id: string): WorkspaceOutcome => ({
  workspaceId: id,
  status: 'not-found',
  message: `${id} no longer exists in AWS.`,
});

describe('actionOutcome', () => {
  it('says what is happening and who asked', () => {
    const view = actionOutcome(outcome([requested('ws-abc')]), alice, '@alice');
    expect(view.text).toBe('Rebooting ws-abc, requested by @alice.');
    expect(view.sections).toEqual([
      {
        type: 'notice',
        tone: 'success',
        text: 'Rebooting ws-abc, requested by @alice.',
        detail: ['It takes a few minutes; ', { command: 'status ws-abc' }, ' shows how it is going.'],
      },
    ]);
    expect(view.private).toBe(true);
  });

  it('gives the plain reason for a failure, with the AWS request id only for admins', () => {
    const forUser = actionOutcome(outcome([failed('ws-abc')]), alice, '@alice');
    expect(forUser.sections).toEqual([{ type: 'notice', tone: 'error', text: failed('ws-abc').message }]);
    expect(JSON.stringify(forUser)).not.toContain('req-123');

    const forAdmin = actionOutcome(outcome([failed('ws-abc')]), admin, '@root');
    expect(forAdmin.sections).toEqual([
      { type: 'notice', tone: 'error', text: failed('ws-abc').message, detail: 'AWS request id: req-123' },
    ]);
  });

  it('lists every WorkSpace of a mixed batch, grouped, with request ids for admins', () => {
    const batch = outcome([requested('ws-1'), failed('ws-2'), refused('ws-3'), requested('ws-4'), notFound('ws-5')]);
    const view = actionOutcome(batch, admin, '@root');
    expect(view.text).toBe(
      'Reboot of 5 WorkSpaces, requested by @root: 2 rebooting, 1 failed, 1 refused, 1 not found.',
    );
    expect(view.sections).toEqual([
      { type: 'notice', tone: 'error', text: view.text },
      { type: 'notice', tone: 'success', text: 'Rebooting (2):\n• ws-1\n• ws-4' },
      {
        type: 'notice',
        tone: 'error',
        text: `Failed (1):\n• ${failed('ws-2').message} (AWS request id: req-123)`,
      },
      { type: 'notice', tone: 'warning', text: 'Refused (1):\n• ws-3 is not one of your WorkSpaces.' },
      { type: 'notice', tone: 'warning', text: 'Not found (1):\n• ws-5 no longer exists in AWS.' },
    ]);
    for (const id of ['ws-1', 'ws-2', 'ws-3', 'ws-4', 'ws-5']) expect(JSON.stringify(view.sections)).toContain(id);
    expect(JSON.stringify(actionOutcome(batch, alice, '@alice'))).not.toContain('req-');
  });

  it('calls a batch that all went through a success', () => {
    const view = actionOutcome(outcome([requested('ws-1'), requested('ws-2')], { action: 'stop' }), alice, '@alice');
    expect(view.sections[0]).toEqual({
      type: 'notice',
      tone: 'success',
      text: 'Stop of 2 WorkSpaces, requested by @alice: 2 stopping.',
    });
  });

  it('says when a repeated click is still being handled, and when it was handled before', () => {
    const inProgress = outcome(
      [
        {
          workspaceId: 'ws-1',
          status: 'refused',
          code: 'DUPLICATE',
          message: 'This reboot request is already being handled.',
        },
      ],
      { duplicate: true },
    );
    expect(actionOutcome(inProgress, alice, '@alice').sections).toEqual([
      { type: 'notice', tone: 'info', text: 'This reboot request is already being handled.' },
    ]);
    const repeat = actionOutcome(outcome([requested('ws-1')], { duplicate: true }), alice, '@alice');
    expect(repeat.sections.at(-1)).toEqual({ type: 'context', text: expect.stringContaining('already been handled') });
  });

  it('words a refused terminate and a rebuild in their own verbs', () => {
    const view = actionOutcome(
      outcome([{ workspaceId: 'ws-1', status: 'requested', message: 'Rebuilding ws-1.' }], { action: 'rebuild' }),
      alice,
      '@alice',
    );
    expect(view.text).toBe('Rebuilding ws-1, requested by @alice.');
  });
});
