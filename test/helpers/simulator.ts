/** Starts the WorkSpaces simulator and points the SDK at it through the standard endpoint variables. */

import type { WorkspaceRecord } from '../../core/workspace';
import {
  type FleetSpec,
  type RunningWorkspacesSimulator,
  startWorkspacesSimulator,
  type WorkspacesSimulatorOptions,
} from '../../local/workspaces-sim';

export async function startSimulator(options: WorkspacesSimulatorOptions = {}): Promise<RunningWorkspacesSimulator> {
  const running = await startWorkspacesSimulator(options);
  Object.assign(process.env, running.env);
  return running;
}

/** A small fleet in two regions: alice owns one WorkSpace, bob three, and there is a spare directory user. */
export const SMALL_FLEET: FleetSpec = {
  directories: [
    { directoryId: 'd-east', region: 'us-east-1', name: 'corp.example.com', registrationCode: 'SLiad+ABCDEF' },
    { directoryId: 'd-west', region: 'eu-west-1', name: 'corp.example.com', registrationCode: 'WSdub+GHIJKL' },
  ],
  workspaces: [
    { workspaceId: 'ws-alice', directoryId: 'd-east', userName: 'alice', state: 'AVAILABLE', runningMode: 'AUTO_STOP' },
    { workspaceId: 'ws-bob1', directoryId: 'd-east', userName: 'bob', state: 'AVAILABLE', runningMode: 'AUTO_STOP' },
    { workspaceId: 'ws-bob2', directoryId: 'd-east', userName: 'bob', state: 'AVAILABLE', runningMode: 'ALWAYS_ON' },
    { workspaceId: 'ws-bob3', directoryId: 'd-west', userName: 'bob', state: 'STOPPED', runningMode: 'AUTO_STOP' },
  ],
};

/** The cache record a complete scan would write for a simulator WorkSpace. */
export function recordFromSimulator(
  running: RunningWorkspacesSimulator,
  workspaceId: string,
  at: Date,
): WorkspaceRecord {
  const ws = running.sim.get(workspaceId);
  if (!ws) throw new Error(`the simulator has no ${workspaceId}`);
  const directory = running.sim.directories().find((d) => d.directoryId === ws.directoryId);
  return {
    workspaceId,
    userName: ws.userName,
    directoryId: ws.directoryId,
    directoryDomain: directory?.name,
    registrationCode: directory?.registrationCode,
    region: ws.region,
    accountId: ws.accountId,
    state: ws.state,
    runningMode: ws.runningMode,
    computerName: ws.computerName,
    ipAddress: ws.ipAddress,
    bundleId: ws.bundleId,
    stateSince: at.toISOString(),
    observedAt: at.toISOString(),
    lastSeenAt: at.toISOString(),
  };
}
