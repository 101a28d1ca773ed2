import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AuditLog } from '../../../core/data/audit';
import { IdempotencyStore } from '../../../core/data/idempotency';
import { LinkStore } from '../../../core/data/links';
import { SigninStateStore } from '../../../core/data/signin-states';
import { TABLES } from '../../../core/data/tables';
import { WorkspaceCache } from '../../../core/data/workspace-cache';
import { type TestTables, testTables } from '../../helpers/dynamo';
import { T0, workspace } from '../../helpers/fleet';

let t: TestTables;
beforeAll(async () => {
  t = await testTables();
});

const later = (ms: number) => new Date(T0.getTime() + ms).toISOString();
const chat = { platform: 'slack' as const, tenantId: 'T1', userId: 'U1' };

describe('WorkspaceCache', () => {
  it("finds an owner's WorkSpaces by a Query on the owner index, whatever the case of the name", async () => {
    const cache = new WorkspaceCache(t.db, t.config.tables.workspaces);
    await cache.put(workspace({ workspaceId: 'ws-o1', userName: 'Owner.One' }));
    await cache.put(workspace({ workspaceId: 'ws-o2', userName: 'owner.one' }));
    await cache.put(workspace({ workspaceId: 'ws-x', userName: 'someone.else' }));

    const mine = await cache.listByOwner('OWNER.ONE');
    expect(mine.map((w) => w.workspaceId).sort()).toEqual(['ws-o1', 'ws-o2']);
    expect(mine[0]).not.toHaveProperty('ownerKey');
    expect(await cache.listByOwner('CORP\\owner.one')).toHaveLength(2);
    expect(await cache.listByOwner('')).toEqual([]);
  });

  it('keeps the newer observation when an older write arrives late', async () => {
    const cache = new WorkspaceCache(t.db, t.config.tables.workspaces);
    expect(await cache.put(workspace({ workspaceId: 'ws-race', state: 'REBOOTING', observedAt: later(2000) }))).toBe(
      'written',
    );
    expect(await cache.put(workspace({ workspaceId: 'ws-race', state: 'AVAILABLE', observedAt: later(1000) }))).toBe(
      'stale',
    );
    expect((await cache.get('ws-race'))?.state).toBe('REBOOTING');
    expect(await cache.put(workspace({ workspaceId: 'ws-race', state: 'AVAILABLE', observedAt: later(3000) }))).toBe(
      'written',
    );
    expect((await cache.get('ws-race'))?.state).toBe('AVAILABLE');
  });

  it('does not delete a WorkSpace observed after the proof of its absence', async () => {
    const cache = new WorkspaceCache(t.db, t.config.tables.workspaces);
    await cache.put(workspace({ workspaceId: 'ws-del', observedAt: later(5000) }));
    expect(await cache.delete('ws-del', later(4000))).toBe('stale');
    expect(await cache.get('ws-del')).toBeDefined();
    expect(await cache.delete('ws-del', later(6000))).toBe('written');
    expect(await cache.get('ws-del')).toBeUndefined();
  });

  it('reads many ids at once', async () => {
    const cache = new WorkspaceCache(t.db, t.config.tables.workspaces);
    const ids = Array.from({ length: 130 }, (_, i) => `ws-many${i}`);
    await Promise.all(ids.map((workspaceId) => cache.put(workspace({ workspaceId }))));
    const found = await cache.getMany([...ids, 'ws-missing', 'ws-many0']);
    expect(found.size).toBe(130);
  });
});

describe('SigninStateStore', () => {
  it('lets a state be consumed exactly once, even by concurrent callbacks', async () => {
    const states = new SigninStateStore(t.db, t.config.tables.signinStates);
    await states.create('state-once', chat, 'verifier', T0);
    const results = await Promise.all([states.consume('state-once', T0), states.consume('state-once', T0)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results.find(Boolean)).toMatchObject({ chat, codeVerifier: 'verifier' });
    expect(await states.consume('state-once', T0)).toBeUndefined();
  });

  it('refuses an expired or unknown state', async () => {
    const states = new SigninStateStore(t.db, t.config.tables.signinStates);
    await states.create('state-old', chat, 'verifier', T0);
    expect(await states.consume('state-old', new Date(T0.getTime() + 601_000))).toBeUndefined();
    expect(await states.consume('never-issued', T0)).toBeUndefined();
  });

  it('never overwrites an existing state', async () => {
    const states = new SigninStateStore(t.db, t.config.tables.signinStates);
    await states.create('state-dup', chat, 'one', T0);
    await expect(states.create('state-dup', chat, 'two', T0)).rejects.toThrow();
  });
});

describe('LinkStore', () => {
  it('stores, expires and removes a link', async () => {
    const links = new LinkStore(t.db, t.config.tables.links);
    await links.put({
      chat,
      adUserName: 'alice',
      adDomain: 'corp',
      groups: ['UserGroupMember'],
      roles: ['user'],
      linkedAt: T0.toISOString(),
      expiresAt: later(3600_000),
    });
    expect((await links.get(chat, T0))?.adUserName).toBe('alice');
    expect(await links.get(chat, new Date(T0.getTime() + 3600_000))).toBeUndefined();
    expect(await links.delete(chat)).toBe(true);
    expect(await links.delete(chat)).toBe(false);
  });
});

describe('AuditLog', () => {
  it('records entries newest first, by WorkSpace and by person, with a retention TTL', async () => {
    const audit = new AuditLog(t.db, t.config.tables.audit, 30);
    for (const [i, result] of (['requested', 'refused'] as const).entries()) {
      await audit.record({
        workspaceId: 'ws-aud',
        at: later(i * 1000),
        action: 'reboot',
        result,
        chat,
        adIdentity: 'corp\\alice',
        asAdmin: false,
      });
    }
    const entries = await audit.forWorkspace('ws-aud');
    expect(entries.map((e) => e.result)).toEqual(['refused', 'requested']);
    expect(entries[0]!.expiresAt).toBe(Math.floor(T0.getTime() / 1000) + 1 + 30 * 86_400);
    expect((await audit.byActor(chat)).length).toBeGreaterThanOrEqual(2);
  });
});

describe('IdempotencyStore', () => {
  const claimed = { status: 'claimed', interruptedWhileActing: false };

  it('lets the first delivery act and hands later ones the stored outcome', async () => {
    const store = new IdempotencyStore(t.db, t.config.tables.idempotency, 90);
    expect(await store.claim('click-1', T0)).toEqual(claimed);
    expect(await store.claim('click-1', T0)).toEqual({ status: 'in-progress' });
    await store.complete('click-1', { ok: true });
    expect(await store.claim('click-1', T0)).toEqual({ status: 'done', outcome: { ok: true } });
  });

  it('lets a later delivery take over a claim once it is older than the worker can run, not before', async () => {
    const store = new IdempotencyStore(t.db, t.config.tables.idempotency, 90);
    await store.claim('click-2', T0);
    expect(await store.claim('click-2', new Date(T0.getTime() + 89_000))).toEqual({ status: 'in-progress' });
    expect(await store.claim('click-2', new Date(T0.getTime() + 91_000))).toEqual(claimed);
  });

  it('lets the same delivery (a Lambda retry keeps its request id) take over its own claim at once', async () => {
    const store = new IdempotencyStore(t.db, t.config.tables.idempotency, 90);
    await store.claim('click-3', T0, { claimant: 'req-1' });
    expect(await store.claim('click-3', T0, { claimant: 'req-2' })).toEqual({ status: 'in-progress' });
    expect(await store.claim('click-3', T0, { claimant: 'req-1' })).toEqual(claimed);
  });

  it('tells a delivery taking over that the interrupted one had begun calling AWS, and keeps telling the next', async () => {
    const store = new IdempotencyStore(t.db, t.config.tables.idempotency, 90);
    await store.claim('click-4', T0, { claimant: 'req-1' });
    await store.markActing('click-4', T0);
    expect(await store.claim('click-4', T0, { claimant: 'req-1' })).toEqual({
      status: 'claimed',
      interruptedWhileActing: true,
    });
    expect(await store.claim('click-4', T0, { claimant: 'req-1' })).toEqual({
      status: 'claimed',
      interruptedWhileActing: true,
    });
  });

  it('forgets that a released claim began acting: nothing was acted, so the next delivery acts', async () => {
    const store = new IdempotencyStore(t.db, t.config.tables.idempotency, 90);
    await store.claim('click-5', T0);
    await store.markActing('click-5', T0);
    await store.release('click-5');
    expect(await store.claim('click-5', T0)).toEqual(claimed);
  });
});

describe('table definitions', () => {
  it('turns on TTL for every table that defines one', async () => {
    const client = new DynamoDBClient({});
    for (const [id, definition] of Object.entries(TABLES)) {
      const { TimeToLiveDescription } = await client.send(
        new DescribeTimeToLiveCommand({ TableName: t.config.tables[id as keyof typeof TABLES] }),
      );
      if (definition.timeToLiveAttribute) {
        expect(TimeToLiveDescription).toMatchObject({
          TimeToLiveStatus: 'ENABLED',
          AttributeName: definition.timeToLiveAttribute,
        });
      } else {
        expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
      }
    }
    client.destroy();
  });
});
