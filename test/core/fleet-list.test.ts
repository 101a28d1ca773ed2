import fc from 'fast-check';
import { FLEET_PARTITIONS, fleetPartition, fleetSort, WorkspaceCache } from '../../core/data/workspace-cache';
import { decodeCursor, type FleetFilters, type FleetPage, listFleet } from '../../core/fleet-list';
import type { WorkspaceRecord, WorkspaceState } from '../../core/workspace';
import { testTables } from '../helpers/dynamo';
import { workspace } from '../helpers/fleet';

let cache: WorkspaceCache;
const STATES: WorkspaceState[] = ['AVAILABLE', 'STOPPED', 'ERROR'];
const REGIONS = ['us-east-1', 'eu-west-1'];

beforeAll(async () => {
  const t = await testTables();
  cache = new WorkspaceCache(t.db, t.config.tables.workspaces);
  const records = Array.from({ length: 240 }, (_, i) =>
    workspace({
      workspaceId: `ws-${String(i).padStart(4, '0')}`,
      userName: `user${i % 40}`,
      state: STATES[i % 3]!,
      region: REGIONS[i % 2]!,
      directoryId: i % 5 === 0 ? 'd-lab' : 'd-corp',
    }),
  );
  await cache.putNew(records);
});

async function walk(first: FleetPage): Promise<FleetPage[]> {
  const pages = [first];
  while (pages.at(-1)!.next) pages.push(await listFleet(cache, {}, pages.at(-1)!.next));
  return pages;
}

describe('the fleet list', () => {
  it('pages through the whole fleet in order, ten at a time, and back again', async () => {
    const pages = await walk(await listFleet(cache, {}));
    expect(pages).toHaveLength(24);
    expect(pages.map((p) => p.page)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const ids = pages.flatMap((p) => p.records.map((r) => r.workspaceId));
    expect(new Set(ids).size).toBe(240);
    expect(pages[0]!.previous).toBeUndefined();
    expect(pages.at(-1)!.next).toBeUndefined();
    // Ordered by state, then region, then id.
    expect(pages[0]!.records[0]).toMatchObject({ state: 'AVAILABLE', region: 'eu-west-1' });

    const back = await listFleet(cache, {}, pages[5]!.previous);
    expect(back.page).toBe(5);
    expect(back.records.map((r) => r.workspaceId)).toEqual(pages[4]!.records.map((r) => r.workspaceId));
    const first = await listFleet(cache, {}, pages[1]!.previous);
    expect(first.page).toBe(1);
    expect(first.previous).toBeUndefined();
    expect(first.records.map((r) => r.workspaceId)).toEqual(pages[0]!.records.map((r) => r.workspaceId));
  });

  it('filters by state and region with a range read, and keeps the filters in the cursor', async () => {
    const page = await listFleet(cache, { state: 'ERROR', region: 'us-east-1' });
    expect(page.records).toHaveLength(10);
    expect(page.records.every((r) => r.state === 'ERROR' && r.region === 'us-east-1')).toBe(true);
    const next = await listFleet(cache, {}, page.next);
    expect(next.filters).toEqual({ state: 'ERROR', region: 'us-east-1' });
    expect(next.records.every((r) => r.state === 'ERROR' && r.region === 'us-east-1')).toBe(true);
    const all = (await walk(page)).flatMap((p) => p.records);
    expect(all).toHaveLength(40);
    expect(new Set(all.map((r) => r.workspaceId)).size).toBe(40);
  });

  it('filters by region alone, by directory, and by user through the owner index', async () => {
    const west = await walk(await listFleet(cache, { region: 'eu-west-1' }));
    expect(west.flatMap((p) => p.records).every((r) => r.region === 'eu-west-1')).toBe(true);
    expect(west.flatMap((p) => p.records)).toHaveLength(120);

    const user = await listFleet(cache, { user: 'USER7' });
    expect(user.records.map((r) => r.workspaceId)).toEqual([
      'ws-0007',
      'ws-0047',
      'ws-0087',
      'ws-0127',
      'ws-0167',
      'ws-0207',
    ]);
    expect(user.next).toBeUndefined();

    const lab = await listFleet(cache, { directory: 'd-lab', state: 'STOPPED' });
    expect(lab.records.length).toBeGreaterThan(0);
    expect(lab.records.every((r) => r.directoryId === 'd-lab' && r.state === 'STOPPED')).toBe(true);
  });

  it('answers an empty page for a filter nothing matches, and ignores a garbled cursor', async () => {
    expect(await listFleet(cache, { state: 'SUSPENDED' })).toMatchObject({ records: [], page: 1 });
    expect(decodeCursor('%%%')).toBeUndefined();
    expect((await listFleet(cache, {}, 'garbage')).page).toBe(1);
  });

  it('keeps cursors within the 2000 characters a Slack button value may hold, filters included', async () => {
    // Every filter, matching more than a page, so there is a next cursor carrying all of them.
    const page = await listFleet(cache, { state: 'AVAILABLE', region: 'eu-west-1', directory: 'd-corp' }, undefined, {
      pageSize: 5,
    });
    const byUser = await listFleet(cache, { user: 'user1' }, undefined, { pageSize: 2 });
    const cursors = [page.next, byUser.next];
    for (const cursor of cursors) {
      expect(cursor).toBeDefined();
      expect(cursor!.length).toBeLessThan(2000);
    }
  });

  it('never strands a page when a sparse filter runs out of read budget: Next goes on, Previous comes back', async () => {
    const t = await testTables();
    const sparse = new WorkspaceCache(t.db, t.config.tables.workspaces);
    // 300 WorkSpaces, of which only the last two in the index's order are in directory d-rare.
    await sparse.putNew(
      Array.from({ length: 300 }, (_, i) =>
        workspace({ workspaceId: `ws-${String(i).padStart(4, '0')}`, directoryId: i >= 298 ? 'd-rare' : 'd-corp' }),
      ),
    );
    const options = { readBudget: 1 };
    const pages: FleetPage[] = [await listFleet(sparse, { directory: 'd-rare' }, undefined, options)];
    expect(pages[0]).toMatchObject({ records: [], page: 1 });
    expect(pages[0]!.next).toBeDefined();
    while (pages.at(-1)!.next) pages.push(await listFleet(sparse, {}, pages.at(-1)!.next, options));
    expect(pages.flatMap((p) => p.records.map((r) => r.workspaceId))).toEqual(['ws-0298', 'ws-0299']);
    // Every page but the first offers Previous, and paging back ends on page 1.
    for (const page of pages.slice(1)) expect(page.previous).toBeDefined();
    let back = pages.at(-1)!;
    for (let step = 0; back.previous && step < 10; step++) back = await listFleet(sparse, {}, back.previous, options);
    expect(back.page).toBe(1);
    expect(back.previous).toBeUndefined();
  });
});

describe('the sharded fleet index', () => {
  let sharded: WorkspaceCache;
  beforeAll(async () => {
    const t = await testTables();
    sharded = new WorkspaceCache(t.db, t.config.tables.workspaces);
  });

  /** The pages one partition ordered by the index's sort key gives: the sorted, filtered fleet cut into pages. */
  function expectedPages(records: WorkspaceRecord[], filters: FleetFilters, pageSize: number): string[][] {
    const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    const matching = records
      .filter(
        (r) =>
          (!filters.user || r.userName.toLowerCase() === filters.user.toLowerCase()) &&
          (!filters.state || r.state === filters.state) &&
          (!filters.region || r.region === filters.region) &&
          (!filters.directory || r.directoryId === filters.directory),
      )
      .map((r) => ({ id: r.workspaceId, sort: filters.user ? r.workspaceId : fleetSort(r) }))
      .sort((a, b) => byBytes(a.sort, b.sort))
      .map((r) => r.id);
    const pages: string[][] = [];
    for (let i = 0; i < matching.length; i += pageSize) pages.push(matching.slice(i, i + pageSize));
    return pages.length ? pages : [[]];
  }

  const fleets = fc.uniqueArray(
    fc.record({
      n: fc.integer({ min: 0, max: 9999 }),
      state: fc.constantFrom<WorkspaceState>('AVAILABLE', 'STOPPED', 'ERROR', 'REBOOTING'),
      region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
      // d-lab is rare, so a filter on it needs several rounds of reads and shards run dry at different points.
      directoryId: fc.constantFrom('d-corp', 'd-corp', 'd-corp', 'd-corp', 'd-corp', 'd-lab'),
      user: fc.integer({ min: 0, max: 5 }),
    }),
    { selector: (w) => w.n, maxLength: 160 },
  );
  const filterSets = fc.oneof(
    fc.constant<FleetFilters>({}),
    fc.record({ state: fc.constantFrom<WorkspaceState>('AVAILABLE', 'ERROR') }),
    fc.record({ state: fc.constantFrom<WorkspaceState>('STOPPED'), region: fc.constantFrom('eu-west-1') }),
    fc.record({ region: fc.constantFrom('us-east-1', 'ap-southeast-2') }),
    fc.record({ directory: fc.constantFrom('d-lab') }),
    fc.record({ user: fc.constantFrom('User1', 'user4') }),
  );

  it('gives the same pages in the same order as one partition would, forwards and back, over random fleets', async () => {
    await fc.assert(
      fc.asyncProperty(fleets, filterSets, fc.integer({ min: 1, max: 12 }), async (specs, filters, pageSize) => {
        const records = specs.map((w) =>
          workspace({
            workspaceId: `ws-${w.n.toString(36)}`,
            userName: `user${w.user}`,
            state: w.state,
            region: w.region,
            directoryId: w.directoryId,
          }),
        );
        await sharded.putNew(records);
        try {
          // A budget no filter here exhausts, so every page is full: the pages a single partition gave.
          const options = { pageSize, readBudget: 100 };
          const pages = [await listFleet(sharded, filters, undefined, options)];
          while (pages.at(-1)!.next) pages.push(await listFleet(sharded, {}, pages.at(-1)!.next, options));
          const expected = expectedPages(records, filters, pageSize);
          expect(pages.map((p) => p.records.map((r) => r.workspaceId))).toEqual(expected);
          expect(pages.map((p) => p.page)).toEqual(expected.map((_, i) => i + 1));
          const back = [pages.at(-1)!];
          while (back.at(-1)!.previous) back.push(await listFleet(sharded, {}, back.at(-1)!.previous, options));
          expect(back.reverse().map((p) => p.records.map((r) => r.workspaceId))).toEqual(expected);
        } finally {
          await Promise.all(records.map((r) => sharded.delete(r.workspaceId, '9999-12-31T00:00:00.000Z')));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('reads on in a shard whose filtered read came back empty before taking a later row from another', async () => {
    const idsIn = (partition: string, count: number) => {
      const ids: string[] = [];
      for (let i = 0; ids.length < count; i++) if (fleetPartition(`ws-x${i}`) === partition) ids.push(`ws-x${i}`);
      return ids;
    };
    // Shard 0: 30 AVAILABLE WorkSpaces (first in order), d-lab only from the 21st on, past its first read's window.
    // Shard 1: five STOPPED ones in d-lab, later in order but found by its first read.
    const early = idsIn(FLEET_PARTITIONS[0]!, 30)
      .sort()
      .map((workspaceId, i) =>
        workspace({ workspaceId, state: 'AVAILABLE', directoryId: i >= 20 ? 'd-lab' : 'd-corp' }),
      );
    const late = idsIn(FLEET_PARTITIONS[1]!, 5).map((workspaceId) =>
      workspace({ workspaceId, state: 'STOPPED', directoryId: 'd-lab' }),
    );
    await sharded.putNew([...early, ...late]);
    try {
      const page = await listFleet(sharded, { directory: 'd-lab' }, undefined, { pageSize: 15, readBudget: 100 });
      expect(page.records.map((r) => r.workspaceId)).toEqual(
        expectedPages([...early, ...late], { directory: 'd-lab' }, 15)[0],
      );
    } finally {
      await Promise.all([...early, ...late].map((r) => sharded.delete(r.workspaceId, '9999-12-31T00:00:00.000Z')));
    }
  });

  it('puts the fleet in every shard, so no one partition takes a full scan', async () => {
    const shards = new Set(Array.from({ length: 1000 }, (_, i) => fleetPartition(`ws-${i.toString(36)}`)));
    expect([...shards].sort()).toEqual([...FLEET_PARTITIONS].sort());
  });
});
