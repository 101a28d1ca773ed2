import fc from 'fast-check';
import type { Role } from '../../core/identity';
import { availableActions, DEFAULT_ROLE_ACTIONS, decide, type RoleActions } from '../../core/policy';
import { ACTION_RULES, ACTIONS, type Action } from '../../core/rules';
import { RUNNING_MODES, type RunningMode, WORKSPACE_STATES, type WorkspaceState } from '../../core/workspace';
import { actor, T0, workspace } from '../helpers/fleet';

// The guide's table, restated here on purpose: the test must not derive its expectations from rules.ts.
const GUIDE: Record<Action, { states: WorkspaceState[]; modes?: RunningMode[] }> = {
  reboot: { states: ['AVAILABLE', 'UNHEALTHY', 'IMPAIRED', 'REBOOTING'] },
  start: { states: ['STOPPED'], modes: ['AUTO_STOP', 'MANUAL'] },
  stop: { states: ['AVAILABLE', 'IMPAIRED', 'UNHEALTHY', 'ERROR'], modes: ['AUTO_STOP', 'MANUAL'] },
  rebuild: { states: ['AVAILABLE', 'ERROR', 'UNHEALTHY', 'STOPPED', 'REBOOTING'] },
  restore: { states: ['AVAILABLE', 'ERROR', 'UNHEALTHY', 'STOPPED'] },
  terminate: { states: WORKSPACE_STATES.filter((s) => s !== 'SUSPENDED') },
};
const USER_DEFAULT: Action[] = ['reboot', 'start', 'stop', 'rebuild'];
const ROLE_SETS: Role[][] = [[], ['user'], ['admin'], ['user', 'admin']];
const MINUTES_IN_STATE = [5, 25];

function expected(
  action: Action,
  roles: Role[],
  owns: boolean,
  state: WorkspaceState,
  mode: RunningMode,
  minutes: number,
) {
  const viaAdmin = roles.includes('admin');
  const viaUser = roles.includes('user') && USER_DEFAULT.includes(action) && owns;
  if (!viaAdmin && !viaUser) return false;
  if (state === 'ADMIN_MAINTENANCE') return false;
  const rule = GUIDE[action];
  if (!rule.states.includes(state)) return false;
  if (rule.modes && !rule.modes.includes(mode)) return false;
  if (action === 'reboot' && state === 'REBOOTING' && minutes <= 20) return false;
  return true;
}

describe('decide: every state x running mode x action x role x ownership', () => {
  const cases: [Action, Role[], boolean, WorkspaceState, RunningMode, number][] = [];
  for (const action of ACTIONS)
    for (const roles of ROLE_SETS)
      for (const owns of [true, false])
        for (const state of WORKSPACE_STATES)
          for (const mode of RUNNING_MODES)
            for (const minutes of MINUTES_IN_STATE) cases.push([action, roles, owns, state, mode, minutes]);

  it(`agrees with the guide's table in all ${cases.length} cases, and explains every refusal`, () => {
    const mismatches: string[] = [];
    for (const [action, roles, owns, state, mode, minutes] of cases) {
      const person = actor('alice', roles);
      const ws = workspace({
        userName: owns ? 'Alice' : 'bob',
        state,
        runningMode: mode,
        stateSince: new Date(T0.getTime() - minutes * 60_000).toISOString(),
      });
      const decision = decide(person, ws, action, DEFAULT_ROLE_ACTIONS, T0);
      const want = expected(action, roles, owns, state, mode, minutes);
      if (decision.allowed !== want) {
        mismatches.push(
          `${action} roles=[${roles}] owns=${owns} ${state} ${mode} ${minutes}min: got ${decision.allowed}`,
        );
      }
      if (!decision.allowed) expect(decision.reason.length).toBeGreaterThan(10);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('decide: the reasons people read', () => {
  const alice = actor('alice', ['user']);
  it.each([
    [workspace({ userName: 'bob' }), 'reboot', 'NOT_OWNER', 'ws-alice1 is not one of your WorkSpaces.'],
    [
      workspace({ state: 'STOPPED' }),
      'reboot',
      'WRONG_STATE',
      'ws-alice1 is Stopped; reboot works only when it is Available, Unhealthy or Impaired (or after a reboot has taken more than 20 minutes).',
    ],
    [
      workspace({ runningMode: 'ALWAYS_ON' }),
      'stop',
      'WRONG_RUNNING_MODE',
      'ws-alice1 runs Always on; only Auto stop or Manual WorkSpaces can be stopped.',
    ],
    [
      workspace({ state: 'ADMIN_MAINTENANCE' }),
      'reboot',
      'LOCKED',
      'ws-alice1 is in admin maintenance and accepts no actions until it ends.',
    ],
    [workspace(), 'terminate', 'ROLE_NOT_PERMITTED', 'Only admins can terminate a WorkSpace.'],
    [
      workspace({ state: 'REBOOTING', stateSince: new Date(T0.getTime() - 7 * 60_000).toISOString() }),
      'reboot',
      'REBOOT_NOT_STUCK',
      'ws-alice1 has been rebooting for 7 minutes; it can be rebooted again once a reboot has taken more than 20 minutes.',
    ],
  ] as const)('%#: %s', (ws, action, code, reason) => {
    expect(decide(alice, ws, action, DEFAULT_ROLE_ACTIONS, T0)).toEqual({ action, allowed: false, code, reason });
  });

  it('says why a person with no role can do nothing', () => {
    const decision = decide(actor('alice', []), workspace(), 'reboot', DEFAULT_ROLE_ACTIONS, T0);
    expect(decision).toMatchObject({ allowed: false, code: 'NO_ROLE' });
  });

  it('tells the owner who holds both roles that the action is done as admin', () => {
    expect(decide(actor('alice', ['user', 'admin']), workspace(), 'reboot', DEFAULT_ROLE_ACTIONS, T0)).toEqual({
      action: 'reboot',
      allowed: true,
      asAdmin: true,
    });
  });

  it('follows the configured role actions', () => {
    const restricted: RoleActions = { user: new Set(['reboot']), admin: new Set(['reboot', 'terminate']) };
    expect(availableActions(alice, workspace(), restricted, T0)).toEqual(['reboot']);
    expect(decide(actor('root', ['admin']), workspace(), 'stop', restricted, T0)).toMatchObject({
      allowed: false,
      code: 'ROLE_NOT_PERMITTED',
    });
  });

  it('matches an owner across DOMAIN\\user and the directory DNS name, and refuses another domain', () => {
    const corp = actor('alice', ['user'], 'corp');
    const other = actor('alice', ['user'], 'partner');
    expect(decide(corp, workspace(), 'reboot', DEFAULT_ROLE_ACTIONS, T0).allowed).toBe(true);
    expect(decide(other, workspace(), 'reboot', DEFAULT_ROLE_ACTIONS, T0)).toMatchObject({ code: 'NOT_OWNER' });
  });
});

describe('decide: properties', () => {
  const arbitraryCase = fc.record({
    action: fc.constantFrom(...ACTIONS),
    roles: fc.subarray<Role>(['user', 'admin']),
    personName: fc.string({ maxLength: 12 }),
    ownerName: fc.string({ maxLength: 12 }),
    state: fc.constantFrom(...WORKSPACE_STATES),
    mode: fc.constantFrom(...RUNNING_MODES),
    minutes: fc.integer({ min: 0, max: 600 }),
    userActions: fc.subarray(ACTIONS.filter((a) => a !== 'terminate')),
    adminActions: fc.subarray([...ACTIONS]),
  });

  const decideCase = (c: Parameters<Parameters<typeof arbitraryCase.map>[0]>[0]) =>
    decide(
      actor(c.personName.toLowerCase(), c.roles),
      workspace({
        userName: c.ownerName,
        state: c.state,
        runningMode: c.mode,
        stateSince: new Date(T0.getTime() - c.minutes * 60_000).toISOString(),
      }),
      c.action,
      { user: new Set(c.userActions), admin: new Set(c.adminActions) },
      T0,
    );

  it('never lets a person without the admin role act on a WorkSpace they do not own', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        fc.pre(!c.roles.includes('admin') && c.personName.trim().toLowerCase() !== c.ownerName.trim().toLowerCase());
        expect(decideCase(c).allowed).toBe(false);
      }),
    );
  });

  it('allows nothing on an ADMIN_MAINTENANCE WorkSpace', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => expect(decideCase({ ...c, state: 'ADMIN_MAINTENANCE' }).allowed).toBe(false)),
    );
  });

  it('never lets a non-admin terminate, whatever the configuration', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const roles = c.roles.filter((r) => r !== 'admin');
        expect(decideCase({ ...c, roles, action: 'terminate' }).allowed).toBe(false);
      }),
    );
  });

  it('only ever allows an action in a state the rules table lists', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        if (decideCase(c).allowed) expect(ACTION_RULES[c.action].states).toContain(c.state);
      }),
    );
  });
});
