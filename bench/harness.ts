/**
 * What every benchmark needs: the local stand-ins in processes of their own, the SDK pointed at them through the
 * standard environment variables only, and cleanup of everything started, on success, on error and on exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log } from '../core/logger';
import { startDynamoDbLocal } from '../local/dynamodb/launcher';

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
