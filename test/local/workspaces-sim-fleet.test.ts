/** The simulator's fleet sources: the fleet file (and the shipped demo fleet) and the benchmark generator. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { paginateDescribeWorkspaces, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { generateFleet, loadFleetSpec, startWorkspacesSimulator, WorkspacesSim } from '../../local/workspaces-sim';

const DEMO = path.join(__dirname, '../../local/workspaces-sim/demo-fleet.json');

describe('demo fleet', () => {
  const sim = new WorkspacesSim({ fleet: DEMO });
  const all = sim.list();
  const owned = (user: string) => all.filter((ws) => ws.userName === user);

  it('has a few dozen WorkSpaces in three regions of one account', () => {
    expect(all.length).toBeGreaterThanOrEqual(24);
    expect(new Set(all.map((ws) => ws.region))).toEqual(new Set(['us-east-1', 'eu-west-1', 'ap-southeast-2']));
    expect(new Set(all.map((ws) => ws.accountId))).toEqual(new Set(['123456789012']));
    expect(sim.regions()).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
  });

  it('gives alice one WorkSpace, bob three, carol one, and has exactly one UNHEALTHY', () => {
    expect(owned('alice')).toHaveLength(1);
    expect(owned('bob')).toHaveLength(3);
    expect(owned('carol')).toHaveLength(1);
    expect(all.filter((ws) => ws.state === 'UNHEALTHY')).toHaveLength(1);
  });

  it('mixes running modes and states, with bare user names in corp.example.com-style directories', () => {
    expect(new Set(all.map((ws) => ws.runningMode))).toEqual(new Set(['AUTO_STOP', 'ALWAYS_ON', 'MANUAL']));
    expect(new Set(all.map((ws) => ws.state)).size).toBeGreaterThanOrEqual(6);
    expect(all.every((ws) => /^[a-z]+$/.test(ws.userName))).toBe(true);
    expect(sim.directories().every((d) => /^[a-z]+\.example\.com$/.test(d.name))).toBe(true);
    expect(sim.directories().every((d) => /^SL[a-z]{3}\+[A-Z0-9]{6}$/.test(d.registrationCode))).toBe(true);
  });
});

describe('fleet file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ws-sim-'));
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('loads directories and WorkSpaces, with relative times and defaults', () => {
    const file = write('ok.json', {
      homeAccount: '111122223333',
      directories: [{ directoryId: 'd-aaaaaaaaaa', region: 'eu-west-1', name: 'corp.example.com' }],
      workspaces: [
        { workspaceId: 'ws-aaaaaaaa1', directoryId: 'd-aaaaaaaaaa', userName: 'alice', lastUserConnection: '-2h' },
        {
          workspaceId: 'ws-aaaaaaaa2',
          directoryId: 'd-aaaaaaaaaa',
          userName: 'bob',
          state: 'REBOOTING',
          stateSince: '2025-01-06T08:00:00Z',
          stuck: true,
        },
      ],
    });
    const start = Date.parse('2025-01-06T09:00:00Z');
    const sim = new WorkspacesSim({ fleet: file, clock: 'manual', startTime: start });
    expect(sim.homeAccount).toBe('111122223333');
    expect(sim.get('ws-aaaaaaaa1')).toMatchObject({
      region: 'eu-west-1',
      accountId: '111122223333',
      state: 'AVAILABLE',
      runningMode: 'AUTO_STOP',
      lastUserConnection: start - 7_200_000,
      stateSince: start,
    });
    expect(sim.get('ws-aaaaaaaa2')).toMatchObject({ state: 'REBOOTING', stuck: true, stateSince: start - 3_600_000 });
    expect(sim.directories()[0]).toMatchObject({ alias: 'corp', registrationCode: expect.stringMatching(/^SLdub\+/) });
  });

  it('reports every problem with its path', () => {
    const file = write('bad.json', {
      directories: [{ directoryId: 'd-aaaaaaaaaa', region: 'eu-west-1' }],
      workspaces: [
        { workspaceId: 'ws-1', directoryId: 'd-nothere00', userName: 'alice', state: 'ASLEEP' },
        {
          workspaceId: 'ws-2',
          directoryId: 'd-aaaaaaaaaa',
          userName: 'bob',
          state: 'STOPPED',
          runningMode: 'ALWAYS_ON',
        },
      ],
    });
    expect(() => loadFleetSpec(file)).toThrow(
      /directories\[0\]\.name: required string[\s\S]*workspaces\[0\]\.directoryId: no directory d-nothere00[\s\S]*workspaces\[0\]\.state[\s\S]*workspaces\[1\]: an ALWAYS_ON WorkSpace cannot be STOPPED/,
    );
    expect(() => loadFleetSpec(write('broken.json', '{ not json'))).toThrow(/broken\.json/);
    // Optional fields of the wrong type, and times that are not times, are reported at load too.
    const typed = write('typed.json', {
      directories: [{ directoryId: 'd-aaaaaaaaaa', region: 'eu-west-1', name: 'corp.example.com' }],
      workspaces: [
        {
          workspaceId: 'ws-3',
          directoryId: 'd-aaaaaaaaaa',
          userName: 'carol',
          stuck: 'false',
          bundleId: 5,
          stateSince: 'yesterday-ish',
        },
      ],
    });
    expect(() => loadFleetSpec(typed)).toThrow(
      /workspaces\[0\]\.bundleId: expected a string[\s\S]*workspaces\[0\]\.stuck: expected true or false[\s\S]*workspaces\[0\]\.stateSince: "yesterday-ish" is not a time/,
    );
  });
});

describe('generateFleet', () => {
  it('builds 20,000 WorkSpaces in 17 regions quickly and loads them quickly', () => {
    const started = performance.now();
    const spec = generateFleet({ workspaces: 20_000, regions: 17, directoriesPerRegion: 2, seed: 7 });
    const sim = new WorkspacesSim({ fleet: spec, clock: 'manual' });
    const elapsed = performance.now() - started;
    expect(spec.workspaces).toHaveLength(20_000);
    expect(new Set(spec.workspaces.map((ws) => ws.workspaceId)).size).toBe(20_000);
    expect(sim.regions()).toHaveLength(17);
    expect(sim.directories()).toHaveLength(34);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('spreads a fleet over several accounts, each with its directories in every region', () => {
    const accounts = ['123456789012', '100000000001', '100000000002'];
    const spec = generateFleet({ workspaces: 900, regions: 2, directoriesPerRegion: 2, accounts, seed: 3 });
    const sim = new WorkspacesSim({ fleet: spec, clock: 'manual' });
    expect(spec.directories).toHaveLength(3 * 2 * 2);
    const targets = new Set(sim.list().map((ws) => `${ws.accountId}#${ws.region}`));
    expect([...targets].sort()).toEqual(accounts.flatMap((a) => [`${a}#us-east-1`, `${a}#us-west-2`]).sort());
    // One account's fleet is the same as before accounts were an option.
    const single = { workspaces: 50, regions: 2, directoriesPerRegion: 2, seed: 3 };
    expect(generateFleet({ ...single, accounts: ['123456789012'], accountId: undefined }).workspaces).toEqual(
      generateFleet(single).workspaces,
    );
  });

  it('is deterministic for a seed and different across seeds', () => {
    const options = { workspaces: 500, regions: ['us-east-1', 'eu-west-1'], directoriesPerRegion: 3, users: 300 };
    expect(generateFleet({ ...options, seed: 42 })).toEqual(generateFleet({ ...options, seed: 42 }));
    expect(generateFleet({ ...options, seed: 43 })).not.toEqual(generateFleet({ ...options, seed: 42 }));
    const spec = generateFleet({ ...options, seed: 42 });
    expect(new Set(spec.workspaces.map((ws) => ws.userName)).size).toBe(300);
    // Only AUTO_STOP and MANUAL WorkSpaces can be stopped, so no ALWAYS_ON one is generated STOPPED.
    expect(spec.workspaces.some((ws) => ws.state === 'STOPPED' && ws.runningMode === 'ALWAYS_ON')).toBe(false);
  });

  it('serves a generated fleet to concurrent SDK scans of every region, with latency', async () => {
    const spec = generateFleet({ workspaces: 3_000, regions: 17, directoriesPerRegion: 2, seed: 3 });
    const running = await startWorkspacesSimulator({ fleet: spec, latencyMs: 20, clock: 'manual' });
    Object.assign(process.env, running.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    const clients = spec.regions!.map((region) => new WorkSpacesClient({ region }));
    try {
      const scans = clients.map(async (client) => {
        const ids: string[] = [];
        for await (const page of paginateDescribeWorkspaces({ client, pageSize: 25 }, {})) {
          ids.push(...(page.Workspaces ?? []).map((ws) => ws.WorkspaceId!));
        }
        return ids;
      });
      const ids = (await Promise.all(scans)).flat();
      expect(new Set(ids).size).toBe(3_000);
      const pages = running.sim.callCount('DescribeWorkspaces');
      expect(pages).toBeGreaterThanOrEqual(3_000 / 25);
      expect(pages).toBeLessThanOrEqual(3_000 / 25 + 17);
    } finally {
      for (const client of clients) client.destroy();
      await running.close();
    }
  });
});
