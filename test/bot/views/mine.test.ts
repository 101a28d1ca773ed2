/** A person's own WorkSpaces: the list, status, the chooser and the question before a destructive command. */

import { chooser, confirmRequest, list, MAX_LISTED_WORKSPACES, noWorkspaces, status } from '../../../bot/views/mine';
import type { Section } from '../../../bot/views/model';
import { bareText } from '../../../bot/views/text';
import { DEFAULT_ROLE_ACTIONS } from '../../../core/policy';
import { ACTION_RULES } from '../../../core/rules';
import { actor, T0, workspace } from '../../helpers/fleet';

const alice = actor('alice', ['user']);
const input = { actor: alice, roleActions: DEFAULT_ROLE_ACTIONS, now: T0, scanIntervalMinutes: 5 };
const workspaces = (sections: Section[]) =>
  sections.flatMap((s) => (s.type === 'workspace' ? [s.workspace.workspaceId] : []));

describe('list', () => {
  it('shows each WorkSpace with its actions, sorted by id, privately', () => {
    const view = list(
      [workspace({ workspaceId: 'ws-b', state: 'STOPPED' }), workspace({ workspaceId: 'ws-a' })],
      input,
    );
    expect(view.private).toBe(true);
    expect(view.text).toBe('You have 2 WorkSpaces: ws-a (Available), ws-b (Stopped).');
    expect(view.sections[0]).toEqual({ type: 'header', text: 'Your WorkSpaces' });
    expect(workspaces(view.sections)).toEqual(['ws-a', 'ws-b']);
    const [a, b] = view.sections.filter((s) => s.type === 'workspace');
    expect(a?.type === 'workspace' && a.workspace.actions.map((c) => c.action)).toEqual(['reboot', 'stop', 'rebuild']);
    expect(b?.type === 'workspace' && b.workspace.actions.map((c) => c.action)).toEqual(['start', 'rebuild']);
    expect(view.sections.some((s) => s.type === 'notice')).toBe(false);
  });

  it('has an empty state that says when a new WorkSpace will show up', () => {
    const view = list([], input);
    expect(view.text).toBe('You have no WorkSpaces that the bot knows of.');
    expect(view.sections).toEqual([
      expect.objectContaining({ type: 'notice', detail: expect.stringContaining('within 5 minutes') }),
    ]);
    expect(noWorkspaces(5, 'bob').text).toBe('bob has no WorkSpaces that the bot knows of.');
  });

  it('notes when what it shows is older than a scan interval', () => {
    const stale = workspace({ observedAt: '2026-11-23T11:40:00.000Z' });
    const view = list([stale], input);
    expect(view.sections[1]).toEqual({
      type: 'notice',
      tone: 'info',
      text: expect.stringContaining('last checked 20 minutes ago'),
    });
    expect(list([stale], { ...input, scanIntervalMinutes: 30 }).sections.some((s) => s.type === 'notice')).toBe(false);
  });

  it('shows at most a handful and says how many more', () => {
    const many = Array.from({ length: 25 }, (_, i) => workspace({ workspaceId: `ws-${String(i).padStart(3, '0')}` }));
    const view = list(many, input);
    expect(workspaces(view.sections)).toHaveLength(MAX_LISTED_WORKSPACES);
    const more = view.sections.at(-1);
    expect(more?.type).toBe('context');
    expect(more?.type === 'context' && bareText(more.text)).toBe(
      '…and 15 more. Ask for one by its id with status <id>.',
    );
    expect(view.text).toContain('and 20 more');
  });
});

describe('status', () => {
  it('shows one WorkSpace with the actions valid now', () => {
    const view = status(workspace({ state: 'UNHEALTHY' }), input);
    expect(view.text).toBe('ws-alice1 is Unhealthy (us-east-1).');
    expect(view.sections).toEqual([
      { type: 'workspace', workspace: expect.objectContaining({ stateLabel: 'Unhealthy' }) },
    ]);
  });
});

describe('chooser', () => {
  const two = [
    workspace({ workspaceId: 'ws-b', computerName: 'LAPTOP' }),
    workspace({ workspaceId: 'ws-a', state: 'STOPPED' }),
  ];

  it('asks which WorkSpace, naming each by id, state and computer or region', () => {
    const view = chooser({ action: 'reboot', records: two });
    expect(view.text).toBe('Which WorkSpace do you want to reboot?');
    expect(view.sections).toMatchObject([
      {
        type: 'chooser',
        prompt: 'Which WorkSpace do you want to reboot?',
        action: 'reboot',
        options: [
          { workspaceId: 'ws-a', label: 'ws-a (Stopped, us-east-1)' },
          { workspaceId: 'ws-b', label: 'ws-b (Available, LAPTOP)' },
        ],
      },
    ]);
  });

  it("asks about someone else's WorkSpaces by name, and for status asks which to see", () => {
    expect(chooser({ action: 'status', records: two, ownerName: 'bob' }).text).toBe(
      "Which of bob's WorkSpaces do you want to see?",
    );
  });

  it('carries the confirmation of a destructive action, since picking is the click that acts', () => {
    const [section] = chooser({ action: 'restore', records: two }).sections;
    expect(section?.type === 'chooser' && section.confirm).toMatchObject({
      text: ACTION_RULES.restore.loses,
      typed: false,
    });
    const [terminate] = chooser({ action: 'terminate', records: two }).sections;
    expect(terminate?.type === 'chooser' && terminate.confirm).toBeUndefined();
  });
});

describe('confirmRequest', () => {
  it('says what will be lost and offers only that action, behind its dialog', () => {
    const view = confirmRequest(workspace(), 'rebuild', input);
    expect(view.sections[0]).toEqual({
      type: 'notice',
      tone: 'warning',
      text: 'Rebuild ws-alice1?',
      detail: ACTION_RULES.rebuild.loses,
    });
    const ws = view.sections[1];
    expect(ws?.type === 'workspace' && ws.workspace.actions.map((c) => [c.action, c.confirm?.typed])).toEqual([
      ['rebuild', false],
    ]);
  });

  it('says why not, when the action is not possible now', () => {
    const view = confirmRequest(workspace(), 'restore', input);
    expect(view.sections).toEqual([{ type: 'notice', tone: 'warning', text: 'Only admins can restore a WorkSpace.' }]);
    expect(confirmRequest(workspace({ state: 'PENDING' }), 'rebuild', input).text).toContain('ws-alice1 is Pending');
  });
});
