/**
 * Checking back after an action, through the real handlers: a restart typed in Slack, the check-back schedules in
 * the Scheduler stand-in (its clock advanced), the WorkSpace read live from the simulator, and what the person is
 * told: available again, failed, stuck, or guided recovery with the snapshots' age.
 */
import { type BotFixture, startBot } from '../../helpers/bot';
import { SMALL_FLEET } from '../../helpers/simulator';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };
const CAROL = { id: 'U0CAROL', name: 'carol' };
const minutes = (n: number) => n * 60_000;

let f: BotFixture;
beforeAll(async () => {
  f = await startBot(SMALL_FLEET, { FOLLOW_UP_FIRST_MINUTES: '1', FOLLOW_UP_MAX_CHECKS: '3' });
  await f.link(ALICE.id, 'alice', ['user']);
  await f.link(BOB.id, 'bob', ['user']);
  await f.link(CAROL.id, 'carol', ['user', 'admin']);
});
afterAll(() => f.close());

const checks = () => f.scheduler.standIn.model.pending().filter((s) => s.Name.startsWith('check-'));
/** What came, after the command's own answers, on its response_url. */
const toldAfter = (replyId: string) =>
  f.slack.responses(replyId).map((r) => r.body as { text: string; blocks?: unknown[]; replace_original?: boolean });

async function settleChecks() {
  // Past every check: 1 + 2 + 4 minutes.
  for (const wait of [1, 2, 4]) await f.scheduler.standIn.advance(minutes(wait));
}

it('after a restart it checks back, and says the WorkSpace is available again once it is', async () => {
  const answer = await f.command(ALICE, 'restart');
  expect(answer.body.text).toMatch(/Rebooting ws-alice/);
  expect(checks()).toEqual([
    expect.objectContaining({ ScheduleExpressionTimezone: 'UTC', ActionAfterCompletion: 'DELETE' }),
  ]);
  expect(checks()[0]!.Name).toMatch(/^check-ws-alice-[0-9a-f]{12}-1$/);
  f.simulator.sim.advance(minutes(1)); // the simulator's reboot ends
  await f.scheduler.standIn.advance(minutes(1));
  const told = toldAfter(answer.reply.id);
  expect(told.at(-1)?.text).toBe('ws-alice is available again after the reboot.');
  expect(told.at(-1)?.replace_original).toBe(false);
  expect(checks()).toEqual([]);
});

it('checks again with backoff while it is still in transition, then says it is stuck, with the next step, once', async () => {
  const answer = await f.command(BOB, 'restart ws-bob1');
  f.simulator.sim.setState('ws-bob1', 'REBOOTING', { stuck: true });
  await f.scheduler.standIn.advance(minutes(1));
  expect(checks().map((s) => s.Name.split('-').pop())).toEqual(['2']);
  expect(toldAfter(answer.reply.id).some((t) => t.text.includes('stuck'))).toBe(false);
  await f.scheduler.standIn.advance(minutes(2));
  expect(checks().map((s) => s.Name.split('-').pop())).toEqual(['3']);
  await f.scheduler.standIn.advance(minutes(4));
  const stuck = toldAfter(answer.reply.id).filter((t) => t.text.includes('seems stuck'));
  expect(stuck).toHaveLength(1);
  expect(stuck[0]!.text).toMatch(/ws-bob1 is still Rebooting \d+ minutes after the reboot: it seems stuck\./);
  expect(JSON.stringify(stuck[0])).toContain('/workspace reboot ws-bob1');
  expect(checks()).toEqual([]);
  f.simulator.sim.setState('ws-bob1', 'AVAILABLE');
});

it('says a start failed when the WorkSpace ends up Stopped, with what to do next', async () => {
  const answer = await f.command(BOB, 'start ws-bob3');
  expect(answer.body.text).toMatch(/Starting ws-bob3/);
  f.simulator.sim.setState('ws-bob3', 'STOPPED');
  await settleChecks();
  const failed = toldAfter(answer.reply.id).filter((t) => t.text.includes('after the start'));
  expect(failed.map((t) => t.text)).toEqual(['ws-bob3 is Stopped after the start, not Available.']);
  expect(JSON.stringify(failed[0])).toContain('/workspace start ws-bob3');
});

it('guided recovery: Unhealthy after a reboot offers restore, then rebuild, with how old their snapshots are', async () => {
  const answer = await f.command(ALICE, 'restart');
  f.simulator.sim.setState('ws-alice', 'UNHEALTHY', { stuck: true });
  // Ages as the bot's clock reads them (the simulator's has been moved on a little).
  const threeHoursAgo = Date.now() - 3 * 3_600_000 - minutes(10);
  f.simulator.sim.setSnapshots('ws-alice', {
    restore: [threeHoursAgo],
    rebuild: [Date.now() - 3 * 86_400_000 - minutes(10)],
  });
  await f.scheduler.standIn.advance(minutes(1));
  const told = toldAfter(answer.reply.id).at(-1)!;
  expect(told.text).toBe('ws-alice is still Unhealthy after the reboot.');
  const shown = JSON.stringify(told);
  expect(shown).toMatch(/1\. Restore it: both drives go back to their last snapshot, from 3 hours ago/);
  expect(shown).toMatch(/2\. If that does not help, rebuild it: .* from 3 days ago/);
  // alice is a user: rebuild is hers to click (with its dialog), restore is an admin's.
  expect(shown).toContain('workspace_action:rebuild');
  expect(shown).not.toContain('workspace_action:restore');
  expect(shown).toContain('Only an admin can restore it');
  expect(f.simulator.sim.callCount('DescribeWorkspaceSnapshots')).toBeGreaterThan(0);
});

it('an admin is offered both, Restore first', async () => {
  f.simulator.sim.setState('ws-bob2', 'AVAILABLE');
  const answer = await f.command(CAROL, 'restart ws-bob2');
  f.simulator.sim.setState('ws-bob2', 'UNHEALTHY', { stuck: true });
  await f.scheduler.standIn.advance(minutes(1));
  const shown = JSON.stringify(toldAfter(answer.reply.id).at(-1));
  expect(shown.indexOf('workspace_action:restore')).toBeGreaterThan(-1);
  expect(shown.indexOf('workspace_action:restore')).toBeLessThan(shown.indexOf('workspace_action:rebuild'));
  expect(shown).not.toContain('Only an admin can restore it');
});
