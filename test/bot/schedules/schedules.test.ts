/**
 * One-time schedules end to end: signed slash commands and clicks to the real handlers, the real Scheduler client
 * against the stand-in (its clock advanced to fire them into the worker), DynamoDB Local and the simulator.
 */
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { LOCAL_SCHEDULE_GROUP, LOCAL_SCHEDULE_TARGET } from '../../../local/scheduler/wiring';
import type { FleetSpec } from '../../../local/workspaces-sim';
import { type BotFixture, type SlashAnswer, startBot } from '../../helpers/bot';
import { recordFromSimulator, SMALL_FLEET } from '../../helpers/simulator';
import { blockAction, FORM, post, signed } from '../../helpers/slack-requests';

// Their Slack time zones (the stand-in's users.info tz): alice America/New_York, bob Europe/Paris, carol Europe/London.
const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };
const CAROL = { id: 'U0CAROL', name: 'carol' };
const NEWBIE = { id: 'U0NEW', name: 'newbie' };
const MAX_PENDING = 3;
const minutes = (n: number) => n * 60_000;

function fleet(): FleetSpec {
  const spec = structuredClone(SMALL_FLEET);
  spec.workspaces.push(
    { workspaceId: 'ws-gone', directoryId: 'd-east', userName: 'bob', state: 'AVAILABLE', runningMode: 'AUTO_STOP' },
    { workspaceId: 'ws-newbie', directoryId: 'd-east', userName: 'newbie', state: 'STOPPED', runningMode: 'AUTO_STOP' },
  );
  return spec;
}

let f: BotFixture;
let scheduler: SchedulerClient;

beforeAll(async () => {
  f = await startBot(fleet(), { SCHEDULE_MAX_PENDING: String(MAX_PENDING), SCHEDULE_HORIZON_DAYS: '200' });
  scheduler = new SchedulerClient({});
  await f.link(ALICE.id, 'alice', ['user']);
  await f.link(BOB.id, 'bob', ['user']);
  await f.link(CAROL.id, 'carol', ['user', 'admin']);
  await f.link(NEWBIE.id, 'newbie', ['user']);
});
afterAll(async () => {
  scheduler.destroy();
  await f.close();
});

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
}

function buttons(body: { blocks?: unknown[] } | undefined): Button[] {
  const found: Button[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.type === 'button' && typeof record.action_id === 'string') found.push(record as unknown as Button);
    Object.values(record).forEach(visit);
  };
  visit(body?.blocks);
  return found;
}

function text(body: unknown): string {
  return JSON.stringify(body);
}

let clicks = 0;
/** Clicks a button of a message as Slack sends it; the answers come on this click's own response_url. */
async function click(user: typeof ALICE, button: Button, ts = `${1_700_000_000 + ++clicks}.000100`) {
  const id = `click${++clicks}`;
  const url = f.slack.responseUrl(id);
  const response = await post(
    f.url,
    signed(blockAction(user, { action_id: button.action_id, value: button.value }, url, { ts }), FORM),
  );
  expect(response.status).toBe(200);
  await f.bot.drain();
  return { id, answers: () => f.slack.responses(id).map((r) => r.body as SlashAnswer['body']) };
}

function button(body: SlashAnswer['body'] | undefined, label: string): Button {
  const found = buttons(body).find((b) => b.text.text === label);
  if (!found) throw new Error(`no ${label} button in ${text(body)}`);
  return found;
}

/** Asks for a schedule and confirms it; returns the confirmation's answers. */
async function schedule(user: typeof ALICE, command: string) {
  const asked = await f.command(user, command);
  const confirmed = await click(user, button(asked.body, 'Confirm'));
  return { asked, confirmed };
}

const pending = () => f.scheduler.standIn.model.pending();
const indexed = (user: typeof ALICE) =>
  f.bot.services.schedules.index.listFor({ platform: 'slack', tenantId: 'T0TEST', userId: user.id });

async function cancelAll() {
  for (const user of [ALICE, BOB, CAROL, NEWBIE]) {
    const listed = await f.command(user, 'schedules');
    for (const cancel of buttons(listed.body).filter((b) => b.text.text === 'Cancel')) await click(user, cancel);
  }
  expect(pending()).toEqual([]);
}

describe('scheduling a stop', () => {
  afterAll(cancelAll);

  it('repeats the time back in the person’s zone, with Confirm and Don’t schedule, and creates nothing yet', async () => {
    const asked = await f.command(ALICE, 'stop in 30m');
    expect(asked.body.text).toMatch(/^Stop `?ws-alice`? on \w{3} \d{1,2} \w{3} at \d\d:\d\d America\/New_York\?$/);
    expect(buttons(asked.body).map((b) => b.text.text)).toEqual(['Confirm', "Don't schedule"]);
    expect(pending()).toEqual([]);
    const dismissed = await click(ALICE, button(asked.body, "Don't schedule"));
    expect(text(dismissed.answers())).toContain('Nothing scheduled');
    expect(pending()).toEqual([]);
    expect(await indexed(ALICE)).toEqual([]);
  });

  it('Confirm creates the one-time schedule as the issue names it, and the index entry; a double click makes one', async () => {
    const asked = await f.command(ALICE, 'stop ws-alice in 30m');
    const confirm = button(asked.body, 'Confirm');
    const ts = '1700000999.000100';
    const first = await click(ALICE, confirm, ts);
    await click(ALICE, confirm, ts);
    expect(text(first.answers())).toContain('Scheduled: Stop');
    expect(pending()).toHaveLength(1);
    const [stored] = pending();
    const got = await scheduler.send(new GetScheduleCommand({ Name: stored!.Name, GroupName: LOCAL_SCHEDULE_GROUP }));
    expect(got).toMatchObject({
      ScheduleExpression: expect.stringMatching(/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/),
      ScheduleExpressionTimezone: 'America/New_York',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: LOCAL_SCHEDULE_TARGET,
        RoleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: expect.stringMatching(/^arn:aws:sqs:/) },
      },
    });
    expect(stored!.Name).toMatch(/^stop-ws-alice-[0-9a-f]{12}$/);
    const input = JSON.parse(got.Target!.Input!);
    expect(input).toMatchObject({
      type: 'scheduled-action',
      schedule: { action: 'stop', workspaceId: 'ws-alice', requestedBy: '@alice', owner: { userId: ALICE.id } },
    });
    expect(input.schedule.reply.below).toMatchObject({ kind: 'response-url' });
    expect((await indexed(ALICE)).map((s) => s.name)).toEqual([stored!.Name]);
  });

  it('`schedules` lists mine with a Cancel button; nobody else’s', async () => {
    const mine = await f.command(ALICE, 'schedules');
    expect(mine.body.text).toBe('Your schedules (1)');
    expect(text(mine.body)).toContain('ws-alice');
    expect(buttons(mine.body).map((b) => b.text.text)).toEqual(['Cancel']);
    const bobs = await f.command(BOB, 'schedules');
    expect(text(bobs.body)).toContain('You have no schedules waiting');
    const asUser = await f.command(BOB, 'schedules user:alice');
    expect(text(asUser.body)).toContain("Only admins can see other people's schedules.");
  });

  it('fires when due: the worker stops the live WorkSpace once, tells alice where she asked, and the entry is gone', async () => {
    const [stored] = pending();
    const confirmation = (await indexed(ALICE))[0]!;
    f.simulator.sim.resetStats();
    await f.scheduler.standIn.advance(minutes(29));
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('AVAILABLE');
    const fired = await f.scheduler.standIn.advance(minutes(2));
    expect(fired).toEqual([expect.objectContaining({ name: stored!.Name, ok: true, attempts: 1 })]);
    expect(['STOPPING', 'STOPPED']).toContain(f.simulator.sim.get('ws-alice')?.state);
    const replyId = (confirmation.reply.below as { url: string }).url.split('/').pop()!;
    const told = f.slack.responses(replyId).map((r) => r.body as { text: string; replace_original?: boolean });
    expect(text(told.at(-1))).toContain('As scheduled for');
    expect(text(told.at(-1))).toMatch(/Stopping/);
    expect(told.at(-1)?.replace_original).toBe(false);
    expect(await indexed(ALICE)).toEqual([]);
    expect(pending()).toEqual([]);
    await expect(
      scheduler.send(new GetScheduleCommand({ Name: stored!.Name, GroupName: LOCAL_SCHEDULE_GROUP })),
    ).rejects.toThrow();
  });
});

describe('cancelling', () => {
  afterAll(cancelAll);

  it('Cancel removes my schedule: nothing fires, and the index is empty', async () => {
    await schedule(BOB, 'restart ws-bob1 in 2h');
    expect(pending()).toHaveLength(1);
    const listed = await f.command(BOB, 'schedules');
    const cancelled = await click(BOB, button(listed.body, 'Cancel'));
    expect(text(cancelled.answers())).toContain('Cancelled: Reboot');
    expect(pending()).toEqual([]);
    expect(await indexed(BOB)).toEqual([]);
    f.simulator.sim.resetStats();
    await f.scheduler.standIn.advance(minutes(3 * 60));
    expect(f.simulator.sim.get('ws-bob1')?.state).toBe('AVAILABLE');
    // Cancelled twice (an old list): it says so, and nothing changes.
    const again = await click(BOB, button(listed.body, 'Cancel'));
    expect(text(again.answers())).toContain('no longer waiting');
  });

  it('nobody cancels another person’s schedule (a Cancel button sent on their behalf is refused)', async () => {
    await schedule(BOB, 'restart ws-bob1 in 2h');
    const bobs = await f.command(BOB, 'schedules');
    const refused = await click(ALICE, button(bobs.body, 'Cancel'));
    expect(text(refused.answers())).toContain('You can cancel only your own schedules.');
    expect(await indexed(BOB)).toHaveLength(1);
    expect(pending()).toHaveLength(1);
  });

  it('an admin sees everyone’s, filtered by person and WorkSpace, and may cancel them', async () => {
    await schedule(NEWBIE, 'start ws-newbie tomorrow 8:00');
    const all = await f.command(CAROL, 'schedules');
    expect(all.body.text).toBe('Pending schedules (2)');
    expect(text(all.body)).toContain('for bob');
    expect(text(all.body)).toContain('for newbie');
    const bobs = await f.command(CAROL, 'schedules user:bob');
    expect(bobs.body.text).toBe('Pending schedules (1)');
    const byWorkspace = await f.command(CAROL, 'schedules ws-newbie');
    expect(byWorkspace.body.text).toBe('Pending schedules (1)');
    expect(text(byWorkspace.body)).toContain('ws-newbie');
    const none = await f.command(CAROL, 'schedules ws-alice');
    expect(text(none.body)).toContain('No pending schedules match.');
    await click(CAROL, button(bobs.body, 'Cancel'));
    expect(await indexed(BOB)).toEqual([]);
    expect(pending()).toHaveLength(1);
  });
});

describe('an admin’s list of many schedules', () => {
  it('lists the earliest 20 and says more are waiting, without claiming 20 is all', async () => {
    const index = f.bot.services.schedules.index;
    const entries = Array.from({ length: 21 }, (_, i) => ({
      name: `stop-ws-many-${String(i).padStart(2, '0')}`,
      action: 'stop' as const,
      workspaceId: `ws-many${i}`,
      at: new Date(Date.now() + (i + 1) * 3_600_000).toISOString(),
      wall: '2026-12-24T18:00:00',
      zone: 'UTC',
      owner: { platform: 'slack' as const, tenantId: 'T0TEST', userId: `U0MANY${i}` },
      ownerAdUser: `many${i}`,
      requestedBy: `@many${i}`,
      reply: {
        inPlace: { platform: 'slack' as const, kind: 'message' as const, channel: 'D0MANY' },
        below: { platform: 'slack' as const, kind: 'message' as const, channel: 'D0MANY' },
      },
      createdAt: new Date().toISOString(),
    }));
    try {
      for (const entry of entries) await index.add(entry);
      const all = await f.command(CAROL, 'schedules');
      expect(all.body.text).toBe('Pending schedules (the first 20)');
      expect(text(all.body)).toContain('More are waiting after these 20');
      expect(text(all.body)).toContain('for many0');
      expect(text(all.body)).not.toContain('for many20');
      // Exactly as many as are listed: no "more".
      await index.remove(entries[20]!.owner, entries[20]!.name);
      const twenty = await f.command(CAROL, 'schedules');
      expect(twenty.body.text).toBe('Pending schedules (20)');
      expect(text(twenty.body)).not.toContain('More are waiting');
    } finally {
      for (const entry of entries) await index.remove(entry.owner, entry.name);
    }
  });
});

describe('re-checked when it fires', () => {
  afterAll(cancelAll);

  it('a person unlinked before it fires is told so, and nothing is done', async () => {
    await f.link(NEWBIE.id, 'newbie', ['user']);
    await cancelAll();
    await schedule(NEWBIE, 'start ws-newbie in 10m');
    await f.command(NEWBIE, 'unlink');
    f.simulator.sim.resetStats();
    await f.scheduler.standIn.advance(minutes(11));
    expect(f.simulator.sim.get('ws-newbie')?.state).toBe('STOPPED');
    const dm = f.slack.calls('chat.postMessage').concat(f.slack.calls('chat.postEphemeral'));
    const told = f.slack
      .responses()
      .map((r) => text(r.body))
      .concat(dm.map((c) => text(c.args)))
      .filter((t) => t.includes('is no longer linked'));
    expect(told).toHaveLength(1);
    expect(await indexed(NEWBIE)).toEqual([]);
    await f.link(NEWBIE.id, 'newbie', ['user']);
  });

  it('a WorkSpace deleted before it fires: told, nothing acted', async () => {
    await schedule(BOB, 'restart ws-gone in 10m');
    f.simulator.sim.removeWorkspace('ws-gone');
    await f.bot.services.cache.delete('ws-gone', new Date().toISOString());
    f.simulator.sim.resetStats();
    await f.scheduler.standIn.advance(minutes(11));
    expect(f.simulator.sim.stats().calls.RebootWorkspaces ?? 0).toBe(0);
    expect(text(f.slack.responses())).toContain('that WorkSpace no longer exists');
    expect(await indexed(BOB)).toEqual([]);
  });

  it('the live state decides: a start scheduled for a WorkSpace that is running by then is refused with the state', async () => {
    await schedule(NEWBIE, 'start ws-newbie in 10m');
    f.simulator.sim.setState('ws-newbie', 'AVAILABLE');
    await f.bot.services.cache.put(recordFromSimulator(f.simulator, 'ws-newbie', new Date(Date.now() - minutes(60))));
    await f.scheduler.standIn.advance(minutes(11));
    expect(text(f.slack.responses().at(-1)?.body)).toMatch(/As scheduled for.*Available/);
    expect(await indexed(NEWBIE)).toEqual([]);
  });
});

describe('times across a daylight-saving change', () => {
  afterAll(cancelAll);

  it('9:00 after New York moves its clocks forward fires at 13:00 UTC (EDT), not 14:00', async () => {
    // 2027-03-14: New York goes from EST (UTC-5) to EDT (UTC-4).
    const { asked } = await schedule(ALICE, 'reboot 15 Mar 2027 9:00');
    expect(asked.body.text).toContain('Mon 15 Mar 2027 at 09:00 America/New_York');
    const [stored] = pending();
    expect(stored).toMatchObject({
      ScheduleExpression: 'at(2027-03-15T09:00:00)',
      ScheduleExpressionTimezone: 'America/New_York',
    });
    expect(stored!.dueAt).toBe(Date.UTC(2027, 2, 15, 13, 0, 0));
    const now = f.scheduler.standIn.model.now();
    await f.scheduler.standIn.advance(Date.UTC(2027, 2, 15, 12, 59, 0) - now);
    expect(pending()).toHaveLength(1);
    await f.scheduler.standIn.advance(minutes(1));
    expect(pending()).toEqual([]);
  });
});

describe('bad input: a clear question, nothing created', () => {
  afterAll(cancelAll);

  it.each([
    ['stop at blah', 'couldn’t read|couldn\\u0027t read|couldn.t read'],
    ['stop at 7', 'Did you mean 07:00 or 19:00'],
    ['stop tomorrow', 'has no time of day'],
    ['stop yesterday 10:00', 'has passed'],
    ['stop in 300 days', 'more than 200 days ahead'],
    ['rebuild at 19:00', "can't schedule a rebuild"],
    ['stop ws-bob1 at 19:00', 'ws-bob1'],
  ])('%s', async (typed, said) => {
    const before = pending().length;
    const answer = await f.command(ALICE, typed);
    expect(text(answer.body)).toMatch(new RegExp(said));
    expect(buttons(answer.body).filter((b) => b.text.text === 'Confirm')).toEqual([]);
    expect(pending()).toHaveLength(before);
    expect(await indexed(ALICE)).toEqual([]);
  });

  it('a stop for an AlwaysOn WorkSpace, which can never be stopped, is refused when asked', async () => {
    const before = pending().length;
    const answer = await f.command(BOB, 'stop ws-bob2 at 19:00');
    expect(text(answer.body)).toContain('ws-bob2 runs Always on');
    expect(buttons(answer.body).filter((b) => b.text.text === 'Confirm')).toEqual([]);
    expect(pending()).toHaveLength(before);
  });

  it('bob, with three WorkSpaces, is asked to name one', async () => {
    const answer = await f.command(BOB, 'stop at 19:00');
    expect(text(answer.body)).toContain('a schedule is for one');
    expect(pending()).toEqual([]);
  });

  it(`past ${MAX_PENDING} pending schedules for one person, the next is refused`, async () => {
    for (let i = 0; i < MAX_PENDING; i++) await schedule(ALICE, `restart in ${10 + i}m`);
    expect(await indexed(ALICE)).toHaveLength(MAX_PENDING);
    const answer = await f.command(ALICE, 'restart in 20m');
    expect(text(answer.body)).toContain(`You already have ${MAX_PENDING} schedules waiting`);
    expect(pending()).toHaveLength(MAX_PENDING);
  });

  it('a Confirm whose time has passed meanwhile creates nothing', async () => {
    await cancelAll();
    const asked = await f.command(ALICE, 'restart in 2m');
    const confirm = button(asked.body, 'Confirm');
    const tampered = { ...confirm, value: confirm.value.replace(/\d{4}-\d\d-\d\dT/, '2020-01-01T') };
    const late = await click(ALICE, tampered);
    expect(text(late.answers())).toContain('has passed');
    expect(pending()).toEqual([]);
    const junk = await click(ALICE, { ...confirm, value: '["confirm","stop","ws-alice","soon","Mars/Base"]' });
    expect(text(junk.answers())).toMatch(/no longer works|button/i);
    expect(pending()).toEqual([]);
  });
});
