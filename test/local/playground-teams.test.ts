/**
 * The playground's Teams side, without a browser: what the page asks for reaches the bot as an activity the Bot
 * Framework stand-in signed, so botbuilder's own validation lets it through; what the bot sends through the Connector
 * API (new cards, cards updated in place, personal chats it opens) becomes an event for the right conversation; the
 * renderer's browser bundle is served from node_modules, and nothing else of it.
 */
import { personalChat } from '../../local/botframework';
import { serve } from '../../local/http/listen';
import { mountPlayground, type Playground, type PlaygroundEvent } from '../../local/playground/server';
import { TeamsPlayground } from '../../local/playground/teams';
import { SMALL_FLEET } from '../helpers/simulator';
import { startTeamsBot, type TeamsBotFixture } from '../helpers/teams-bot';

let f: TeamsBotFixture;
let playground: Playground;

beforeAll(async () => {
  f = await startTeamsBot(SMALL_FLEET);
  f.simulator!.sim.setDuration('REBOOTING', 600_000);
  playground = mountPlayground(f.server.server, [new TeamsPlayground({ botframework: f.bf, messagesUrl: f.teamsUrl })]);
  await f.linkTeams(f.people.alice!, 'alice', ['user']);
});
afterAll(async () => {
  playground?.close();
  await f?.close();
});

type Message = PlaygroundEvent & {
  id: string;
  place: string;
  userId?: string;
  replace: boolean;
  content: { attachments?: { contentType: string; content: Record<string, unknown> }[] };
};

async function api(operation: string, body: Record<string, unknown>) {
  const response = await fetch(`${f.server.url}/playground/api/teams/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What the page heard after `seq`, once the bot's work is done. */
async function heardAfter(seq: number): Promise<PlaygroundEvent[]> {
  await f.bot.drain();
  return playground.events().filter((event) => event.seq > seq && event.platform === 'teams');
}

function lastSeq(): number {
  return playground.events().at(-1)?.seq ?? 0;
}

function messagesIn(events: PlaygroundEvent[]): Message[] {
  return events.filter((event): event is Message => event.kind === 'message');
}

/** Every Action.Execute on a card, with its title. */
function executes(node: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  if (Array.isArray(node)) return node.flatMap(executes);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own =
    record.type === 'Action.Execute'
      ? [{ title: String(record.title), verb: String(record.verb), data: record.data as Record<string, unknown> }]
      : [];
  return [
    ...own,
    ...Object.entries(record)
      .filter(([key]) => key !== 'fallback')
      .flatMap(([, value]) => executes(value)),
  ];
}

describe('the Teams playground', () => {
  it('describes Teams: the people, the channel, where one types, no home tab', async () => {
    const config = (await (await fetch(`${f.server.url}/playground/api/config`)).json()) as {
      platforms: { id: string; channel: string; composeIn: string[]; home: boolean; users: { id: string }[] }[];
    };
    const teams = config.platforms.find((p) => p.id === 'teams');
    expect(teams).toMatchObject({ channel: 'IT Operations', composeIn: ['channel', 'dm'], home: false });
    expect(teams?.users.map((u) => u.id)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
  });

  it("serves the adaptivecards renderer's browser bundle and the Teams module, and nothing else of node_modules", async () => {
    const bundle = await fetch(`${f.server.url}/playground/vendor/adaptivecards.min.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(await bundle.text()).toContain('AdaptiveCards');
    expect((await fetch(`${f.server.url}/playground/platforms/teams.js`)).status).toBe(200);
    expect((await fetch(`${f.server.url}/playground/vendor/adaptivecards.js`)).status).toBe(404);
    expect((await fetch(`${f.server.url}/playground/vendor/../../../package.json`)).status).toBe(404);
  });

  it('sends a message in the personal chat as a signed activity, and shows the card the bot posts there', async () => {
    const seq = lastSeq();
    const answer = await api('command', { userId: 'alice', text: 'list', where: 'dm' });
    expect(answer).toEqual({ status: 200, body: { ok: true, botStatus: 200 } });
    const events = await heardAfter(seq);
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'typed', place: 'dm', userId: 'alice', text: 'list' }),
    );
    const [card] = messagesIn(events);
    expect(card).toMatchObject({ place: 'dm', userId: 'alice', replace: false });
    expect(card!.id.startsWith(`${personalChat(f.people.alice!).id}/`)).toBe(true);
    expect(JSON.stringify(card!.content)).toContain('ws-alice');
    expect(card!.content.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it("posts a button's click as the Action.Execute invoke, answers Working on it, and updates the card in place", async () => {
    const list = messagesIn(playground.events()).findLast((m) => m.userId === 'alice' && !m.replace)!;
    const reboot = executes(list.content).find((b) => b.title === 'Reboot')!;
    const seq = lastSeq();
    const answer = await api('action', {
      userId: 'alice',
      messageId: list.id,
      action: { type: 'Action.Execute', verb: reboot.verb, data: reboot.data },
    });
    expect(answer).toEqual({ status: 200, body: { ok: true, botStatus: 200, message: 'Working on it…' } });
    const updates = messagesIn(await heardAfter(seq));
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((m) => m.id === list.id && m.replace)).toBe(true);
    expect(JSON.stringify(updates.at(-1)!.content)).toContain('requested by');
    expect(f.simulator!.sim.get('ws-alice')?.state).toBe('REBOOTING');
  });

  it("refuses a click on someone else's chat, on a message it never showed, and from nobody it knows", async () => {
    const list = messagesIn(playground.events()).find((m) => m.userId === 'alice')!;
    const action = { type: 'Action.Execute', verb: 'workspaceAction', data: {} };
    expect((await api('action', { userId: 'bob', messageId: list.id, action })).status).toBe(403);
    expect((await api('action', { userId: 'alice', messageId: 'a:1nothing/1', action })).status).toBe(404);
    expect((await api('command', { userId: 'mallory', text: 'list', where: 'dm' })).status).toBe(400);
    expect((await api('submit', { userId: 'alice' })).status).toBe(404);
  });

  it('@mentions the bot in the channel; a private answer goes to the personal chat the bot opens', async () => {
    const seq = lastSeq();
    const answer = await api('command', { userId: 'alice', text: 'help', where: 'channel' });
    expect(answer.body).toMatchObject({ ok: true, botStatus: 200 });
    const events = await heardAfter(seq);
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'typed', place: 'channel', userId: 'alice', text: '@WorkSpaces help' }),
    );
    const posted = f.bf.calls('createConversation').at(-1);
    expect(posted?.status).toBe(201);
    const [help] = messagesIn(events);
    expect(help).toMatchObject({ place: 'dm', userId: 'alice' });
    expect(help!.id.startsWith(`${posted!.conversationId}/`)).toBe(true);
    expect(JSON.stringify(help!.content)).toContain('What you can ask');
  });

  it("puts the page's time zone in the activity's clientInfo, and UTC for one that is not a time zone", async () => {
    const received: Record<string, unknown>[] = [];
    const served = await serve(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.end();
    });
    try {
      const adapter = new TeamsPlayground({ botframework: f.bf, messagesUrl: served.url });
      await adapter.handle('command', { userId: 'bob', text: 'help', where: 'dm', timeZone: 'Europe/Berlin' });
      await adapter.handle('command', { userId: 'bob', text: 'help', where: 'dm', timeZone: 'Mars/Olympus_Mons' });
      const zones = received.map((activity) => activity.entities as { type: string; timezone?: string }[]);
      expect(zones.map((entities) => entities.find((e) => e.type === 'clientInfo')?.timezone)).toEqual([
        'Europe/Berlin',
        'UTC',
      ]);
    } finally {
      await served.close();
    }
  });

  it('tells the page when the bot does not take an activity', async () => {
    // The same adapter pointed at a path the bot does not serve: Teams would show the person an error.
    const lost = new TeamsPlayground({ botframework: f.bf, messagesUrl: `${f.server.url}/teams/nowhere` });
    const heard: Record<string, unknown>[] = [];
    const stop = lost.start((event) => heard.push(event));
    try {
      const answer = await lost.handle('command', { userId: 'alice', text: 'list', where: 'dm' });
      expect(answer.body).toMatchObject({ ok: false, botStatus: 404 });
      expect(heard).toContainEqual(
        expect.objectContaining({ kind: 'notice', level: 'error', userId: 'alice', place: 'dm' }),
      );
    } finally {
      stop();
    }
  });
});
