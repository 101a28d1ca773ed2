/** One WorkSpace as a person sees it: the actions valid now, their styles and confirmations, from the rules table. */
import type { ActionControl } from '../../../bot/views/model';
import {
  actionControl,
  confirmSpec,
  lastConnectionOf,
  typedConfirmationMatches,
  workspaceView,
} from '../../../bot/views/workspace';
import { DEFAULT_ROLE_ACTIONS } from '../../../core/policy';
import { ACTION_RULES, ACTIONS } from '../../../core/rules';
import type { WorkspaceRecord } from '../../../core/workspace';
import { actor, T0, workspace } from '../../helpers/fleet';

const alice = actor('alice', ['user']);
const admin = actor('root', ['admin']);
const actions = (controls: ActionControl[]) => controls.map((c) => c.action);
const view = (overrides: Partial<WorkspaceRecord>, who = alice) =>
  workspaceView(workspace(overrides), who, DEFAULT_ROLE_ACTIONS, T0);

describe('workspaceView', () => {
  it('carries the facts a person needs, with clear labels', () => {
    const ws = view({
      registrationCode: 'SLiad+ABC123',
      ipAddress: '10.0.0.5',
      computerName: 'ALICE-PC',
      lastUserConnection: '2026-11-23T08:00:00.000Z',
      connectionState: 'DISCONNECTED',
      runningMode: 'ALWAYS_ON',
      state: 'ADMIN_MAINTENANCE',
    });
    expect(ws).toMatchObject({
      workspaceId: 'ws-alice1',
      userName: 'alice',
      stateLabel: 'Admin maintenance',
      runningModeLabel: 'Always on',
      registrationCode: 'SLiad+ABC123',
      ipAddress: '10.0.0.5',
      computerName: 'ALICE-PC',
      lastConnection: '2026-11-23T08:00:00.000Z',
      connectionState: 'DISCONNECTED',
      observedAt: T0.toISOString(),
    });
  });

  it.each<[string, Partial<WorkspaceRecord>, 'user' | 'admin', string[]]>([
    ['available, user', { state: 'AVAILABLE' }, 'user', ['reboot', 'stop', 'rebuild']],
    ['available, admin', { state: 'AVAILABLE' }, 'admin', ['reboot', 'stop', 'rebuild', 'restore', 'terminate']],
    ['available always-on, user', { state: 'AVAILABLE', runningMode: 'ALWAYS_ON' }, 'user', ['reboot', 'rebuild']],
    ['stopped, user', { state: 'STOPPED' }, 'user', ['start', 'rebuild']],
    ['error, admin', { state: 'ERROR' }, 'admin', ['stop', 'rebuild', 'restore', 'terminate']],
    [
      'rebooting for 5 minutes, user',
      { state: 'REBOOTING', stateSince: '2026-11-23T11:55:00.000Z' },
      'user',
      ['rebuild'],
    ],
    [
      'rebooting for an hour, user',
      { state: 'REBOOTING', stateSince: '2026-11-23T11:00:00.000Z' },
      'user',
      ['reboot', 'rebuild'],
    ],
    ['admin maintenance, admin', { state: 'ADMIN_MAINTENANCE' }, 'admin', []],
    ['suspended, admin', { state: 'SUSPENDED' }, 'admin', []],
    ['pending, admin', { state: 'PENDING' }, 'admin', ['terminate']],
  ])('%s: %j', (_, overrides, role, expected) => {
    expect(actions(view(overrides, role === 'admin' ? admin : alice).actions)).toEqual(expected);
  });

  it("shows no actions on someone else's WorkSpace to a user, and all to an admin", () => {
    expect(view({ userName: 'bob' }).actions).toEqual([]);
    expect(view({ userName: 'bob' }, admin).actions.length).toBeGreaterThan(0);
  });

  it('shows no actions to a person with no role', () => {
    expect(view({}, actor('alice', [])).actions).toEqual([]);
  });
});

describe('action controls', () => {
  it('labels every action and marks the destructive ones danger', () => {
    for (const action of ACTIONS) {
      const control = actionControl(action, 'ws-1');
      expect(control.label).toBe(ACTION_RULES[action].verb[0]!.toUpperCase() + ACTION_RULES[action].verb.slice(1));
      expect(control.style).toBe(ACTION_RULES[action].confirmation === 'none' ? undefined : 'danger');
    }
  });

  it('asks before rebuild and restore with a dialog that says what the rules say is lost', () => {
    for (const action of ['rebuild', 'restore'] as const) {
      expect(actionControl(action, 'ws-1').confirm).toEqual({
        title: `${action === 'rebuild' ? 'Rebuild' : 'Restore'} ws-1?`,
        text: ACTION_RULES[action].loses,
        confirmLabel: action === 'rebuild' ? 'Rebuild' : 'Restore',
        denyLabel: 'Cancel',
        typed: false,
      });
    }
  });

  it('asks terminate for the id typed in, and says the loss', () => {
    const spec = actionControl('terminate', 'ws-1').confirm!;
    expect(spec.typed).toBe(true);
    expect(spec.text).toContain(ACTION_RULES.terminate.loses);
    expect(spec.text).toContain('Type ws-1 to confirm.');
  });

  it('asks nothing before reboot, start and stop', () => {
    for (const action of ['reboot', 'start', 'stop'] as const) expect(confirmSpec(action, 'ws-1')).toBeUndefined();
  });

  it('speaks of "this WorkSpace" when the id is not known yet (a chooser)', () => {
    expect(confirmSpec('rebuild')!.title).toBe('Rebuild this WorkSpace?');
  });

  it('accepts the typed id exactly, give or take spaces', () => {
    expect(typedConfirmationMatches(' ws-1 ', 'ws-1')).toBe(true);
    expect(typedConfirmationMatches('WS-1', 'ws-1')).toBe(false);
    expect(typedConfirmationMatches('ws-', 'ws-1')).toBe(false);
    expect(typedConfirmationMatches(undefined, 'ws-1')).toBe(false);
    expect(typedConfirmationMatches(null, 'ws-1')).toBe(false);
  });
});

describe('last connection, one rule for every view', () => {
  const at = '2026-11-23T07:53:00.000Z';
  it.each([
    ['AVAILABLE', 'CONNECTED', { kind: 'connected', text: 'Connected now' }],
    ['REBOOTING', 'CONNECTED', { kind: 'last', at }],
    ['STOPPED', 'CONNECTED', { kind: 'last', at }],
    ['AVAILABLE', 'DISCONNECTED', { kind: 'last', at }],
    ['AVAILABLE', undefined, { kind: 'last', at }],
  ] as const)('a WorkSpace %s with connection %s', (state, connectionState, expected) => {
    const record = workspace({ state, lastUserConnection: at, ...(connectionState ? { connectionState } : {}) });
    expect(lastConnectionOf(record)).toEqual(expected);
    const view = workspaceView(record, actor('alice', ['user']), DEFAULT_ROLE_ACTIONS, T0);
    expect(view.connection).toEqual(expected);
    expect(view.facts.at(-1)).toEqual(
      expected.kind === 'last' ? { label: 'Last connection', at } : { label: 'Last connection', text: expected.text },
    );
  });

  it('says none is recorded when there is none, and a rebooting WorkSpace is never "connected now"', () => {
    expect(lastConnectionOf(workspace({ state: 'REBOOTING', connectionState: 'CONNECTED' }))).toEqual({
      kind: 'none',
      text: 'None recorded',
    });
  });
});
