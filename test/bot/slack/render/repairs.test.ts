/**
 * What a WorkSpace that needs attention offers, for every state and role: exactly the actions the policy allows now
 * (never fewer because of how they are laid out), the repairs before Terminate. Checked on the rendered Block Kit of
 * the fleet overview (admins) and of the list (a user's own WorkSpace, which Home shows too).
 */
import type { KnownBlock } from '@slack/web-api';
import { decodeActionValue } from '../../../../bot/slack/ids';
import { renderHome, renderMessage } from '../../../../bot/slack/render/message';
import { fleetOverview } from '../../../../bot/views/fleet';
import { list } from '../../../../bot/views/mine';
import { summarizeFleet } from '../../../../core/fleet-summary';
import { availableActions, DEFAULT_ROLE_ACTIONS } from '../../../../core/policy';
import type { Action } from '../../../../core/rules';
import { ATTENTION_STATES, WORKSPACE_STATES, type WorkspaceRecord } from '../../../../core/workspace';
import { actor, T0, workspace } from '../../../helpers/fleet';
import { elements, messageProblems, surfaceProblems } from './block-checks';

const admin = actor('root', ['admin']);
const alice = actor('alice', ['user']);
const HOURS_AGO = new Date(T0.getTime() - 5 * 3_600_000).toISOString();

/** Every action a person can reach from the blocks, buttons and menu options alike, in order. */
function offered(blocks: readonly KnownBlock[]): Action[] {
  return elements(blocks).flatMap(({ element }) => {
    const values =
      element.type === 'overflow'
        ? ((element.options as { value: string }[]) ?? []).map((o) => o.value)
        : [String(element.value ?? '')];
    return values.flatMap((value) => {
      const decoded = decodeActionValue(value);
      return decoded && decoded.action !== 'status' ? [decoded.action] : [];
    });
  });
}

const REPAIRS: readonly Action[] = ['reboot', 'start', 'restore', 'rebuild', 'stop'];

describe.each(WORKSPACE_STATES)('a WorkSpace in %s', (state) => {
  // Long enough in its state that a transitional one counts as stuck.
  const record: WorkspaceRecord = workspace({ workspaceId: 'ws-broken1', state, stateSince: HOURS_AGO });
  const needsAttention = ATTENTION_STATES.includes(state) || summarizeFleet([record], T0, 30).attentionTotal > 0;

  it('offers an admin in the fleet overview exactly what the policy allows, repairs first and Terminate last', () => {
    const summary = summarizeFleet([record], T0, 30);
    const view = fleetOverview(summary, undefined, admin, {
      roleActions: DEFAULT_ROLE_ACTIONS,
      now: T0,
      attentionRecords: new Map([[record.workspaceId, record]]),
    });
    for (const blocks of [renderMessage(view).blocks, renderHome([view]).blocks as KnownBlock[]]) {
      const actions = offered(blocks);
      if (!needsAttention) {
        expect(actions).toEqual([]);
        continue;
      }
      const allowed = availableActions(admin, record, DEFAULT_ROLE_ACTIONS, T0);
      expect([...actions].sort()).toEqual([...allowed].sort());
      if (allowed.includes('terminate')) expect(actions.at(-1)).toBe('terminate');
      const repairs = actions.filter((a) => REPAIRS.includes(a));
      expect(repairs).toEqual(REPAIRS.filter((a) => allowed.includes(a)));
    }
    expect(messageProblems(renderMessage(view).blocks)).toEqual([]);
    expect(surfaceProblems(renderHome([view]))).toEqual([]);
  });

  it.each([
    ['a user', alice],
    ['an admin', admin],
  ])('offers %s on their own list exactly what the policy allows', (_who, person) => {
    const own = { ...record, userName: person.ad.userName };
    const blocks = renderMessage(
      list([own], { actor: person, roleActions: DEFAULT_ROLE_ACTIONS, now: T0, scanIntervalMinutes: 1e9 }),
    ).blocks;
    expect([...offered(blocks)].sort()).toEqual([...availableActions(person, own, DEFAULT_ROLE_ACTIONS, T0)].sort());
  });
});

it('offers an admin rebuild and restore on an ERROR WorkSpace, before Terminate (the reported case)', () => {
  const record = workspace({ workspaceId: 'ws-error1', state: 'ERROR', runningMode: 'ALWAYS_ON' });
  const view = fleetOverview(summarizeFleet([record], T0, 30), undefined, admin, {
    roleActions: DEFAULT_ROLE_ACTIONS,
    now: T0,
    attentionRecords: new Map([[record.workspaceId, record]]),
  });
  expect(offered(renderMessage(view).blocks)).toEqual(['restore', 'rebuild', 'terminate']);
});
