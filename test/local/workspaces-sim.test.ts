/**
 * The WorkSpaces simulator driven by the real AWS SDK clients, configured only through the standard env vars
 * (AWS_ENDPOINT_URL_WORKSPACES / _EC2 / _STS, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  type DescribeWorkspacesCommandInput,
  DescribeWorkspacesConnectionStatusCommand,
  type FailedWorkspaceChangeRequest,
  InvalidParameterValuesException,
  InvalidResourceStateException,
  paginateDescribeWorkspaces,
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  ResourceNotFoundException,
  ResourceUnavailableException,
  RestoreWorkspaceCommand,
  StartWorkspacesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  ValidationException,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import {
  DEFAULT_DURATIONS,
  DEFAULT_TERMINATED_RETENTION_MS,
  type FleetSpec,
  type RunningWorkspacesSimulator,
  startWorkspacesSimulator,
  type WorkspaceSpec,
  type WorkspacesSimulatorOptions,
} from '../../local/workspaces-sim';
import { RateLimits } from '../../local/workspaces-sim/rate-limits';

const HOME = '123456789012';
const PARTNER = '111122223333';
const START = Date.parse('2025-01-06T09:00:00Z');

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

class Harness {
  private running?: RunningWorkspacesSimulator;
  private readonly clients: { destroy(): void }[] = [];

  get sim() {
    return this.running!.sim;
  }

  async start(options: WorkspacesSimulatorOptions = {}): Promise<void> {
    this.running = await startWorkspacesSimulator({
      clock: 'manual',
      startTime: START,
      fleet: testFleet(),
      ...options,
    });
    Object.assign(process.env, this.running.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  }

  async stop(): Promise<void> {
    for (const client of this.clients.splice(0)) client.destroy();
    await this.running?.close();
    this.running = undefined;
  }

  /** Region and credentials are the only settings passed; the endpoint comes from AWS_ENDPOINT_URL_WORKSPACES. */
  workspaces(region?: string, credentials?: Credentials): WorkSpacesClient {
    return this.track(new WorkSpacesClient({ ...(region ? { region } : {}), ...(credentials ? { credentials } : {}) }));
  }

  ec2(): EC2Client {
    return this.track(new EC2Client({}));
  }

  sts(credentials?: Credentials): STSClient {
    return this.track(new STSClient(credentials ? { credentials } : {}));
  }

  private track<T extends { destroy(): void }>(client: T): T {
    this.clients.push(client);
    return client;
  }
}

/**
 * 63 WorkSpaces in the home account's us-east-1 (55 bulk + 8 named), two in eu-west-1, one in a partner account.
 */
function testFleet(): FleetSpec {
  const workspaces: WorkspaceSpec[] = [];
  for (let i = 0; i < 55; i++) {
    workspaces.push({
      workspaceId: `ws-bulk${String(i).padStart(5, '0')}`,
      directoryId: 'd-1111111111',
      userName: `user${i}`,
      bundleId: i % 2 ? 'wsb-odd000001' : 'wsb-even00001',
    });
  }
  const named: [string, string, string, WorkspaceSpec['state'], WorkspaceSpec['runningMode']][] = [
    ['ws-alice0001', 'd-1111111111', 'alice', 'AVAILABLE', 'AUTO_STOP'],
    ['ws-bob000001', 'd-1111111111', 'bob', 'STOPPED', 'AUTO_STOP'],
    ['ws-bob000002', 'd-2222222222', 'bob', 'AVAILABLE', 'ALWAYS_ON'],
    ['ws-carol0001', 'd-1111111111', 'carol', 'AVAILABLE', 'ALWAYS_ON'],
    ['ws-dave00001', 'd-1111111111', 'dave', 'UNHEALTHY', 'AUTO_STOP'],
    ['ws-erin00001', 'd-1111111111', 'erin', 'SUSPENDED', 'AUTO_STOP'],
    ['ws-frank0001', 'd-1111111111', 'frank', 'ADMIN_MAINTENANCE', 'AUTO_STOP'],
    ['ws-grace0001', 'd-1111111111', 'grace', 'ERROR', 'MANUAL'],
    ['ws-euro00001', 'd-3333333333', 'alice', 'AVAILABLE', 'AUTO_STOP'],
    ['ws-euro00002', 'd-3333333333', 'bob', 'STOPPED', 'MANUAL'],
    ['ws-partner01', 'd-4444444444', 'paula', 'AVAILABLE', 'AUTO_STOP'],
  ];
  for (const [workspaceId, directoryId, userName, state, runningMode] of named) {
    workspaces.push({ workspaceId, directoryId, userName, state, runningMode, lastUserConnection: '-2h' });
  }
  return {
    accounts: [PARTNER],
    directories: [
      { directoryId: 'd-1111111111', region: 'us-east-1', name: 'corp.example.com', registrationCode: 'SLiad+AAAAAA' },
      { directoryId: 'd-2222222222', region: 'us-east-1', name: 'lab.example.com', alias: 'lab' },
      { directoryId: 'd-3333333333', region: 'eu-west-1', name: 'corp.example.com' },
      { directoryId: 'd-4444444444', region: 'us-east-1', accountId: PARTNER, name: 'partner.example.com' },
    ],
    workspaces,
  };
}

/** The exception a promise rejects with, for asserting on name and message. */
async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const h = new Harness();

beforeEach(() => h.start());
afterEach(() => h.stop());

async function describeAll(client: WorkSpacesClient, input: DescribeWorkspacesCommandInput = {}) {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  for await (const page of paginateDescribeWorkspaces({ client, pageSize: 25 }, input)) {
    pageSizes.push(page.Workspaces?.length ?? 0);
    ids.push(...(page.Workspaces ?? []).map((ws) => ws.WorkspaceId!));
  }
  return { ids, pageSizes };
}

async function stateOf(client: WorkSpacesClient, workspaceId: string) {
  const out = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [workspaceId] }));
  return out.Workspaces?.[0]?.State;
}

describe('DescribeWorkspaces pagination', () => {
  it('pages the caller’s account and region 25 at a time with NextToken', async () => {
    const { ids, pageSizes } = await describeAll(h.workspaces());
    expect(pageSizes).toEqual([25, 25, 13]);
    expect(new Set(ids).size).toBe(63);
    expect(ids).not.toContain('ws-euro00001');
    expect(ids).not.toContain('ws-partner01');
    expect(h.sim.callCount('DescribeWorkspaces', 'us-east-1')).toBe(3);
  });

  it('pages a directory, and a page stays stable when WorkSpaces vanish between pages', async () => {
    const client = h.workspaces();
    const first = await client.send(new DescribeWorkspacesCommand({ DirectoryId: 'd-1111111111', Limit: 10 }));
    expect(first.Workspaces).toHaveLength(10);
    const last = first.Workspaces![9]!.WorkspaceId!;
    h.sim.removeWorkspace(last);
    const rest = await describeAll(client, { DirectoryId: 'd-1111111111', NextToken: first.NextToken });
    expect(rest.ids).not.toContain(last);
    expect(new Set([...first.Workspaces!.map((w) => w.WorkspaceId!), ...rest.ids]).size).toBe(62);
  });

  it('answers the real response shape with epoch-second timestamps and a request id', async () => {
    const client = h.workspaces();
    const out = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: ['ws-alice0001'] }));
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.NextToken).toBeUndefined();
    expect(out.Workspaces?.[0]).toMatchObject({
      WorkspaceId: 'ws-alice0001',
      DirectoryId: 'd-1111111111',
      UserName: 'alice',
      State: 'AVAILABLE',
      WorkspaceProperties: { RunningMode: 'AUTO_STOP' },
    });
    const status = await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: ['ws-alice0001'] }));
    const last = status.WorkspacesConnectionStatus?.[0]?.LastKnownUserConnectionTimestamp;
    expect(last).toBeInstanceOf(Date);
    expect(last!.getTime()).toBe(START - 2 * 3_600_000);
  });
});

describe('DescribeWorkspaces filter rules', () => {
  const illegal: [string, DescribeWorkspacesCommandInput][] = [
    ['WorkspaceIds with DirectoryId', { WorkspaceIds: ['ws-alice0001'], DirectoryId: 'd-1111111111' }],
    ['WorkspaceIds with BundleId', { WorkspaceIds: ['ws-alice0001'], BundleId: 'wsb-odd000001' }],
    ['DirectoryId with BundleId', { DirectoryId: 'd-1111111111', BundleId: 'wsb-odd000001' }],
    ['UserName without DirectoryId', { UserName: 'alice' }],
    ['UserName with WorkspaceIds', { UserName: 'alice', WorkspaceIds: ['ws-alice0001'] }],
  ];
  it.each(illegal)('rejects %s', async (_, input) => {
    const error = await failure(h.workspaces().send(new DescribeWorkspacesCommand(input)));
    expect(error).toBeInstanceOf(InvalidParameterValuesException);
  });

  it('rejects Limit 26 and 0, 26 ids and an empty id list', async () => {
    const client = h.workspaces();
    const tooMany = Array.from({ length: 26 }, (_, i) => `ws-bulk${String(i).padStart(5, '0')}`);
    for (const input of [{ Limit: 26 }, { Limit: 0 }, { WorkspaceIds: tooMany }, { WorkspaceIds: [] }]) {
      const error = await failure(client.send(new DescribeWorkspacesCommand(input)));
      expect(error).toBeInstanceOf(ValidationException);
    }
    const ok = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: tooMany.slice(0, 25) }));
    expect(ok.Workspaces).toHaveLength(25);
  });

  it('filters by DirectoryId+UserName (case-insensitive), BundleId and ids; unknown ids are simply absent', async () => {
    const client = h.workspaces();
    const bob = await client.send(new DescribeWorkspacesCommand({ DirectoryId: 'd-1111111111', UserName: 'BOB' }));
    expect(bob.Workspaces?.map((w) => w.WorkspaceId)).toEqual(['ws-bob000001']);
    const odd = await describeAll(client, { BundleId: 'wsb-odd000001' });
    expect(odd.ids).toHaveLength(27);
    const ids = await client.send(
      new DescribeWorkspacesCommand({ WorkspaceIds: ['ws-alice0001', 'ws-missing01', 'ws-euro00001'] }),
    );
    expect(ids.Workspaces?.map((w) => w.WorkspaceId)).toEqual(['ws-alice0001']);
  });

  it('rejects a NextToken from another filter', async () => {
    const client = h.workspaces();
    const first = await client.send(new DescribeWorkspacesCommand({ Limit: 5 }));
    const error = await failure(
      client.send(new DescribeWorkspacesCommand({ DirectoryId: 'd-1111111111', NextToken: first.NextToken })),
    );
    expect(error).toBeInstanceOf(InvalidParameterValuesException);
  });
});

describe('other describes', () => {
  it('DescribeWorkspacesConnectionStatus takes 1..25 ids and pages without them', async () => {
    const client = h.workspaces();
    const tooMany = Array.from({ length: 26 }, (_, i) => `ws-bulk${String(i).padStart(5, '0')}`);
    const error = await failure(client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: tooMany })));
    expect(error).toBeInstanceOf(ValidationException);
    let token: string | undefined;
    let seen = 0;
    do {
      const page = await client.send(new DescribeWorkspacesConnectionStatusCommand({ NextToken: token }));
      seen += page.WorkspacesConnectionStatus?.length ?? 0;
      token = page.NextToken;
    } while (token);
    expect(seen).toBe(63);
  });

  it('DescribeWorkspaceDirectories answers the caller’s directories with registration codes', async () => {
    const client = h.workspaces();
    const all = await client.send(new DescribeWorkspaceDirectoriesCommand({}));
    expect(all.Directories?.map((d) => d.DirectoryId)).toEqual(['d-1111111111', 'd-2222222222']);
    const one = await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: ['d-1111111111'] }));
    expect(one.Directories?.[0]).toMatchObject({
      DirectoryId: 'd-1111111111',
      DirectoryName: 'corp.example.com',
      Alias: 'corp',
      RegistrationCode: 'SLiad+AAAAAA',
      State: 'REGISTERED',
    });
    const paged = await client.send(new DescribeWorkspaceDirectoriesCommand({ Limit: 1 }));
    expect(paged.Directories).toHaveLength(1);
    const next = await client.send(new DescribeWorkspaceDirectoriesCommand({ Limit: 1, NextToken: paged.NextToken }));
    expect(next.Directories?.[0]?.DirectoryId).toBe('d-2222222222');
    expect(next.NextToken).toBeUndefined();
  });
});

describe('region and account isolation', () => {
  it('a client sees only its own region', async () => {
    const eu = h.workspaces('eu-west-1');
    const { ids } = await describeAll(eu);
    expect(ids.sort()).toEqual(['ws-euro00001', 'ws-euro00002']);
    const us = h.workspaces('us-east-1');
    expect(await stateOf(us, 'ws-euro00001')).toBeUndefined();
    const reboot = await us.send(
      new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: 'ws-euro00001' }] }),
    );
    expect(reboot.FailedRequests).toEqual([
      expect.objectContaining({ WorkspaceId: 'ws-euro00001', ErrorCode: 'ResourceNotFound' }),
    ]);
    expect(h.sim.get('ws-euro00001')?.state).toBe('AVAILABLE');
    expect(h.sim.callCount('DescribeWorkspaces', 'eu-west-1')).toBe(1);
  });

  it('STS AssumeRole gives credentials of the role’s account, which see only that account', async () => {
    const base = await h.sts().send(new GetCallerIdentityCommand({}));
    expect(base.Account).toBe(HOME);
    const assumed = await h
      .sts()
      .send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PARTNER}:role/WorkspacesBotReader`, RoleSessionName: 'scan' }),
      );
    const c = assumed.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(c.Expiration).toBeInstanceOf(Date);
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PARTNER}:assumed-role/WorkspacesBotReader/scan`);
    const credentials = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    const who = await h.sts(credentials).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(PARTNER);
    const { ids } = await describeAll(h.workspaces('us-east-1', credentials));
    expect(ids).toEqual(['ws-partner01']);
    const denied = await failure(
      h.sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444455556666:role/X', RoleSessionName: 'scan' })),
    );
    expect(denied.name).toBe('AccessDenied');
  });
});

describe('actions', () => {
  async function batch(command: 'reboot' | 'start' | 'stop' | 'rebuild' | 'terminate', ids: string[]) {
    const client = h.workspaces();
    const requests = ids.map((WorkspaceId) => ({ WorkspaceId }));
    const commands = {
      reboot: () => new RebootWorkspacesCommand({ RebootWorkspaceRequests: requests }),
      start: () => new StartWorkspacesCommand({ StartWorkspaceRequests: requests }),
      stop: () => new StopWorkspacesCommand({ StopWorkspaceRequests: requests }),
      rebuild: () => new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: requests }),
      terminate: () => new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: requests }),
    };
    // biome-ignore lint/suspicious/noExplicitAny: each command has its own output type; all carry FailedRequests.
    const out = (await client.send(commands[command]() as any)) as { FailedRequests?: FailedWorkspaceChangeRequest[] };
    return out.FailedRequests ?? [];
  }
  const codes = (failed: FailedWorkspaceChangeRequest[]) => failed.map((f) => [f.WorkspaceId, f.ErrorCode]);

  it('reboot: AVAILABLE/UNHEALTHY accepted; STOPPED and a fresh REBOOTING refused; stuck > 20 min accepted', async () => {
    expect(await batch('reboot', ['ws-alice0001', 'ws-dave00001'])).toEqual([]);
    expect(h.sim.get('ws-alice0001')?.state).toBe('REBOOTING');
    expect(h.sim.get('ws-dave00001')?.state).toBe('REBOOTING');
    expect(codes(await batch('reboot', ['ws-bob000001', 'ws-alice0001']))).toEqual([
      ['ws-bob000001', 'InvalidResourceState'],
      ['ws-alice0001', 'InvalidResourceState'],
    ]);
    h.sim.setState('ws-carol0001', 'REBOOTING', { since: START - 25 * 60_000, stuck: true });
    expect(await batch('reboot', ['ws-carol0001'])).toEqual([]);
    expect(h.sim.get('ws-carol0001')).toMatchObject({ state: 'REBOOTING', stateSince: START, stuck: false });
  });

  it('start: STOPPED AUTO_STOP accepted; AVAILABLE refused', async () => {
    expect(await batch('start', ['ws-bob000001'])).toEqual([]);
    expect(h.sim.get('ws-bob000001')?.state).toBe('STARTING');
    expect(codes(await batch('start', ['ws-alice0001']))).toEqual([['ws-alice0001', 'InvalidResourceState']]);
  });

  it('stop: AVAILABLE AUTO_STOP and ERROR MANUAL accepted; ALWAYS_ON refused for its running mode', async () => {
    expect(await batch('stop', ['ws-alice0001', 'ws-grace0001'])).toEqual([]);
    expect(h.sim.get('ws-grace0001')?.state).toBe('STOPPING');
    const failed = await batch('stop', ['ws-carol0001']);
    expect(codes(failed)).toEqual([['ws-carol0001', 'UnsupportedWorkspaceConfiguration']]);
    expect(failed[0]?.ErrorMessage).toContain('ALWAYS_ON');
  });

  it('rebuild: one at a time; SUSPENDED refused', async () => {
    expect(await batch('rebuild', ['ws-dave00001'])).toEqual([]);
    expect(h.sim.get('ws-dave00001')?.state).toBe('REBUILDING');
    expect(codes(await batch('rebuild', ['ws-erin00001']))).toEqual([['ws-erin00001', 'InvalidResourceState']]);
    const error = await failure(batch('rebuild', ['ws-alice0001', 'ws-carol0001']));
    expect(error).toBeInstanceOf(ValidationException);
    expect(h.sim.get('ws-alice0001')?.state).toBe('AVAILABLE');
  });

  it('terminate: accepted in most states; SUSPENDED and ADMIN_MAINTENANCE refused; 26 rejected', async () => {
    expect(await batch('terminate', ['ws-grace0001', 'ws-bob000001'])).toEqual([]);
    expect(h.sim.get('ws-grace0001')?.state).toBe('TERMINATING');
    expect(codes(await batch('terminate', ['ws-erin00001', 'ws-frank0001']))).toEqual([
      ['ws-erin00001', 'InvalidResourceState'],
      ['ws-frank0001', 'InvalidResourceState'],
    ]);
    const ids = Array.from({ length: 26 }, (_, i) => `ws-bulk${String(i).padStart(5, '0')}`);
    expect(await failure(batch('terminate', ids))).toBeInstanceOf(ValidationException);
    expect(h.sim.get('ws-bulk00000')?.state).toBe('AVAILABLE');
  });

  it('ADMIN_MAINTENANCE accepts no action at all', async () => {
    for (const action of ['reboot', 'start', 'stop', 'rebuild', 'terminate'] as const) {
      expect(codes(await batch(action, ['ws-frank0001']))).toEqual([['ws-frank0001', 'InvalidResourceState']]);
    }
  });

  it('a mixed batch reports every failure, and the good WorkSpaces still move', async () => {
    h.sim.failNext('ws-bulk00001', { errorCode: 'ResourceUnavailable', errorMessage: 'Injected by the test' });
    const failed = await batch('stop', [
      'ws-bulk00000',
      'ws-bulk00001',
      'ws-carol0001',
      'ws-bob000001',
      'ws-nothere01',
      'ws-bulk00002',
    ]);
    expect(codes(failed)).toEqual([
      ['ws-bulk00001', 'ResourceUnavailable'],
      ['ws-carol0001', 'UnsupportedWorkspaceConfiguration'],
      ['ws-bob000001', 'InvalidResourceState'],
      ['ws-nothere01', 'ResourceNotFound'],
    ]);
    expect(failed[0]?.ErrorMessage).toBe('Injected by the test');
    expect(h.sim.get('ws-bulk00000')?.state).toBe('STOPPING');
    expect(h.sim.get('ws-bulk00002')?.state).toBe('STOPPING');
    expect(h.sim.get('ws-bulk00001')?.state).toBe('AVAILABLE');
    expect(h.sim.stats().failedRequests).toBe(4);
    // The injected failure is used once.
    expect(await batch('stop', ['ws-bulk00001'])).toEqual([]);
  });

  it('RestoreWorkspace: accepted, or InvalidResourceStateException / ResourceNotFoundException / injected', async () => {
    const client = h.workspaces();
    await client.send(new RestoreWorkspaceCommand({ WorkspaceId: 'ws-alice0001' }));
    expect(h.sim.get('ws-alice0001')?.state).toBe('RESTORING');
    const busy = await failure(client.send(new RestoreWorkspaceCommand({ WorkspaceId: 'ws-alice0001' })));
    expect(busy).toBeInstanceOf(InvalidResourceStateException);
    const missing = await failure(client.send(new RestoreWorkspaceCommand({ WorkspaceId: 'ws-nothere01' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as ResourceNotFoundException).ResourceId).toBe('ws-nothere01');
    h.sim.failNext('ws-carol0001', { errorCode: 'ResourceUnavailable', errorMessage: 'Snapshot not ready' });
    const injected = await failure(client.send(new RestoreWorkspaceCommand({ WorkspaceId: 'ws-carol0001' })));
    expect(injected).toBeInstanceOf(ResourceUnavailableException);
    expect(injected.message).toBe('Snapshot not ready');
  });
});

describe('states move over time', () => {
  it('reboot, stop, start and terminate end by themselves as the clock advances', async () => {
    const client = h.workspaces();
    h.sim.setDuration('REBOOTING', 60_000);
    await client.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: 'ws-alice0001' }] }));
    h.sim.advance(59_999);
    expect(await stateOf(client, 'ws-alice0001')).toBe('REBOOTING');
    h.sim.advance(1);
    expect(await stateOf(client, 'ws-alice0001')).toBe('AVAILABLE');
    expect(h.sim.get('ws-alice0001')?.stateSince).toBe(START + 60_000);

    await client.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: 'ws-alice0001' }] }));
    h.sim.advance(DEFAULT_DURATIONS.STOPPING!);
    expect(await stateOf(client, 'ws-alice0001')).toBe('STOPPED');

    await client.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: 'ws-alice0001' }] }));
    expect(await stateOf(client, 'ws-alice0001')).toBe('STARTING');
    h.sim.advance(DEFAULT_DURATIONS.STARTING!);
    expect(await stateOf(client, 'ws-alice0001')).toBe('AVAILABLE');
    const status = await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: ['ws-alice0001'] }));
    expect(status.WorkspacesConnectionStatus?.[0]).toMatchObject({ ConnectionState: 'CONNECTED' });
    expect(status.WorkspacesConnectionStatus?.[0]?.LastKnownUserConnectionTimestamp?.getTime()).toBe(h.sim.now());

    await client.send(
      new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: 'ws-alice0001' }] }),
    );
    h.sim.advance(DEFAULT_DURATIONS.TERMINATING!);
    expect(await stateOf(client, 'ws-alice0001')).toBe('TERMINATED');
    h.sim.advance(DEFAULT_TERMINATED_RETENTION_MS);
    expect(await stateOf(client, 'ws-alice0001')).toBeUndefined();
    expect(h.sim.get('ws-alice0001')).toBeUndefined();
  });

  it('a long jump runs a chain of transitions in order', async () => {
    await h
      .workspaces()
      .send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: 'ws-dave00001' }] }));
    h.sim.advance(24 * 3_600_000);
    expect(h.sim.get('ws-dave00001')).toBeUndefined();
  });

  it('a stuck WorkSpace stays put until acted on; setState into a transition ends on the clock', async () => {
    h.sim.setState('ws-carol0001', 'REBOOTING', { since: '-25m', stuck: true });
    h.sim.advance(3_600_000);
    expect(h.sim.get('ws-carol0001')).toMatchObject({ state: 'REBOOTING', stateSince: START - 25 * 60_000 });
    h.sim.setState('ws-alice0001', 'STOPPING');
    h.sim.advance(DEFAULT_DURATIONS.STOPPING!);
    expect(h.sim.get('ws-alice0001')?.state).toBe('STOPPED');
  });
});

describe('injected trouble', () => {
  it('throttled calls are retried by the SDK and then succeed', async () => {
    h.sim.throttleNext({ count: 2, operation: 'DescribeWorkspaces' });
    const out = await h.workspaces().send(new DescribeWorkspacesCommand({ Limit: 1 }));
    expect(out.Workspaces).toHaveLength(1);
    expect(out.$metadata.attempts).toBe(3);
    expect(h.sim.callCount('DescribeWorkspaces', 'us-east-1')).toBe(3);
    expect(h.sim.stats().throttled).toBe(2);
  }, 20_000);

  it('throttling past the retry budget surfaces ThrottlingException; other regions are unaffected', async () => {
    h.sim.throttleNext({ count: 5, region: 'eu-west-1' });
    const eu = await failure(h.workspaces('eu-west-1').send(new DescribeWorkspacesCommand({})));
    expect(eu.name).toBe('ThrottlingException');
    expect(eu.message).toBe('Rate exceeded');
    await h.workspaces('us-east-1').send(new DescribeWorkspacesCommand({ Limit: 1 }));
    expect(h.sim.stats().throttled).toBe(3);
  }, 20_000);

  it('outages: down answers 503 ServiceUnavailable (retried), not-offered UnrecognizedClient; null heals', async () => {
    h.sim.setOutage('eu-west-1', 'down');
    h.sim.setOutage('ap-southeast-2', 'not-offered');
    const down = await failure(h.workspaces('eu-west-1').send(new DescribeWorkspacesCommand({})));
    expect(down.name).toBe('ServiceUnavailableException');
    expect(down.$metadata?.attempts).toBe(3);
    const absent = await failure(h.workspaces('ap-southeast-2').send(new DescribeWorkspacesCommand({})));
    expect(absent.name).toBe('UnrecognizedClientException');
    expect(absent.$metadata?.attempts).toBe(1);
    expect((await h.workspaces('us-east-1').send(new DescribeWorkspacesCommand({ Limit: 1 }))).Workspaces).toHaveLength(
      1,
    );
    h.sim.setOutage('eu-west-1', null);
    expect((await h.workspaces('eu-west-1').send(new DescribeWorkspacesCommand({}))).Workspaces).toHaveLength(2);
    expect(h.sim.stats().outages).toBe(4);
  }, 20_000);

  it('latency is applied on a timer: concurrent calls overlap', async () => {
    h.sim.setLatency(200);
    const client = h.workspaces();
    const started = Date.now();
    await Promise.all(Array.from({ length: 40 }, () => client.send(new DescribeWorkspacesCommand({ Limit: 1 }))));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(2_000);
    expect(h.sim.callCount('DescribeWorkspaces')).toBe(40);
  });

  it('stats count calls per operation and region and reset', async () => {
    await h.workspaces('eu-west-1').send(new DescribeWorkspacesCommand({}));
    await h.ec2().send(new DescribeRegionsCommand({}));
    expect(h.sim.stats()).toMatchObject({
      total: 2,
      byOperation: { DescribeWorkspaces: 1, DescribeRegions: 1 },
      byRegion: { 'eu-west-1': 1, 'us-east-1': 1 },
      calls: { DescribeWorkspaces: { 'eu-west-1': 1 }, DescribeRegions: { 'us-east-1': 1 } },
    });
    h.sim.resetStats();
    expect(h.sim.stats().total).toBe(0);
  });
});

describe('token buckets (per account, region and operation)', () => {
  it('lets `burst` calls through at once, then `rate` a second, and never more than `burst`', () => {
    let now = 0;
    const limits = new RateLimits(() => now);
    limits.set({ operation: 'DescribeWorkspaces', rate: 4, burst: 3 });
    const take = () => limits.take(HOME, 'us-east-1', 'DescribeWorkspaces');
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
    now += 250; // a quarter of a second at 4 a second: one token
    expect([take(), take()]).toEqual([true, false]);
    now += 10_000; // a long quiet spell refills to the burst, no further
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
    // Other operations have no limit here.
    expect(limits.take(HOME, 'us-east-1', 'DescribeWorkspaceDirectories')).toBe(true);
  });

  it('answers an empty bucket as WorkSpaces does: HTTP 400 ThrottlingException "Rate exceeded"', async () => {
    await h.stop();
    await h.start({ rateLimits: [{ operation: 'DescribeWorkspaces', rate: 0, burst: 2 }] });
    const once = (region: string, credentials?: Credentials) =>
      new WorkSpacesClient({ region, maxAttempts: 1, ...(credentials ? { credentials } : {}) }).send(
        new DescribeWorkspacesCommand({ Limit: 1 }),
      );
    await once('us-east-1');
    await once('us-east-1');
    const throttled = await failure(once('us-east-1'));
    expect(throttled).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    // Another region of the same account, and another account in the same region, have buckets of their own.
    await once('eu-west-1');
    await once('eu-west-1');
    expect((await failure(once('eu-west-1'))).name).toBe('ThrottlingException');
    const assumed = await h
      .sts()
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PARTNER}:role/Reader`, RoleSessionName: 'scan' }));
    const partner = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    await once('us-east-1', partner);
    await once('us-east-1', partner);
    expect((await failure(once('us-east-1', partner))).name).toBe('ThrottlingException');
    // Another operation is not limited, and EC2 and STS never are.
    await h.workspaces('us-east-1').send(new DescribeWorkspaceDirectoriesCommand({}));
    expect(h.sim.stats().throttled).toBe(3);
    h.sim.clearRateLimits();
    await once('us-east-1');
  });

  it('a limit without an operation gives every WorkSpaces operation a bucket of its own', async () => {
    h.sim.setRateLimit({ rate: 0, burst: 1 });
    const client = new WorkSpacesClient({ region: 'us-east-1', maxAttempts: 1 });
    await client.send(new DescribeWorkspacesCommand({ Limit: 1 }));
    await client.send(new DescribeWorkspaceDirectoriesCommand({}));
    expect((await failure(client.send(new DescribeWorkspacesCommand({ Limit: 1 })))).name).toBe('ThrottlingException');
    expect((await failure(client.send(new DescribeWorkspaceDirectoriesCommand({})))).name).toBe('ThrottlingException');
    await h.ec2().send(new DescribeRegionsCommand({}));
    client.destroy();
  });
});

describe('EC2 DescribeRegions', () => {
  it('lists the configured regions, filtered by RegionNames', async () => {
    const all = await h.ec2().send(new DescribeRegionsCommand({}));
    expect(all.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1', 'eu-west-1']);
    expect(all.Regions?.[0]).toEqual({
      RegionName: 'us-east-1',
      Endpoint: 'ec2.us-east-1.amazonaws.com',
      OptInStatus: 'opt-in-not-required',
    });
    h.sim.setRegions(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    const some = await h.ec2().send(new DescribeRegionsCommand({ RegionNames: ['ap-southeast-2'] }));
    expect(some.Regions?.map((r) => r.RegionName)).toEqual(['ap-southeast-2']);
    const bad = await failure(h.ec2().send(new DescribeRegionsCommand({ RegionNames: ['xx-nowhere-1'] })));
    expect(bad.name).toBe('InvalidParameterValue');
  });

  it('can be throttled by name, and the SDK retries it', async () => {
    h.sim.throttleNext({ count: 1, operation: 'DescribeRegions' });
    const out = await h.ec2().send(new DescribeRegionsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
  }, 20_000);
});
