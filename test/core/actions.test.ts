import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { actionOutcome } from '../../bot/views';
import { type ActionDeps, INTERRUPTED_CODE, performAction } from '../../core/actions';
import { AwsWorkspacesGateway } from '../../core/aws/workspaces-gateway';
import { AuditLog } from '../../core/data/audit';
import { IdempotencyStore, REPEAT_WINDOW_SECONDS } from '../../core/data/idempotency';
import { WorkspaceCache } from '../../core/data/workspace-cache';
import { DEFAULT_ROLE_ACTIONS } from '../../core/policy';
import type { RunningWorkspacesSimulator } from '../../local/workspaces-sim';
import { type TestTables, testTables } from '../helpers/dynamo';
import { actor } from '../helpers/fleet';
import { recordFromSimulator, SMALL_FLEET, startSimulator } from '../helpers/simulator';

let t: TestTables;
let running: RunningWorkspacesSimulator;
let deps: ActionDeps;
let audit: AuditLog;

const alice = actor('alice', ['user'], 'corp');
const bob = actor('bob', ['user'], 'corp');
const admin = actor('carol', ['user', 'admin'], 'corp');

beforeAll(async () => {
  t = await testTables();
  running = await startSimulator({ fleet: structuredClone(SMALL_FLEET) });
});
afterAll(() => running.close());

beforeEach(async () => {
  // Each test starts from the fleet as a fresh scan would have cached it.
  await running.close();
  running = await startSimulator({ fleet: structuredClone(SMALL_FLEET) });
  const cache = new WorkspaceCache(t.db, t.config.tables.workspaces);
  const scannedAt = new Date(Date.now() - 60_000);
  for (const ws of running.sim.list()) {
    await cache.delete(ws.workspaceId, new Date(Date.now() + 1000).toISOString());
    await cache.put(recordFromSimulator(running, ws.workspaceId, scannedAt));
  }
  audit = new AuditLog(t.db, t.config.tables.audit, 30);
  deps = {
    cache,
    audit,
    idempotency: new IdempotencyStore(t.db, t.config.tables.idempotency, 90),
    workspaces: new AwsWorkspacesGateway({ retryMode: 'standard', maxAttempts: 3 }),
    roleActions: DEFAULT_ROLE_ACTIONS,
    now: () => new Date(),
  };
});

async function latestAudit(workspaceId: string) {
  return (await audit.forWorkspace(workspaceId, 1))[0];
}

describe('performAction with the real SDK against the simulator', () => {
  it("reboots the owner's WorkSpace, records the new state and audits it with the AWS request id", async () => {
    const result = await performAction(deps, { actor: alice, action: 'reboot', workspaceIds: ['ws-alice'] });

    expect(result.outcomes).toEqual([
      expect.objectContaining({
        workspaceId: 'ws-alice',
        status: 'requested',
        state: 'REBOOTING',
        message: 'Rebooting ws-alice.',
      }),
    ]);
    expect(running.sim.get('ws-alice')?.state).toBe('REBOOTING');
    expect((await deps.cache.get('ws-alice'))?.state).toBe('REBOOTING');
    const entry = await latestAudit('ws-alice');
    expect(entry).toMatchObject({
      action: 'reboot',
      result: 'requested',
      adIdentity: 'CORP\\alice',
      chat: alice.chat,
      region: 'us-east-1',
      asAdmin: false,
    });
    expect(entry?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses when the live state differs from the cache, corrects the cache, and never calls the action', async () => {
    running.sim.setState('ws-alice', 'STOPPED');
    const result = await performAction(deps, { actor: alice, action: 'reboot', workspaceIds: ['ws-alice'] });

    expect(result.outcomes[0]).toMatchObject({ status: 'refused', code: 'WRONG_STATE', state: 'STOPPED' });
    expect(result.outcomes[0]?.message).toContain('ws-alice is Stopped');
    expect(running.sim.callCount('RebootWorkspaces')).toBe(0);
    expect((await deps.cache.get('ws-alice'))?.state).toBe('STOPPED');
    expect(await latestAudit('ws-alice')).toMatchObject({ result: 'refused', code: 'WRONG_STATE' });
  });

  it("refuses another person's WorkSpace without reading it from AWS or saying its state", async () => {
    const result = await performAction(deps, { actor: bob, action: 'reboot', workspaceIds: ['ws-alice'] });

    expect(result.outcomes[0]).toEqual(
      expect.objectContaining({
        status: 'refused',
        code: 'NOT_OWNER',
        message: 'ws-alice is not one of your WorkSpaces.',
      }),
    );
    expect(result.outcomes[0]).not.toHaveProperty('state');
    expect(running.sim.stats().total).toBe(0);
    expect(await latestAudit('ws-alice')).toMatchObject({
      result: 'refused',
      code: 'NOT_OWNER',
      adIdentity: 'CORP\\bob',
    });
  });

  it('reports every FailedRequest of a batch, not only the first', async () => {
    running.sim.failNext('ws-bob1', { errorCode: 'ResourceLimitExceeded', errorMessage: 'Too many reboots.' });
    running.sim.failNext('ws-alice', { errorCode: 'InternalError', errorMessage: 'Try again later.' });
    const result = await performAction(deps, {
      actor: admin,
      action: 'reboot',
      workspaceIds: ['ws-alice', 'ws-bob1', 'ws-bob2'],
    });

    expect(result.outcomes.map((o) => [o.workspaceId, o.status, o.code])).toEqual([
      ['ws-alice', 'failed', 'InternalError'],
      ['ws-bob1', 'failed', 'ResourceLimitExceeded'],
      ['ws-bob2', 'requested', undefined],
    ]);
    expect(result.outcomes[1]?.message).toBe('AWS did not reboot ws-bob1: Too many reboots. (ResourceLimitExceeded).');
    expect(running.sim.callCount('RebootWorkspaces')).toBe(1);
    expect(await latestAudit('ws-bob1')).toMatchObject({
      result: 'failed',
      code: 'ResourceLimitExceeded',
      asAdmin: true,
    });
    expect(await latestAudit('ws-bob2')).toMatchObject({ result: 'requested' });
    expect((await deps.cache.get('ws-alice'))?.state).toBe('AVAILABLE');
  });

  it('acts across regions in one request, one call per region', async () => {
    const result = await performAction(deps, {
      actor: bob,
      action: 'stop',
      workspaceIds: ['ws-bob1', 'ws-bob2', 'ws-bob3'],
    });

    expect(result.outcomes.map((o) => [o.workspaceId, o.status, o.code])).toEqual([
      ['ws-bob1', 'requested', undefined],
      ['ws-bob2', 'refused', 'WRONG_RUNNING_MODE'],
      ['ws-bob3', 'refused', 'WRONG_STATE'],
    ]);
    expect(running.sim.stats().calls.DescribeWorkspaces).toEqual({ 'us-east-1': 1, 'eu-west-1': 1 });
    expect(running.sim.stats().calls.StopWorkspaces).toEqual({ 'us-east-1': 1 });
  });

  it('retries a throttled call and succeeds', async () => {
    running.sim.throttleNext({ count: 2, operation: 'RebootWorkspaces' });
    const result = await performAction(deps, { actor: alice, action: 'reboot', workspaceIds: ['ws-alice'] });

    expect(result.outcomes[0]?.status).toBe('requested');
    expect(running.sim.stats().throttled).toBe(2);
    expect(running.sim.callCount('RebootWorkspaces')).toBe(3);
  });

  it('says plainly when AWS keeps throttling, and audits the failure', async () => {
    running.sim.throttleNext({ count: 10, operation: 'RebootWorkspaces' });
    const result = await performAction(deps, { actor: alice, action: 'reboot', workspaceIds: ['ws-alice'] });

    expect(result.outcomes[0]).toMatchObject({ status: 'failed', code: 'ThrottlingException' });
    expect(result.outcomes[0]?.message).toContain('AWS is throttling WorkSpaces requests right now');
    expect(running.sim.get('ws-alice')?.state).toBe('AVAILABLE');
    expect(await latestAudit('ws-alice')).toMatchObject({ result: 'failed', code: 'ThrottlingException' });
  });

  it('acts once for a request delivered twice', async () => {
    const request = {
      actor: alice,
      action: 'reboot' as const,
      workspaceIds: ['ws-alice'],
      requestKey: `click-${Date.now()}`,
    };
    const [first, second] = await Promise.all([performAction(deps, request), performAction(deps, request)]);
    const third = await performAction(deps, request);

    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    expect(third).toMatchObject({ duplicate: true, outcomes: [expect.objectContaining({ status: 'requested' })] });
    expect(running.sim.callCount('RebootWorkspaces')).toBe(1);
  });

  it('tells a double click or a late redelivery from a new click on the same button, by when each was clicked', async () => {
    const key = `button-${Date.now()}`;
    const t0 = Date.now() / 1000;
    const click = (attemptAt: number) =>
      performAction(deps, { actor: alice, action: 'reboot', workspaceIds: ['ws-alice'], requestKey: key, attemptAt });

    expect((await click(t0)).duplicate).toBe(false);
    // A double click, however long its delivery was queued: the first outcome, no second reboot.
    const doubled = await click(t0 + REPEAT_WINDOW_SECONDS - 1);
    expect(doubled).toMatchObject({ duplicate: true, outcomes: [expect.objectContaining({ status: 'requested' })] });
    expect((await click(t0)).duplicate).toBe(true);
    expect(running.sim.callCount('RebootWorkspaces')).toBe(1);

    // Clicked again just after the window (the reboot over by then): a new request.
    running.sim.setState('ws-alice', 'AVAILABLE');
    const again = await click(t0 + REPEAT_WINDOW_SECONDS + 1);
    expect(again).toMatchObject({ duplicate: false, outcomes: [expect.objectContaining({ status: 'requested' })] });
    expect(running.sim.callCount('RebootWorkspaces')).toBe(2);

    // A redelivery of an earlier click, after the newer one was handled, acts not again.
    running.sim.setState('ws-alice', 'AVAILABLE');
    expect((await click(t0)).duplicate).toBe(true);
    expect((await click(t0 + REPEAT_WINDOW_SECONDS - 1)).duplicate).toBe(true);
    expect(running.sim.callCount('RebootWorkspaces')).toBe(2);
  });

  it('takes a button handled before click times were kept as handled at its claim time', async () => {
    const requestKey = `legacy-${Date.now()}`;
    const claimedAt = Math.floor(Date.now() / 1000) - 3600;
    await t.db.send(
      new PutCommand({
        TableName: t.config.tables.idempotency,
        Item: { requestKey, status: 'done', claimedAt, outcome: { action: 'reboot', outcomes: [], duplicate: false } },
      }),
    );
    const request = { actor: alice, action: 'reboot' as const, workspaceIds: ['ws-alice'], requestKey };
    // Within the window of that old claim it is a repeat; an hour later, a new click.
    expect((await performAction(deps, { ...request, attemptAt: claimedAt + 1 })).duplicate).toBe(true);
    expect((await performAction(deps, { ...request, attemptAt: Date.now() / 1000 })).duplicate).toBe(false);
    expect(running.sim.callCount('RebootWorkspaces')).toBe(1);
  });

  it('does not act again on a retry when recording what AWS took failed', async () => {
    const request = {
      actor: alice,
      action: 'reboot' as const,
      workspaceIds: ['ws-alice'],
      requestKey: `rec-${Date.now()}`,
    };
    const put = deps.cache.put.bind(deps.cache);
    deps.cache.put = async () => {
      throw new Error('DynamoDB is having a moment');
    };
    await expect(performAction(deps, request)).rejects.toThrow('DynamoDB is having a moment');
    deps.cache.put = put;
    // The retry (the worker's Lambda delivers a failed job again) gets what came of the first, and reboots nothing.
    const retry = await performAction(deps, request);
    expect(retry).toMatchObject({ duplicate: true, outcomes: [expect.objectContaining({ status: 'requested' })] });
    expect(running.sim.callCount('RebootWorkspaces')).toBe(1);
  });

  it('lets a retry act when the first attempt failed before AWS took anything', async () => {
    const request = {
      actor: alice,
      action: 'reboot' as const,
      workspaceIds: ['ws-alice'],
      requestKey: `pre-${Date.now()}`,
    };
    const getMany = deps.cache.getMany.bind(deps.cache);
    deps.cache.getMany = async () => {
      throw new Error('DynamoDB is having a moment');
    };
    await expect(performAction(deps, request)).rejects.toThrow('DynamoDB is having a moment');
    deps.cache.getMany = getMany;
    expect((await performAction(deps, request)).duplicate).toBe(false);
    expect(running.sim.callCount('RebootWorkspaces')).toBe(1);
  });

  it('never calls AWS again for a delivery taking over from one that died after it began acting', async () => {
    // What a worker that died inside the AWS call leaves behind: its claim, marked as acting.
    const requestKey = `died-${Date.now()}`;
    await deps.idempotency.claim(requestKey, new Date(), { claimant: 'lambda-req-1' });
    await deps.idempotency.markActing(requestKey, new Date());
    const outcome = await performAction(deps, {
      actor: alice,
      action: 'reboot',
      workspaceIds: ['ws-alice'],
      requestKey,
      claimant: 'lambda-req-1',
    });
    expect(running.sim.callCount('RebootWorkspaces')).toBe(0);
    expect(outcome.outcomes).toEqual([
      expect.objectContaining({
        workspaceId: 'ws-alice',
        status: 'requested',
        code: INTERRUPTED_CODE,
        message: expect.stringContaining('was interrupted after it had asked AWS, so it was not asked again'),
      }),
    ]);
    expect(actionOutcome(outcome, alice, '@alice').text).toBe(outcome.outcomes[0]!.message);
    expect(await latestAudit('ws-alice')).toMatchObject({ result: 'requested', code: INTERRUPTED_CODE });
  });

  it('restores with the single-id API and reports its refusal', async () => {
    running.sim.setState('ws-bob1', 'STOPPED');
    const ok = await performAction(deps, { actor: admin, action: 'restore', workspaceIds: ['ws-bob1'] });
    expect(ok.outcomes[0]).toMatchObject({ status: 'requested', state: 'RESTORING' });

    running.sim.failNext('ws-bob2', { errorCode: 'OperationNotSupportedException', errorMessage: 'No snapshot yet.' });
    const refused = await performAction(deps, { actor: admin, action: 'restore', workspaceIds: ['ws-bob2'] });
    expect(refused.outcomes[0]).toMatchObject({ status: 'failed', code: 'OperationNotSupportedException' });
  });

  it('tells the person a WorkSpace that AWS no longer has is gone, and drops it from the cache', async () => {
    running.sim.removeWorkspace('ws-alice');
    const result = await performAction(deps, { actor: alice, action: 'reboot', workspaceIds: ['ws-alice'] });

    expect(result.outcomes[0]).toMatchObject({ status: 'not-found', message: 'ws-alice no longer exists in AWS.' });
    expect(await deps.cache.get('ws-alice')).toBeUndefined();
    expect(await latestAudit('ws-alice')).toMatchObject({ result: 'not-found' });
  });

  it('answers an id it has never seen without calling AWS', async () => {
    const result = await performAction(deps, { actor: admin, action: 'terminate', workspaceIds: ['ws-nope'] });
    expect(result.outcomes[0]).toMatchObject({ status: 'not-found' });
    expect(running.sim.stats().total).toBe(0);
  });

  it('lets only an admin terminate', async () => {
    const refused = await performAction(deps, { actor: alice, action: 'terminate', workspaceIds: ['ws-alice'] });
    expect(refused.outcomes[0]).toMatchObject({ status: 'refused', code: 'ROLE_NOT_PERMITTED' });
    const done = await performAction(deps, { actor: admin, action: 'terminate', workspaceIds: ['ws-alice'] });
    expect(done.outcomes[0]).toMatchObject({ status: 'requested', state: 'TERMINATING' });
    expect(running.sim.get('ws-alice')?.state).toBe('TERMINATING');
  });
});
