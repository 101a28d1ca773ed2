/**
 * A local stand-in for Amazon WorkSpaces, EC2 DescribeRegions and STS that the real AWS SDK clients talk to through
 * AWS_ENDPOINT_URL_WORKSPACES / _EC2 / _STS / _SQS. See docs/simulator.md.
 */
import { serve } from '../http/listen';
import { RequestHandler } from './server';
import { WorkspacesSim } from './sim';
import type { SimOptions } from './types';

export { FAILURE_CODES } from './actions';
export { ApiError } from './errors';
export { DEFAULT_DURATIONS, DEFAULT_TERMINATED_RETENTION_MS, END_STATES, type SetStateOptions } from './fleet';
export { loadFleetSpec, parseFleetSpec } from './fleet-file';
export { type GenerateFleetOptions, generateFleet, WORKSPACES_REGIONS } from './generator';
export { type Caller, DEFAULT_HOME_ACCOUNT, WorkspacesSim } from './sim';
export type * from './types';

export interface WorkspacesSimulatorOptions extends SimOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
}

export interface RunningWorkspacesSimulator {
  url: string;
  sim: WorkspacesSim;
  /** The variables that point the SDK's WorkSpaces, EC2 and STS clients here. */
  env: {
    AWS_ENDPOINT_URL_WORKSPACES: string;
    AWS_ENDPOINT_URL_EC2: string;
    AWS_ENDPOINT_URL_STS: string;
    AWS_ENDPOINT_URL_SQS: string;
  };
  close(): Promise<void>;
}

export async function startWorkspacesSimulator(
  options: WorkspacesSimulatorOptions = {},
): Promise<RunningWorkspacesSimulator> {
  const sim = new WorkspacesSim(options);
  const handler = new RequestHandler(sim);
  // Connections stay open well past the SDK agent's idle time, so benchmarks reuse sockets.
  const { url, close } = await serve((req, res) => handler.handle(req, res), { ...options, keepAliveMs: 60_000 });
  return {
    url,
    sim,
    env: {
      AWS_ENDPOINT_URL_WORKSPACES: url,
      AWS_ENDPOINT_URL_EC2: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_SQS: url,
    },
    close: () => {
      handler.cancelPending();
      return close();
    },
  };
}
