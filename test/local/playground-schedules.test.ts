/**
 * The playground's Schedules panel, server side: a schedule made as a person makes one (a signed slash command and the
 * Confirm click, sent through the playground), listed by the panel's endpoint with what it will do and when, then
 * fast-forwarded until it fires into the worker, which stops the simulator's WorkSpace.
 */
import { createServer } from 'node:http';
import type { Link } from '../../core/data/links';
import { listen } from '../../local/http/listen';
import { MAX_ADVANCE_MINUTES } from '../../local/playground/clock';
import { mountPlayground, type Playground, type PlaygroundEvent } from '../../local/playground/server';
import { SlackPlayground } from '../../local/playground/slack';
import { TEAM_ID } from '../../local/slack-api';
import { type BotFixture, startBot } from '../helpers/bot';
import { SMALL_FLEET } from '../helpers/simulator';
import { ONCALL_CHANNEL } from '../helpers/slack-api';
import { SIGNING_SECRET } from '../helpers/slack-requests';

const ALICE = 'U0ALICE';

let f: BotFixture;
let playground: Playground;

beforeAll(async () => {
  f = await startBot(SMALL_FLEET, { SLACK_TEAM_IDS: TEAM_ID });
  // Stopping lasts long enough that the test sees the WorkSpace on its way down.
  f.simulator!.sim.setDuration('STOPPING', 600_000);
  playground = mountPlayground(
    f.server.server,
    [
      new SlackPlayground({
        slack: f.slack,
        eventsUrl: f.url,
        signingSecret: SIGNING_SECRET,
        oncallChannel: ONCALL_CHANNEL,
      }),
    ],
    { scheduler: f.scheduler.standIn },
  );
  const now = new Date();
  const link: Link = {
    chat: { platform: 'slack', tenantId: TEAM_ID, userId: ALICE },
    adUserName: 'alice',
    adDomain: 'corp',
    groups: [],
    roles: ['user'],
    linkedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
  };
  await f.bot.services.links.put(link);
});
afterAll(async () => {
  playground?.close();
  await f?.close();
});

async function request(method: 'GET' | 'POST', route: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${f.server.url}/playground/api/${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The first event the playground heard that matches, waiting for it. */
async function heard(matches: (event: PlaygroundEvent) => boolean): Promise<PlaygroundEvent> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const found = playground.events().find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `not heard; saw ${playground
      .events()
      .map((e) => e.kind)
      .join(', ')}`,
  );
}

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
}

function confirmButton(blocks: unknown): { button: Button; blockId: string } {
  for (const block of (blocks ?? []) as { block_id?: string; elements?: Button[] }[]) {
    const button = block.elements?.find((element) => element.text?.text === 'Confirm');
    if (button) return { button, blockId: block.block_id ?? '' };
  }
  throw new Error(`no Confirm button in ${JSON.stringify(blocks)}`);
}

describe('the Schedules panel', () => {
  it('lists a schedule alice confirmed, fast-forwards to it, and shows what fired: ws-alice stops', async () => {
    expect((await request('GET', 'schedules')).body.schedules).toEqual([]);

    const asked = await request('POST', 'slack/command', { userId: ALICE, text: 'stop in 30m' });
    expect(asked.body).toMatchObject({ ok: true, botStatus: 200 });
    const messageId = String(asked.body.messageId);
    const question = (await heard((e) => e.kind === 'message' && e.id === messageId)) as PlaygroundEvent & {
      content: { blocks?: unknown[] };
    };
    const { button, blockId } = confirmButton(question.content.blocks);
    const confirmed = await request('POST', 'slack/action', {
      userId: ALICE,
      messageId,
      action: { type: 'button', action_id: button.action_id, block_id: blockId, value: button.value },
    });
    expect(confirmed.body).toMatchObject({ ok: true, botStatus: 200 });
    await f.bot.drain();

    const listed = await request('GET', 'schedules');
    expect(listed.status).toBe(200);
    const schedules = listed.body.schedules as Record<string, string>[];
    expect(schedules).toHaveLength(1);
    const [row] = schedules;
    expect(row).toMatchObject({
      kind: 'scheduled-action',
      action: 'stop',
      workspaceId: 'ws-alice',
      requestedBy: '@alice',
    });
    // Alice's Slack zone (the stand-in's users.info) is New York; due about 30 minutes from the stand-in's now.
    expect(row!.zone).toBe('America/New_York');
    const dueInMinutes = (Date.parse(row!.dueUtc!) - Date.parse(String(listed.body.now))) / 60_000;
    expect(dueInMinutes).toBeGreaterThan(28);
    expect(dueInMinutes).toBeLessThanOrEqual(31);
    const newYork = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date(row!.dueUtc!))
      .replace(', ', ' ');
    expect(row!.dueInZone).toBe(newYork);

    // Five minutes is not enough: nothing fires, the schedule is still listed.
    const early = await request('POST', 'schedules/advance', { minutes: 5 });
    expect(early.status).toBe(200);
    expect(early.body.fired).toEqual([]);
    expect(early.body.schedules).toHaveLength(1);
    expect(f.simulator!.sim.get('ws-alice')?.state).toBe('AVAILABLE');

    const next = await request('POST', 'schedules/advance', { to: 'next' });
    expect(next.status).toBe(200);
    expect(next.body.fired).toEqual([
      expect.objectContaining({ name: row!.name, ok: true, action: 'stop', workspaceId: 'ws-alice' }),
    ]);
    expect(f.simulator!.sim.get('ws-alice')?.state).toBe('STOPPING');
    // Fired and gone: the list is empty again.
    expect((await request('GET', 'schedules')).body.schedules).toEqual([]);
  });

  it('refuses anything but a bounded positive number of minutes, politely, and moves no clock', async () => {
    const before = f.scheduler.standIn.model.now();
    for (const body of [
      { minutes: 0 },
      { minutes: -30 },
      { minutes: 1.5 },
      { minutes: '30' },
      { minutes: MAX_ADVANCE_MINUTES + 1 },
      {},
    ]) {
      const answer = await request('POST', 'schedules/advance', body);
      expect(answer.status).toBe(400);
      expect(String(answer.body.error)).toContain('whole number from 1 to');
    }
    expect((await request('POST', 'schedules/advance', '[1]')).status).toBe(400);
    const nothingNext = await request('POST', 'schedules/advance', { to: 'next' });
    expect(nothingNext.status).toBe(400);
    expect(String(nothingNext.body.error)).toContain('No schedule is pending');
    expect((await request('POST', 'schedules/advance', { minutes: 5 }, { origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await request('GET', 'schedules/advance')).status).toBe(405);
    // Only real time has passed: no step forward was taken.
    expect(f.scheduler.standIn.model.now() - before).toBeLessThan(60_000);
  });

  it('is not there without a Scheduler stand-in to move', async () => {
    const bare = createServer((_req, res) => res.writeHead(404).end());
    const mounted = mountPlayground(bare, []);
    const url = await listen(bare);
    try {
      expect((await fetch(`${url}/playground/api/schedules`)).status).toBe(404);
      const advanced = await fetch(`${url}/playground/api/schedules/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ minutes: 5 }),
      });
      expect(advanced.status).toBe(404);
    } finally {
      mounted.close();
      await new Promise((resolve) => bare.close(resolve));
    }
  });
});
