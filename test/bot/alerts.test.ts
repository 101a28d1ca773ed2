/**
 * Owner alerts end to end: `alerts on` typed in Slack, the scanner finding a WorkSpace Unhealthy past
 * ALERT_AFTER_MINUTES, the hand-off to the worker through the Scheduler stand-in, and the DM with a Reboot button,
 * once per episode.
 */

import type { WorkspaceState } from '../../core/workspace';
import { type BotFixture, startBot } from '../helpers/bot';
import { recordFromSimulator, SMALL_FLEET } from '../helpers/simulator';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };

let f: BotFixture;
beforeAll(async () => {
  f = await startBot(SMALL_FLEET, { ALERT_AFTER_MINUTES: '15' });
  await f.link(ALICE.id, 'alice', ['user']);
  await f.link(BOB.id, 'bob', ['user']);
});
afterAll(() => f.close());

const alertSchedules = () => f.scheduler.standIn.model.pending().filter((s) => s.Name.startsWith('alert-'));
const alertsTo = (user: string) =>
  f.slack
    .calls('chat.postMessage')
    .filter((c) => c.args.channel === user || f.slack.dmUser(String(c.args.channel)) === user)
    .filter((c) => String(c.args.text).includes(' has been '));

/**
 * The WorkSpace in `state` for `minutes` already, as the cache knows it (the scanner keeps a state's start while the
 * state lasts; WorkSpaces itself does not say when a state began).
 */
async function inStateFor(workspaceId: string, state: WorkspaceState, minutes: number) {
  f.simulator.sim.setState(workspaceId, state, { stuck: true });
  const record = recordFromSimulator(f.simulator, workspaceId, new Date());
  await f.bot.services.cache.put({ ...record, stateSince: new Date(Date.now() - minutes * 60_000).toISOString() });
}

/** A scan, then the stand-in's clock past the minute the alerts are handed over in. */
async function scanAndDeliver() {
  await f.scan();
  await f.scheduler.standIn.advance(2 * 60_000);
}

it('is off until asked; on and off say so, and a wrong word gets the usage', async () => {
  expect((await f.command(ALICE, 'alerts')).body.text).toMatch(/^Alerts are off\./);
  expect((await f.command(ALICE, 'alerts on')).body.text).toMatch(/^Alerts are on: .* more than 15 minutes/);
  expect((await f.command(ALICE, 'alerts')).body.text).toMatch(/^Alerts are on\./);
  expect((await f.command(ALICE, 'alerts maybe')).body.text).toContain('alerts takes on or off');
});

it('a WorkSpace Unhealthy past the threshold is told to its owner once, with a Reboot button', async () => {
  await inStateFor('ws-alice', 'UNHEALTHY', 40);
  await inStateFor('ws-bob1', 'UNHEALTHY', 40);
  await f.scan();
  // bob did not opt in: only alice's alert is handed over.
  expect(alertSchedules()).toHaveLength(1);
  await f.scheduler.standIn.advance(2 * 60_000);
  const told = alertsTo(ALICE.id);
  expect(told).toHaveLength(1);
  expect(String(told[0]!.args.text)).toMatch(/^ws-alice has been Unhealthy since \d+ minutes ago\.$/);
  const shown = JSON.stringify(told[0]!.args.blocks);
  expect(shown).toContain('workspace_action:reboot');
  expect(shown).not.toContain('workspace_action:rebuild');
  expect(alertsTo(BOB.id)).toEqual([]);
  // Later scans of the same episode tell nobody again.
  await scanAndDeliver();
  await scanAndDeliver();
  expect(alertsTo(ALICE.id)).toHaveLength(1);
  expect(alertSchedules()).toEqual([]);
});

it('a new episode (well again, then in Error) is told again; nothing is told before the threshold', async () => {
  f.simulator.sim.setState('ws-alice', 'AVAILABLE');
  await scanAndDeliver();
  await inStateFor('ws-alice', 'ERROR', 5);
  await scanAndDeliver();
  expect(alertsTo(ALICE.id)).toHaveLength(1);
  await inStateFor('ws-alice', 'ERROR', 20);
  await scanAndDeliver();
  const told = alertsTo(ALICE.id);
  expect(told).toHaveLength(2);
  expect(String(told[1]!.args.text)).toMatch(/^ws-alice has been Error since/);
});

it('after alerts off, a new episode is not told', async () => {
  expect((await f.command(ALICE, 'alerts off')).body.text).toMatch(/^Alerts are off: /);
  expect((await f.command(ALICE, 'alerts off')).body.text).toBe('Alerts were already off.');
  f.simulator.sim.setState('ws-alice', 'AVAILABLE');
  await scanAndDeliver();
  await inStateFor('ws-alice', 'UNHEALTHY', 30);
  await scanAndDeliver();
  expect(alertsTo(ALICE.id)).toHaveLength(2);
  expect(alertSchedules()).toEqual([]);
});
