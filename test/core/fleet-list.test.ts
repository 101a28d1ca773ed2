import { WorkspaceCache } from '../../core/data/workspace-cache';
import { decodeCursor, type FleetPage, listFleet } from '../../core/fleet-list';
import type { WorkspaceState } from '../../core/workspace';
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
