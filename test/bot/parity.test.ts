/**
 * One table, both platforms: who (a user, an admin) asks for what (reboot, start, stop, terminate) on whose WorkSpace
 * (their own, someone else's) in which state, typed as a Slack slash command and as a Teams message, each through
 * the real entry point (signed requests, signed activities) and the real worker. Each row has a WorkSpace of its own
 * per platform, so rows cannot disturb each other; what was done is read from the simulator, what was said from the
 * answer.
 */
import type { WorkspaceState } from '../../core/workspace';
import type { FleetSpec } from '../../local/workspaces-sim';
import { SMALL_FLEET } from '../helpers/simulator';
import { startTeamsBot, type TeamsBotFixture } from '../helpers/teams-bot';

type Who = 'user' | 'admin';
type Whose = 'own' | 'other';
type Expect = 'acts' | 'refused';

/** The expectations, written out by hand: the rules in core/rules.ts and the roles, as a person meets them. */
const TABLE: readonly [Who, Whose, 'reboot' | 'start' | 'stop' | 'terminate', WorkspaceState, Expect][] = [
  ['user', 'own', 'reboot', 'AVAILABLE', 'acts'],
  ['user', 'own', 'reboot', 'STOPPED', 'refused'],
  ['user', 'own', 'start', 'STOPPED', 'acts'],
  ['user', 'own', 'start', 'AVAILABLE', 'refused'],
  ['user', 'own', 'stop', 'AVAILABLE', 'acts'],
  ['user', 'own', 'stop', 'STOPPED', 'refused'],
  ['user', 'own', 'terminate', 'AVAILABLE', 'refused'],
  ['user', 'other', 'reboot', 'AVAILABLE', 'refused'],
  ['user', 'other', 'start', 'STOPPED', 'refused'],
  ['user', 'other', 'stop', 'AVAILABLE', 'refused'],
  ['admin', 'own', 'reboot', 'AVAILABLE', 'acts'],
  ['admin', 'own', 'start', 'AVAILABLE', 'refused'],
  ['admin', 'other', 'reboot', 'AVAILABLE', 'acts'],
  ['admin', 'other', 'reboot', 'STOPPED', 'refused'],
  ['admin', 'other', 'start', 'STOPPED', 'acts'],
  ['admin', 'other', 'stop', 'AVAILABLE', 'acts'],
  ['admin', 'other', 'stop', 'STOPPED', 'refused'],
];

const PLATFORMS = ['slack', 'teams'] as const;
const ACTOR: Record<Who, string> = { user: 'alice', admin: 'carol' };

const idOf = (platform: string, row: number) => `ws-${platform.slice(0, 1)}${String(row).padStart(3, '0')}`;

function fleet(): FleetSpec {
  const spec = structuredClone(SMALL_FLEET);
  PLATFORMS.forEach((platform) => {
    TABLE.forEach(([who, whose, , state], row) => {
      spec.workspaces.push({
        workspaceId: idOf(platform, row),
        directoryId: 'd-east',
        userName: whose === 'own' ? ACTOR[who] : 'bob',
        state,
        runningMode: 'AUTO_STOP',
      });
    });
  });
  return spec;
}

let f: TeamsBotFixture;

beforeAll(async () => {
  f = await startTeamsBot(fleet());
  for (const [name, roles] of [
    ['alice', ['user']],
    ['carol', ['user', 'admin']],
  ] as const) {
    await f.link(`U0${name.toUpperCase()}`, name, [...roles]);
    await f.linkTeams(f.people[name]!, name, [...roles]);
  }
});
afterAll(() => f.close());

/** The answer's words, as the person reads them on either platform. */
async function ask(platform: (typeof PLATFORMS)[number], who: Who, text: string): Promise<string> {
  const name = ACTOR[who];
  if (platform === 'slack') {
    const answer = await f.command({ id: `U0${name.toUpperCase()}`, name }, text);
    // Every answer of the request, in order: the first, then "Rebooting…", then the outcome.
    return f.slack
      .responses(answer.reply.id)
      .map((response) => JSON.stringify(response.body))
      .join('\n');
  }
  const turn = await f.say({ person: f.people[name]! }, text);
  return turn.cards.map((card) => card.text).join('\n');
}

describe.each(PLATFORMS)('%s', (platform) => {
  it.each(TABLE.map((row, i) => [i, ...row] as const))(
    'row %i: %s, %s WorkSpace, %s when %s: %s',
    async (row, who, _whose, action, state, expected) => {
      const workspaceId = idOf(platform, row);
      const answer = await ask(platform, who, `${action} ${workspaceId}`);
      const after = f.simulator.sim.get(workspaceId)!.state;
      if (expected === 'acts') {
        expect(after).not.toBe(state);
        expect(answer).toMatch(new RegExp(`${workspaceId}.*requested by`, 's'));
      } else {
        expect(after).toBe(state);
        expect(answer).not.toMatch(/requested by/);
      }
    },
  );
});
