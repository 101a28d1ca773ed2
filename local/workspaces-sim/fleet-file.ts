/** Reads and checks a fleet file (format in docs/simulator.md), so a typo fails at load with its path, not later. */

import { readFileSync } from 'node:fs';
import { isRunningMode, isWorkspaceState } from '../../core/workspace';
import { isRecord } from '../json';
import { parseTime } from './clock';
import type { DirectorySpec, FleetSpec, WorkspaceSpec } from './types';

const DIRECTORY_TYPES = ['AD_CONNECTOR', 'SIMPLE_AD', 'CUSTOMER_MANAGED'];
const CONNECTION_STATES = ['CONNECTED', 'DISCONNECTED', 'UNKNOWN'];

export function loadFleetSpec(path: string): FleetSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`fleet file ${path}: ${(error as Error).message}`);
  }
  return parseFleetSpec(raw, path);
}

export function parseFleetSpec(raw: unknown, source = 'fleet'): FleetSpec {
  const problems: string[] = [];
  const fail = (where: string, message: string) => problems.push(`${where}: ${message}`);
  if (!isRecord(raw)) throw new Error(`${source}: expected a JSON object`);

  const optionalStrings = (where: string, value: unknown) => {
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      fail(where, 'expected a list of strings');
    }
  };
  if (raw.homeAccount !== undefined && !isAccount(raw.homeAccount))
    fail('homeAccount', 'expected a 12-digit account id');
  optionalStrings('accounts', raw.accounts);
  optionalStrings('regions', raw.regions);
  if (!Array.isArray(raw.directories)) fail('directories', 'expected a list');
  if (!Array.isArray(raw.workspaces)) fail('workspaces', 'expected a list');
  if (problems.length > 0) throw new Error(`${source}:\n  ${problems.join('\n  ')}`);

  const directoryIds = new Set<string>();
  for (const [i, d] of (raw.directories as unknown[]).entries()) {
    const where = `directories[${i}]`;
    if (!isRecord(d)) {
      fail(where, 'expected an object');
      continue;
    }
    for (const key of ['directoryId', 'region', 'name'] as const) {
      if (typeof d[key] !== 'string' || d[key] === '') fail(`${where}.${key}`, 'required string');
    }
    if (d.accountId !== undefined && !isAccount(d.accountId)) fail(`${where}.accountId`, 'expected a 12-digit id');
    if (d.type !== undefined && !DIRECTORY_TYPES.includes(d.type as string)) {
      fail(`${where}.type`, `one of ${DIRECTORY_TYPES.join(', ')}`);
    }
    if (typeof d.directoryId === 'string') {
      if (directoryIds.has(d.directoryId)) fail(`${where}.directoryId`, `duplicate ${d.directoryId}`);
      directoryIds.add(d.directoryId);
    }
  }

  const workspaceIds = new Set<string>();
  for (const [i, w] of (raw.workspaces as unknown[]).entries()) {
    const where = `workspaces[${i}]`;
    if (!isRecord(w)) {
      fail(where, 'expected an object');
      continue;
    }
    for (const key of ['workspaceId', 'directoryId', 'userName'] as const) {
      if (typeof w[key] !== 'string' || w[key] === '') fail(`${where}.${key}`, 'required string');
    }
    if (typeof w.directoryId === 'string' && !directoryIds.has(w.directoryId)) {
      fail(`${where}.directoryId`, `no directory ${w.directoryId}`);
    }
    if (w.state !== undefined && !isWorkspaceState(w.state)) fail(`${where}.state`, `"${w.state}" is not a state`);
    if (w.runningMode !== undefined && !isRunningMode(w.runningMode)) {
      fail(`${where}.runningMode`, `"${w.runningMode}" is not a running mode`);
    }
    if (w.connectionState !== undefined && !CONNECTION_STATES.includes(w.connectionState as string)) {
      fail(`${where}.connectionState`, `one of ${CONNECTION_STATES.join(', ')}`);
    }
    for (const key of ['bundleId', 'computerName', 'ipAddress', 'computeType'] as const) {
      if (w[key] !== undefined && typeof w[key] !== 'string') fail(`${where}.${key}`, 'expected a string');
    }
    if (w.stuck !== undefined && typeof w.stuck !== 'boolean') fail(`${where}.stuck`, 'expected true or false');
    for (const key of ['stateSince', 'lastUserConnection'] as const) {
      if (w[key] === undefined) continue;
      try {
        if (typeof w[key] !== 'string') throw new Error('expected a time (ISO, or relative like -2h)');
        parseTime(w[key], 0);
      } catch (error) {
        fail(`${where}.${key}`, (error as Error).message);
      }
    }
    if (w.state === 'STOPPED' && w.runningMode === 'ALWAYS_ON') {
      fail(where, 'an ALWAYS_ON WorkSpace cannot be STOPPED');
    }
    if (typeof w.workspaceId === 'string') {
      if (workspaceIds.has(w.workspaceId)) fail(`${where}.workspaceId`, `duplicate ${w.workspaceId}`);
      workspaceIds.add(w.workspaceId);
    }
  }
  if (problems.length > 0) throw new Error(`${source}:\n  ${problems.join('\n  ')}`);

  return {
    homeAccount: raw.homeAccount as string | undefined,
    accounts: raw.accounts as string[] | undefined,
    regions: raw.regions as string[] | undefined,
    directories: raw.directories as DirectorySpec[],
    workspaces: raw.workspaces as WorkspaceSpec[],
  };
}

function isAccount(value: unknown): boolean {
  return typeof value === 'string' && /^\d{12}$/.test(value);
}
