/**
 * The playground's server side, platform-neutral: the static page, one server-sent event stream of everything the
 * chat platforms' stand-ins heard, and `POST /playground/api/<platform>/<operation>` handed to that platform's adapter
 * (which builds and signs what the real platform would send), and with the Scheduler stand-in `GET
 * /playground/api/schedules` and `POST /playground/api/schedules/advance` (./clock.ts). It is mounted in front of the bot's own handler on the
 * same port: the playground answers `/` and `/playground/...`; every other path (`/slack/events`, `/auth/...`) still
 * reaches the bot exactly as before.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { readBody } from '../http/body';
import { sendJson } from '../http/send-json';
import { jsonObject } from '../json';
import type { SchedulerStandIn } from '../scheduler';
import { PlaygroundClock } from './clock';

/** The playground's answers are live state: never cached. */
const NO_STORE = { 'cache-control': 'no-store' };

/** What the page hears: a platform's event, numbered in order so a reconnecting page catches up. */
export interface PlaygroundEvent {
  seq: number;
  platform: string;
  kind: string;
  [field: string]: unknown;
}

export type PlaygroundEventBody = Omit<PlaygroundEvent, 'seq' | 'platform'>;

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * One chat platform in the playground: Slack (./slack.ts) and Microsoft Teams (./teams.ts), each an adapter here
 * plus a renderer module in public/platforms/.
 */
export interface PlatformAdapter {
  /** The path segment and the page's renderer module name: `slack` → public/platforms/slack.js. */
  readonly id: string;
  readonly label: string;
  /** What the page needs to know: the people it may be, the command to type… Sent as JSON. */
  describe(): Record<string, unknown>;
  /** Starts hearing the platform's stand-in; returns the function that stops. */
  start(emit: (event: PlaygroundEventBody) => void): () => void;
  /** `POST /playground/api/<id>/<operation>` with a JSON body. */
  handle(operation: string, body: Record<string, unknown>): Promise<ApiAnswer>;
  /**
   * Files the page needs from outside public/ (a renderer installed in node_modules), served at
   * `/playground/<path>`: path → absolute file. Only these paths are served, nothing else of node_modules.
   */
  assets?(): Record<string, string>;
}

export interface Playground {
  /** The events so far (at most HISTORY), for tests. */
  events(): PlaygroundEvent[];
  close(): void;
}

export interface MountOptions {
  /** The Scheduler stand-in whose pending schedules the page lists and whose clock it may fast-forward. */
  scheduler?: SchedulerStandIn;
}

const PLAYGROUND_PREFIX = '/playground/';
const PUBLIC_DIR = path.join(__dirname, 'public');
/** Events kept for a page that (re)connects; older ones are dropped. */
const HISTORY = 2000;
const HEARTBEAT_MS = 15_000;
const MAX_BODY = 256 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Puts the playground in front of the server's current request listener (the bot's function URL stand-in). Requests
 * the playground does not answer go to that listener untouched, body included.
 */
export function mountPlayground(
  server: Server,
  adapters: readonly PlatformAdapter[],
  options: MountOptions = {},
): Playground {
  const previous = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const hub = new EventHub();
  const stops = adapters.map((adapter) =>
    adapter.start((event) => hub.publish({ ...event, platform: adapter.id } as Omit<PlaygroundEvent, 'seq'>)),
  );
  const byId = new Map(adapters.map((adapter) => [adapter.id, adapter]));
  const assets = new Map(adapters.flatMap((adapter) => Object.entries(adapter.assets?.() ?? {})));
  const clock = options.scheduler ? new PlaygroundClock(options.scheduler) : undefined;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://playground');
    if (url.pathname !== '/' && !url.pathname.startsWith(PLAYGROUND_PREFIX)) {
      for (const listener of previous) listener.call(server, req, res);
      return;
    }
    route(url, req, res, hub, byId, assets, clock).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) }, NO_STORE);
      else res.end();
    });
  });

  return {
    events: () => hub.history(),
    close: () => {
      for (const stop of stops) stop();
      hub.close();
    },
  };
}

async function route(
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  hub: EventHub,
  adapters: Map<string, PlatformAdapter>,
  assets: Map<string, string>,
  clock: PlaygroundClock | undefined,
): Promise<void> {
  const rest = url.pathname === '/' ? 'index.html' : url.pathname.slice(PLAYGROUND_PREFIX.length);
  if (rest === 'api/config' && req.method === 'GET') {
    sendJson(
      res,
      200,
      {
        platforms: [...adapters.values()].map((adapter) => ({
          id: adapter.id,
          label: adapter.label,
          ...adapter.describe(),
        })),
      },
      NO_STORE,
    );
    return;
  }
  if (rest === 'api/events' && req.method === 'GET') {
    const lastId = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0);
    hub.connect(res, Number.isFinite(lastId) ? lastId : 0);
    return;
  }
  if (rest === 'api/schedules' || rest === 'api/schedules/advance') {
    if (!clock) return sendJson(res, 404, { error: 'no Scheduler stand-in is running' }, NO_STORE);
    if (rest === 'api/schedules') {
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'GET only' }, NO_STORE);
      const answer = clock.list();
      return sendJson(res, answer.status, answer.body, NO_STORE);
    }
    const body = await pageJson(req, res);
    if (!body) return;
    const answer = await clock.advance(body);
    return sendJson(res, answer.status, answer.body, NO_STORE);
  }
  const api = /^api\/([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(rest);
  if (api) {
    const adapter = adapters.get(api[1]!);
    if (!adapter) return sendJson(res, 404, { error: `no platform ${api[1]}` }, NO_STORE);
    const body = await pageJson(req, res);
    if (!body) return;
    const answer = await adapter.handle(api[2]!, body);
    sendJson(res, answer.status, answer.body, NO_STORE);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' }, NO_STORE);
  const asset = assets.get(rest);
  if (asset) return sendFile(asset, res);
  const file = path.normalize(path.join(PUBLIC_DIR, rest));
  if (!file.startsWith(PUBLIC_DIR + path.sep)) return sendJson(res, 404, { error: 'not found' }, NO_STORE);
  await sendFile(file, res);
}

/**
 * The JSON object the page posted; undefined once refused with an answer. Only the page itself may drive the bot or
 * the clock: a JSON body cannot be sent cross-site without a preflight, which is never answered, and a browser that
 * sends Origin must send this server's.
 */
async function pageJson(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
  if (req.method !== 'POST') return void sendJson(res, 405, { error: 'POST only' }, NO_STORE);
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return void sendJson(res, 415, { error: 'send application/json' }, NO_STORE);
  }
  const origin = req.headers.origin;
  if (origin && hostOf(origin) !== req.headers.host)
    return void sendJson(res, 403, { error: 'foreign origin' }, NO_STORE);
  const body = jsonObject((await readBody(req, MAX_BODY)).toString('utf8'));
  if (!body) return void sendJson(res, 400, { error: 'the body must be a JSON object' }, NO_STORE);
  return body;
}

async function sendFile(file: string, res: ServerResponse): Promise<void> {
  const type = TYPES[path.extname(file)];
  if (!type) return sendJson(res, 404, { error: 'not found' }, NO_STORE);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return sendJson(res, 404, { error: 'not found' }, NO_STORE);
  }
  res.writeHead(200, {
    'content-type': type,
    'content-length': content.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(type.startsWith('text/html')
      ? {
          'content-security-policy':
            "default-src 'self'; img-src 'self' data: http: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        }
      : {}),
  });
  res.end(content);
}

/** Fans events out to every connected page, remembering the recent ones for pages that connect later. */
class EventHub {
  private readonly kept: PlaygroundEvent[] = [];
  private readonly clients = new Set<ServerResponse>();
  private seq = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  publish(event: Omit<PlaygroundEvent, 'seq'>): void {
    this.seq += 1;
    const numbered = { ...event, seq: this.seq } as PlaygroundEvent;
    this.kept.push(numbered);
    if (this.kept.length > HISTORY) this.kept.splice(0, this.kept.length - HISTORY);
    for (const client of this.clients) write(client, numbered);
  }

  connect(res: ServerResponse, after: number): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    for (const event of this.kept) if (event.seq > after) write(res, event);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  history(): PlaygroundEvent[] {
    return [...this.kept];
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

function write(res: ServerResponse, event: PlaygroundEvent): void {
  res.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** The host of an Origin header; undefined for `null` (a sandboxed frame, a file) or anything else unreadable. */
function hostOf(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).host : undefined;
}
