/**
 * What every benchmark needs: the local stand-ins in processes of their own, the SDK pointed at them through the
 * standard environment variables only, and cleanup of everything started, on success, on error and on exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HttpEvent, HttpHandler, HttpResult } from '../bot/http/types';
import type { Log } from '../core/logger';
import { startDynamoDbLocal } from '../local/dynamodb/launcher';
import { toFunctionUrlEvent } from '../local/http/lambda-server';

export { setEnv } from '../local/env';

import type { WorkspaceState } from '../core/workspace';
import type { RateLimit, SimStats } from '../local/workspaces-sim';
import type { SimCommand, SimMessage, SimProcessOptions, SimRequest } from './sim-process';

/** Where a benchmark writes: its one JSON line to `out`, everything for people to `err`. */
export interface BenchIO {
  out(line: string): void;
  err(line: string): void;
}

export const stdio: BenchIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A number with at most `digits` decimals, as the JSON lines print them. */
export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** A Log for the code under measurement: warnings and errors to stderr (named `who`), info lines dropped as noise. */
export function benchLog(io: BenchIO, who: string): Log {
  const write =
    (level: string) =>
    (message: unknown, ...extra: unknown[]) =>
      io.err(`${who} ${level}: ${String(message)}${extra.length ? ` ${JSON.stringify(extra)}` : ''}`);
  return { debug() {}, info() {}, warn: write('warn'), error: write('error') };
}

/** A stack of things to undo, closed in reverse order; a failing step is reported, never masks the run's error. */
export class Resources {
  private readonly undo: { name: string; fn: () => Promise<void> | void }[] = [];

  constructor(private readonly io: BenchIO) {}

  defer(name: string, fn: () => Promise<void> | void): void {
    this.undo.push({ name, fn });
  }

  async close(): Promise<void> {
    for (let step = this.undo.pop(); step; step = this.undo.pop()) {
      try {
        await step.fn();
      } catch (error) {
        this.io.err(`cleanup of ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** The SDK's standard variables pointing at the stand-ins, with throwaway credentials: as in the tests. */
export function standInEnv(sim: SimProcess, dynamodbEndpoint: string): Record<string, string | undefined> {
  return {
    ...sim.env,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** DynamoDB Local started with the project's launcher, or one already running (the tests share theirs). */
export async function dynamoDb(resources: Resources, endpoint?: string): Promise<string> {
  if (endpoint) return endpoint;
  const local = await startDynamoDbLocal();
  resources.defer('DynamoDB Local', () => local.stop());
  return local.endpoint;
}

export interface SimProcess {
  url: string;
  /** The variables that point the SDK's WorkSpaces, EC2 and STS clients at the simulator. */
  env: { AWS_ENDPOINT_URL_WORKSPACES: string; AWS_ENDPOINT_URL_EC2: string; AWS_ENDPOINT_URL_STS: string };
  stats(): Promise<SimStats>;
  resetStats(): Promise<void>;
  setLatency(ms: number): Promise<void>;
  /** Token buckets for every WorkSpaces operation (per account, region and operation); null: none. */
  setRateLimit(limit: RateLimit | null): Promise<void>;
  /** Puts a WorkSpace in a state, as an end of its transition would. */
  setState(workspaceId: string, state: WorkspaceState): Promise<void>;
  stop(): Promise<void>;
}

const SIM_ENTRY = path.join(__dirname, 'sim-process.ts');

/** Starts bench/sim-process.ts under tsx's loader in the same Node, with an IPC channel to control it. */
export async function startSimProcess(
  options: SimProcessOptions,
  resources: Resources,
  timeoutMs = 60_000,
): Promise<SimProcess> {
  // `node --import tsx` rather than the tsx CLI: the CLI runs the script in a grandchild, which a SIGKILL of the
  // CLI would orphan.
  const loader = pathToFileURL(require.resolve('tsx')).href;
  const child: ChildProcess = spawn(process.execPath, ['--import', loader, SIM_ENTRY, JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // Last resort for a crash or a signal: 'exit' handlers run synchronously, so a plain kill is all there is time for.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      if (child.connected) child.disconnect();
      child.kill('SIGTERM');
    });
  resources.defer('the simulator process', stop);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the simulator process did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`the simulator process exited before it was ready (${signal ?? `code ${code}`})`));
    };
    child.once('exit', onExit);
    child.once('error', onExit.bind(null, null, 'spawn error'));
    child.on('message', function ready(message: SimMessage) {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', ready);
      resolve(message.url);
    });
  });

  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (m: SimMessage & { type: 'reply' }) => void; reject: (e: Error) => void }
  >();
  child.on('message', (message: SimMessage) => {
    if (message.type !== 'reply') return;
    pending.get(message.id)?.resolve(message);
    pending.delete(message.id);
  });
  child.once('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the simulator process exited'));
    pending.clear();
  });
  const request = (body: SimCommand) =>
    new Promise<SimMessage & { type: 'reply' }>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...body, id } satisfies SimRequest, (error) => {
        if (!error) return;
        pending.delete(id);
        reject(error);
      });
    }).then((reply) => {
      if (reply.error) throw new Error(`simulator: ${reply.error}`);
      return reply;
    });

  return {
    url,
    env: { AWS_ENDPOINT_URL_WORKSPACES: url, AWS_ENDPOINT_URL_EC2: url, AWS_ENDPOINT_URL_STS: url },
    stats: async () => (await request({ command: 'stats' })).stats!,
    resetStats: async () => {
      await request({ command: 'resetStats' });
    },
    setLatency: async (ms) => {
      await request({ command: 'setLatency', ms });
    },
    setRateLimit: async (limit) => {
      await request({ command: 'setRateLimit', limit });
    },
    setState: async (workspaceId, state) => {
      await request({ command: 'setState', workspaceId, state });
    },
    stop,
  };
}

/** "12 DescribeWorkspaces, 3 DescribeRegions": a call count by operation, largest first. */
export function formatCalls(stats: SimStats): string {
  return Object.entries(stats.byOperation)
    .sort(([, a], [, b]) => b - a)
    .map(([operation, calls]) => `${calls} ${operation}`)
    .join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// Latency: requests to a handler in process, their percentiles, and which targets were met

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** "p50 1.2 ms, p90 …, p99 …, max …, mean …" for a stderr line. */
export function describeSamples(samples: number[]): string {
  const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
  return (
    `p50 ${round(percentile(samples, 50))} ms, p90 ${round(percentile(samples, 90))} ms, ` +
    `p99 ${round(percentile(samples, 99))} ms, max ${round(Math.max(...samples))} ms, mean ${round(mean)} ms`
  );
}

/** The public host the chat benchmarks' events are addressed to, as a function URL's. */
export const FUNCTION_URL_HOST = 'bench0000000000000000000000000000.lambda-url.us-east-1.on.aws';

/**
 * The function URL's payload-2.0 event for a POST, built by the same code that serves the handlers over HTTP locally
 * (local/http/lambda-server.ts), from a request that never touches a socket.
 */
export function functionUrlEvent(url: string, headers: Record<string, string>, body: string): HttpEvent {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = url;
  req.headers = { host: FUNCTION_URL_HOST, 'content-length': String(Buffer.byteLength(body)), ...headers };
  return toFunctionUrlEvent(req, Buffer.from(body, 'utf8'));
}

export interface TimedRequests {
  /** Untimed requests first, then timed ones. */
  warmUp: number;
  iterations: number;
  /** The event of request `i`, made before its clock starts. */
  request(i: number): HttpEvent | Promise<HttpEvent>;
  check(result: HttpResult, i: number): void;
  /**
   * Inside the clock, after the answer: waits for what the request caused (the worker's answer). It may return the
   * `performance.now()` at which that answer arrived, which ends the clock there instead.
   */
  complete?(i: number): Promise<number | undefined>;
  /** Outside the clock, after each request. */
  between?(): Promise<void>;
}

/** Runs the requests one after another: `ack` is the handler's answer alone, `done` runs to `complete`'s end. */
export async function timed(handler: HttpHandler, run: TimedRequests): Promise<{ ack: number[]; done: number[] }> {
  const ack: number[] = [];
  const done: number[] = [];
  for (let i = 0; i < run.warmUp + run.iterations; i++) {
    const event = await run.request(i);
    const started = performance.now();
    const result = await handler(event);
    const acked = performance.now() - started;
    const arrived = run.complete ? await run.complete(i) : undefined;
    const finished = (arrived ?? performance.now()) - started;
    run.check(result, i);
    if (run.between) await run.between();
    if (i >= run.warmUp) {
      ack.push(acked);
      done.push(finished);
    }
  }
  return { ack, done };
}

/** Prints each target as met or MISSED, in order. */
export function reportChecks(checks: readonly [string, boolean][], io: BenchIO): void {
  for (const [text, ok] of checks) io.err(`target ${ok ? 'met   ' : 'MISSED'}: ${text}`);
}

/** How many slow requests of each kind a chat benchmark sends: a tenth of the timed ones, 5 to 20. */
export function slowCount(iterations: number): number {
  return Math.max(5, Math.min(20, Math.floor(iterations / 10)));
}

/** What the slow phase of a chat benchmark reports: its acks' p99 and how many of its requests got their answer. */
export interface SlowAcks {
  ack_p99_ms: number;
  ack_p99_slow_ms: number;
  completed_slow: number;
  requests_slow: number;
}

/**
 * The ack targets of a slow phase (issues 5, 12, 13): at most `limitMs`, not much slower than the warm acks (the
 * ack waits for nothing downstream), and every request answered in the end.
 */
export function slowAckChecks(line: SlowAcks, limitMs: number): { checks: [string, boolean][]; met: boolean } {
  const bound = 1.5 * line.ack_p99_ms + 50;
  const checks: [string, boolean][] = [
    [`ack_p99_slow_ms ${line.ack_p99_slow_ms} <= ${limitMs}`, line.ack_p99_slow_ms <= limitMs],
    [
      `ack_p99_slow_ms ${line.ack_p99_slow_ms} <= 1.5 x ack_p99_ms + 50 = ${round(bound)}`,
      line.ack_p99_slow_ms <= bound,
    ],
    [
      `completed_slow ${line.completed_slow} = requests_slow ${line.requests_slow}`,
      line.completed_slow === line.requests_slow,
    ],
  ];
  return { checks, met: checks.every(([, ok]) => ok) };
}
