/**
 * The WorkSpaces simulator in a process of its own, so that its CPU (HTTP parsing, SigV4 scopes, paging 20,000
 * WorkSpaces) is not counted against the scanner being measured on a shared two-core machine.
 *
 * Started by bench/harness.ts as `node --import tsx bench/sim-process.ts '<SimProcessOptions as JSON>'` with an IPC
 * channel: it answers `ready` with its URL, then serves the control requests below. Run by hand without IPC, it prints
 * its URL on stdout and serves until interrupted, which is handy for poking at a benchmark fleet with the AWS CLI.
 */

import type { WorkspaceState } from '../core/workspace';
import {
  type GenerateFleetOptions,
  generateFleet,
  type RateLimit,
  type SimStats,
  startWorkspacesSimulator,
} from '../local/workspaces-sim';

export interface SimProcessOptions {
  fleet: GenerateFleetOptions;
  latencyMs: number;
}

export type SimCommand =
  | { command: 'stats' }
  | { command: 'resetStats' }
  | { command: 'setLatency'; ms: number }
  /** Token buckets for every WorkSpaces operation from now on; null: none. */
  | { command: 'setRateLimit'; limit: RateLimit | null }
  | { command: 'setState'; workspaceId: string; state: WorkspaceState };

export type SimRequest = SimCommand & { id: number };

export type SimMessage =
  | { type: 'ready'; url: string }
  | { type: 'reply'; id: number; stats?: SimStats; error?: string };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '') as SimProcessOptions;
  const running = await startWorkspacesSimulator({
    fleet: generateFleet(options.fleet),
    latencyMs: options.latencyMs,
    // A manual clock keeps every transitional state where it is: "a rescan of the unchanged fleet" must find the
    // fleet unchanged, and a real clock would end ~5% of the generated fleet's transitions during the baseline.
    clock: 'manual',
  });
  const send = process.send?.bind(process);
  if (!send) {
    console.log(running.url);
    return;
  }
  process.on('message', (request: SimRequest) => {
    const reply: SimMessage = { type: 'reply', id: request.id };
    try {
      if (request.command === 'stats') reply.stats = running.sim.stats();
      else if (request.command === 'resetStats') running.sim.resetStats();
      else if (request.command === 'setState') running.sim.setState(request.workspaceId, request.state);
      else if (request.command === 'setRateLimit') {
        if (request.limit) running.sim.setRateLimit(request.limit);
        else running.sim.clearRateLimits();
      } else running.sim.setLatency(request.ms);
    } catch (error) {
      reply.error = error instanceof Error ? error.message : String(error);
    }
    send(reply);
  });
  // The parent going away, however it went, closes the channel: never outlive it.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: running.url } satisfies SimMessage);
}

process.on('SIGTERM', () => process.exit(0));
main().catch((error: unknown) => {
  console.error('sim-process:', error instanceof Error ? error.stack : error);
  process.exit(1);
});
