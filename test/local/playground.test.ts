/**
 * The playground's server side, without a browser: what the page asks for reaches the bot as a request Slack would
 * send, signed so that the bot answers 200 (not 401); what the bot sends back (HTTP answers, response_url posts, Web
 * API calls) streams to the page as server-sent events; and the bot's own routes still answer on the same port.
 */
import { createServer } from 'node:http';
import { WebClient } from '@slack/web-api';
import type { Link } from '../../core/data/links';
import type { Role } from '../../core/identity';
import { listen } from '../../local/http/listen';
import { mountPlayground, type Playground, type PlaygroundEvent } from '../../local/playground/server';
import { SlackPlayground } from '../../local/playground/slack';
import { TEAM_ID } from '../../local/slack-api';
import { type BotFixture, startBot } from '../helpers/bot';
import { SMALL_FLEET } from '../helpers/simulator';
import { BOT_TOKEN, ONCALL_CHANNEL } from '../helpers/slack-api';
import { SIGNING_SECRET } from '../helpers/slack-requests';

const ALICE = 'U0ALICE';
const CAROL = 'U0CAROL';

let f: BotFixture;
let playground: Playground;
let stream: EventStream;

beforeAll(async () => {
  // The playground signs as its own workspace (T0LOCAL), which the bot must serve.
  f = await startBot(SMALL_FLEET, { SLACK_TEAM_IDS: TEAM_ID });
  // REBOOTING lasts long enough that the test never sees it end.
  f.simulator!.sim.setDuration('REBOOTING', 600_000);
  playground = mountPlayground(f.server.server, [
    new SlackPlayground({
      slack: f.slack,
      eventsUrl: f.url,
      signingSecret: SIGNING_SECRET,
      oncallChannel: ONCALL_CHANNEL,
    }),
  ]);
  // The playground speaks for the stand-in's Slack team, so the links are made for that team.
  await link(ALICE, 'alice', ['user']);
  await link(CAROL, 'carol', ['user', 'admin']);
  stream = await EventStream.open(`${f.server.url}/playground/api/events`);
});
afterAll(async () => {
  stream?.close();
  playground?.close();
  await f?.close();
});

async function link(userId: string, adUserName: string, roles: Role[]): Promise<void> {
  const now = new Date();
  const value: Link = {
    chat: { platform: 'slack', tenantId: TEAM_ID, userId },
    adUserName,
    adDomain: 'corp',
    groups: [],
    roles,
    linkedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
  };
  await f.bot.services.links.put(value);
}

async function api(operation: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${f.server.url}/playground/api/slack/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

type Message = PlaygroundEvent & { id: string; content: { text?: string; blocks?: unknown[] }; replace: boolean };

function text(value: unknown): string {
  return JSON.stringify(value);
}

describe('the playground server', () => {
  it('serves the page and its scripts, and leaves the bot its own routes on the same port', async () => {
    const page = await fetch(`${f.server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('WorkSpaces Bot playground');
    const script = await fetch(`${f.server.url}/playground/platforms/slack.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${f.server.url}/playground/../../package.json`)).status).toBe(404);
    // An unsigned request still reaches the bot, which refuses it.
    const unsigned = await fetch(`${f.server.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=%2Fworkspace&text=list',
    });
    expect(unsigned.status).toBe(401);
  });

  it('describes the people the page may be', async () => {
    const config = (await (await fetch(`${f.server.url}/playground/api/config`)).json()) as {
      platforms: { id: string; command: string; users: { name: string }[] }[];
    };
    expect(config.platforms[0]?.id).toBe('slack');
    expect(config.platforms[0]?.command).toBe('/workspace');
    expect(config.platforms[0]?.users.map((u) => u.name)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
  });

  it('refuses what only another site could send: no JSON, or a foreign Origin', async () => {
    const form = await fetch(`${f.server.url}/playground/api/slack/command`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ userId: ALICE, text: 'list' }),
    });
    expect(form.status).toBe(415);
    const foreign = await api('command', { userId: ALICE, text: 'list' }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    // A sandboxed frame or a file sends `Origin: null`: foreign too, not a server error.
    expect((await api('command', { userId: ALICE, text: 'list' }, { origin: 'null' })).status).toBe(403);
    expect((await api('command', { userId: 'U0NOBODY', text: 'list' })).status).toBe(400);
  });
});

describe('a slash command and a click, signed as Slack signs them', () => {
  it('sends /workspace list, the bot answers 200, and the answer streams back as a message for alice only', async () => {
    const sent = await api('command', { userId: ALICE, text: 'list' });
    expect(sent.body).toMatchObject({ ok: true, botStatus: 200 });
    const messageId = String(sent.body.messageId);
    const typed = await stream.next((e) => e.kind === 'typed' && e.userId === ALICE);
    expect(typed.text).toBe('/workspace list');
    const message = (await stream.next((e) => e.kind === 'message' && e.id === messageId)) as Message;
    expect(message.userId).toBe(ALICE);
    expect(message.ephemeral).toBe(true);
    expect(message.place).toBe('channel');
    expect(text(message.content.blocks)).toContain('ws-alice');
    expect(text(message.content.blocks)).toContain('reboot:ws-alice');
  });

  it('clicks Reboot: the bot answers 200 and replaces the message in place with the outcome', async () => {
    const listed = await api('command', { userId: ALICE, text: 'list' });
    const messageId = String(listed.body.messageId);
    await stream.next((e) => e.kind === 'message' && e.id === messageId);
    const clicked = await api('action', {
      userId: ALICE,
      messageId,
      action: { type: 'button', action_id: 'workspace_action:reboot', block_id: 'b1', value: 'reboot:ws-alice' },
    });
    expect(clicked.body).toMatchObject({ ok: true, botStatus: 200 });
    const outcome = (await stream.next(
      (e) => e.kind === 'message' && e.id === messageId && (e as Message).replace && text(e).includes('requested by'),
    )) as Message;
    expect(outcome.content.text).toContain('ws-alice');
    expect(outcome.userId).toBe(ALICE);
    await f.bot.drain();
    expect(f.simulator!.sim.get('ws-alice')?.state).toBe('REBOOTING');
  });

  it('would be refused with another signing secret: the page hears why', async () => {
    const wrong = new SlackPlayground({ slack: f.slack, eventsUrl: f.url, signingSecret: 'not-the-secret' });
    const notices: Record<string, unknown>[] = [];
    const stop = wrong.start((event) => notices.push(event));
    try {
      const sent = await wrong.handle('command', { userId: ALICE, text: 'list' });
      expect(sent.body).toMatchObject({ ok: false, botStatus: 401 });
      expect(notices.find((n) => n.kind === 'notice')?.text).toContain('HTTP 401');
    } finally {
      stop();
    }
  });

  it("warns the page when the app answers later than Slack's 3 seconds, or not with 200", async () => {
    let delayMs = 0;
    let status = 200;
    const slowApp = createServer((_req, res) => {
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
    const url = await listen(slowApp);
    const playgroundOf = new SlackPlayground({ slack: f.slack, eventsUrl: url, signingSecret: SIGNING_SECRET });
    const notices: Record<string, unknown>[] = [];
    const stop = playgroundOf.start((event) => notices.push(event));
    try {
      delayMs = 3_200;
      await playgroundOf.handle('command', { userId: ALICE, text: 'list' });
      expect(notices.filter((n) => n.kind === 'notice')).toEqual([
        expect.objectContaining({ level: 'warning', text: expect.stringMatching(/^The app took 3\.\d s to answer/) }),
      ]);
      expect(String(notices.at(-1)?.text)).toContain('Slack gives up after 3 s');

      delayMs = 0;
      status = 500;
      await playgroundOf.handle('command', { userId: ALICE, text: 'list' });
      expect(notices.filter((n) => n.kind === 'notice').at(-1)).toMatchObject({ level: 'error' });
      expect(String(notices.at(-1)?.text)).toContain('the app answered HTTP 500');
    } finally {
      stop();
      await new Promise((resolve) => slowApp.close(resolve));
    }
  }, 15_000);

  it('shows what is posted to the on-call channel in its own place', async () => {
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: f.slack.apiUrl });
    const posted = await client.chat.postMessage({ channel: ONCALL_CHANNEL, text: 'Removed 1 WorkSpace: ws-gone' });
    const shown = await stream.next((e) => e.kind === 'message' && e.place === 'oncall');
    expect(shown).toMatchObject({ ephemeral: false, content: { text: 'Removed 1 WorkSpace: ws-gone' } });
    expect(posted.ok).toBe(true);
  });

  it('opens the terminate modal, shows the validation error, and terminates on the right id', async () => {
    const sent = await api('command', { userId: CAROL, text: 'terminate ws-bob2' });
    expect(sent.body).toMatchObject({ ok: true, botStatus: 200 });
    const modal = await stream.next((e) => e.kind === 'modal' && e.userId === CAROL);
    const viewId = String(modal.viewId);
    expect(text(modal.view)).toContain('terminate_id_block');
    const values = (typed: string) => ({
      terminate_id_block: { terminate_id: { type: 'plain_text_input', value: typed } },
    });
    const wrong = await api('submit', { userId: CAROL, viewId, values: values('ws-bob') });
    expect(wrong.body.errors).toHaveProperty('terminate_id_block');
    const right = await api('submit', { userId: CAROL, viewId, values: values('ws-bob2') });
    expect(right.body).toMatchObject({ ok: true, close: 'this' });
    await f.bot.drain();
    expect(f.simulator!.sim.get('ws-bob2')?.state).toBe('TERMINATING');
  });

  it('opens the home tab: app_home_opened goes out, views.publish comes back for that person', async () => {
    const sent = await api('home', { userId: CAROL });
    expect(sent.body).toMatchObject({ ok: true, botStatus: 200 });
    const home = await stream.next((e) => e.kind === 'home' && e.userId === CAROL);
    expect(text(home.view)).toContain('"type":"home"');
  });

  it('streams Web API calls, and replays what a page missed when it connects late', async () => {
    const late = await EventStream.open(`${f.server.url}/playground/api/events`);
    try {
      const replayed = await late.next((e) => e.kind === 'api' && e.method === 'views.publish');
      expect(replayed.ok).toBe(true);
    } finally {
      late.close();
    }
    expect(playground.events().length).toBeGreaterThan(0);
  });
});

/** A server-sent event stream read with fetch: every event kept, and a way to wait for the next that matches. */
class EventStream {
  private readonly seen: PlaygroundEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly abort = new AbortController();
  private cursor = 0;

  static async open(url: string): Promise<EventStream> {
    const stream = new EventStream();
    const response = await fetch(url, { signal: stream.abort.signal });
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    stream.read(response.body).catch(() => undefined);
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        buffer = buffer.slice(end + 2);
        if (data) this.seen.push(JSON.parse(data) as PlaygroundEvent);
        for (const wake of this.waiters) wake();
        end = buffer.indexOf('\n\n');
      }
    }
  }

  /** The first event after the last one returned that matches; events before it are skipped. */
  next(matches: (event: PlaygroundEvent) => boolean, timeoutMs = 10_000): Promise<PlaygroundEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.seen.findIndex((event, i) => i >= this.cursor && matches(event));
        if (index < 0) return false;
        this.cursor = index + 1;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.seen[index]!);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const kinds = this.seen.slice(this.cursor).map((e) => `${e.kind}${e.method ? `:${e.method}` : ''}`);
        reject(new Error(`no matching event within ${timeoutMs} ms; saw ${kinds.join(', ') || 'nothing'}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  close(): void {
    this.abort.abort();
  }
}
