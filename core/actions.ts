/**
 * Performing an action: authorize, re-read the live state from the WorkSpaces API (the cache may be
 * minutes old), check the rules, call the API in batches, report every FailedRequest, record the new
 * state with a conditional write, and audit every attempt. A repeated request key acts only once.
 */

import { plainAwsError } from './aws/errors';
import type { FailedRequest, LiveWorkspace, Target, WorkspacesGateway } from './aws/workspaces-gateway';
import { chunks, groupBy } from './collections';
import type { AuditLog, AuditResult } from './data/audit';
import type { IdempotencyStore } from './data/idempotency';
import type { WorkspaceCache } from './data/workspace-cache';
import { targetKey } from './fleet-summary';
import { adUserLabel } from './identity';
import { type Actor, decide, isRoleRefusal, type RefusalCode, type RoleActions } from './policy';
import { ACTION_RULES, type Action } from './rules';
import type { WorkspaceRecord, WorkspaceState } from './workspace';

export interface ActionDeps {
  cache: WorkspaceCache;
  audit: AuditLog;
  idempotency: IdempotencyStore;
  workspaces: WorkspacesGateway;
  roleActions: RoleActions;
  now: () => Date;
}

export interface ActionRequest {
  actor: Actor;
  action: Action;
  workspaceIds: readonly string[];
  /** The chat event or click this request came from; a second delivery with the same key gets the first outcome. */
  requestKey?: string;
  /**
   * When this attempt was made (epoch seconds; a click's action_ts), when requestKey is shared by attempts (every
   * click on one button): an attempt made well after the one handled acts again (IdempotencyStore.claim).
   */
  attemptAt?: number;
}

export type OutcomeStatus = AuditResult;

export interface WorkspaceOutcome {
  workspaceId: string;
  status: OutcomeStatus;
  /** What happened, in plain words. */
  message: string;
  /** Refusal code or the API's error code. */
  code?: RefusalCode | string;
  awsRequestId?: string;
  /** The state the WorkSpace is in (or moving to) as far as the bot now knows. */
  state?: WorkspaceState;
  userName?: string;
  region?: string;
}

export interface ActionOutcome {
  action: Action;
  outcomes: WorkspaceOutcome[];
  /** True when this was a repeat of a request already handled, or still being handled. */
  duplicate: boolean;
}

/** The code of every outcome of a repeat that arrived while the first delivery was still being handled. */
export const IN_PROGRESS_CODE = 'DUPLICATE';

/** A repeat of a request whose first delivery has not finished: it says nothing of what came of it. */
export function isRepeatInProgress(outcome: ActionOutcome): boolean {
  return outcome.duplicate && outcome.outcomes.every((o) => o.code === IN_PROGRESS_CODE);
}

/** The cached record brought up to date with what the API just said. */
function withLive(cached: WorkspaceRecord, live: LiveWorkspace, observedAt: Date): WorkspaceRecord {
  const at = observedAt.toISOString();
  return {
    ...cached,
    ...live,
    stateSince: live.state === cached.state ? cached.stateSince : at,
    observedAt: at,
  };
}

export async function performAction(deps: ActionDeps, request: ActionRequest): Promise<ActionOutcome> {
  const { action, requestKey } = request;
  if (requestKey) {
    const claim = await deps.idempotency.claim<ActionOutcome>(requestKey, deps.now(), request.attemptAt);
    if (claim.status === 'done') return { ...claim.outcome, duplicate: true };
    if (claim.status === 'in-progress') {
      return {
        action,
        duplicate: true,
        outcomes: request.workspaceIds.map((workspaceId) => ({
          workspaceId,
          status: 'refused',
          code: IN_PROGRESS_CODE,
          message: `This ${ACTION_RULES[action].verb} request is already being handled.`,
        })),
      };
    }
  }
  try {
    const outcomes = await perform(deps, request);
    const result: ActionOutcome = { action, outcomes, duplicate: false };
    if (requestKey) await deps.idempotency.complete(requestKey, result);
    return result;
  } catch (error) {
    if (!requestKey) throw error;
    // Once AWS has taken the request, a retry must not make it again: it gets what came of it instead.
    if (error instanceof ActedButNotRecorded) {
      await deps.idempotency.complete(requestKey, { action, outcomes: error.outcomes, duplicate: false });
      throw error.cause;
    }
    await deps.idempotency.release(requestKey);
    throw error;
  }
}

/** AWS took (part of) the request, then recording it failed (the cache, the audit): what is known of the outcome. */
class ActedButNotRecorded extends Error {
  constructor(
    readonly outcomes: WorkspaceOutcome[],
    override readonly cause: unknown,
  ) {
    super('acted, then could not record it', { cause });
  }
}

async function perform(deps: ActionDeps, { actor, action, workspaceIds }: ActionRequest): Promise<WorkspaceOutcome[]> {
  const rule = ACTION_RULES[action];
  const ids = [...new Set(workspaceIds)];
  const outcomes = new Map<string, WorkspaceOutcome>();
  const records = new Map<string, WorkspaceRecord>();
  const asAdmin = new Map<string, boolean>();

  // Audit records are written side by side rather than one after another; a failure is kept (never left
  // unhandled while the API is called) and thrown once every write has settled.
  const auditWrites: Promise<void>[] = [];
  let auditError: unknown;
  const finish = (outcome: WorkspaceOutcome, record?: WorkspaceRecord): void => {
    outcomes.set(outcome.workspaceId, {
      ...outcome,
      ...(record ? { userName: record.userName, region: record.region } : {}),
    });
    const write = deps.audit.record({
      workspaceId: outcome.workspaceId,
      at: deps.now().toISOString(),
      action,
      result: outcome.status,
      chat: actor.chat,
      adIdentity: adUserLabel(actor.ad),
      asAdmin: asAdmin.get(outcome.workspaceId) ?? false,
      region: record?.region,
      accountId: record?.accountId,
      code: outcome.code,
      detail: outcome.message,
      awsRequestId: outcome.awsRequestId,
    });
    auditWrites.push(
      write.catch((error: unknown) => {
        auditError ??= error;
      }),
    );
  };

  /** A call for a whole batch failed: every WorkSpace in it gets the same plain reason. */
  const failBatch = (batch: WorkspaceRecord[], error: unknown, what: (id: string) => string): void => {
    const plain = plainAwsError(error);
    for (const record of batch) {
      finish(
        {
          workspaceId: record.workspaceId,
          status: 'failed',
          code: plain.code,
          awsRequestId: plain.awsRequestId,
          message: `${what(record.workspaceId)} ${plain.message}`,
          state: record.state,
        },
        record,
      );
    }
  };

  // 1. Who may act on what is settled from the cache first, so a refused person costs no API call.
  const cached = await deps.cache.getMany(ids);
  for (const id of ids) {
    const record = cached.get(id);
    if (!record) {
      finish({
        workspaceId: id,
        status: 'not-found',
        message: `I don't know a WorkSpace ${id}. If it was just created, the next scan will find it.`,
      });
      continue;
    }
    const decision = decide(actor, record, action, deps.roleActions, deps.now());
    if (!decision.allowed && isRoleRefusal(decision.code)) {
      // Say nothing about the state of a WorkSpace the person may not touch.
      finish({ workspaceId: id, status: 'refused', message: decision.reason, code: decision.code });
      continue;
    }
    records.set(id, record);
  }

  // 2. Re-read the live state, 25 ids a call, and decide on that.
  const allowed: WorkspaceRecord[] = [];
  for (const group of groupBy([...records.values()], targetKey).values()) {
    for (const batch of chunks(group, 25)) {
      const target: Target = batch[0]!;
      let live: Map<string, LiveWorkspace>;
      try {
        live = new Map(
          (
            await deps.workspaces.describe(
              target,
              batch.map((r) => r.workspaceId),
            )
          ).map((w) => [w.workspaceId, w]),
        );
      } catch (error) {
        failBatch(batch, error, (id) => `Could not read ${id} from AWS, so nothing was done.`);
        continue;
      }
      const observedAt = deps.now();
      for (const cachedRecord of batch) {
        const liveWs = live.get(cachedRecord.workspaceId);
        if (!liveWs) {
          // DescribeWorkspaces by id answered and did not list it: proof enough that it is gone.
          await deps.cache.delete(cachedRecord.workspaceId, observedAt.toISOString());
          finish(
            {
              workspaceId: cachedRecord.workspaceId,
              status: 'not-found',
              message: `${cachedRecord.workspaceId} no longer exists in AWS.`,
            },
            cachedRecord,
          );
          continue;
        }
        const record = withLive(cachedRecord, liveWs, observedAt);
        const decision = decide(actor, record, action, deps.roleActions, observedAt);
        if (!decision.allowed) {
          await deps.cache.put(record);
          finish(
            {
              workspaceId: record.workspaceId,
              status: 'refused',
              message: decision.reason,
              code: decision.code,
              state: record.state,
            },
            record,
          );
          continue;
        }
        asAdmin.set(record.workspaceId, decision.asAdmin);
        allowed.push(record);
      }
    }
  }

  // 3. Act, in batches the API accepts, and report every WorkSpace it refused. Only recording what AWS took (the
  // cache) can throw here; once anything was acted on, that must not let a retry act again.
  let acted = false;
  const recordError = await act().then(
    () => undefined,
    (error: unknown) => error,
  );
  await Promise.all(auditWrites);
  const error = recordError ?? auditError;
  const result = ids.flatMap((id) => outcomes.get(id) ?? []);
  if (error === undefined) return result;
  throw acted ? new ActedButNotRecorded(result, error) : error;

  async function act(): Promise<void> {
    for (const group of groupBy(allowed, targetKey).values()) {
      for (const batch of chunks(group, rule.batchSize)) {
        const target: Target = batch[0]!;
        let failed: Map<string, FailedRequest>;
        let awsRequestId: string | undefined;
        try {
          const result = await deps.workspaces.act(
            target,
            action,
            batch.map((r) => r.workspaceId),
          );
          acted = true;
          failed = new Map(result.failed.map((f) => [f.workspaceId, f]));
          awsRequestId = result.awsRequestId;
        } catch (error) {
          failBatch(batch, error, (id) => `AWS did not ${rule.verb} ${id}.`);
          continue;
        }
        const actedAt = deps.now().toISOString();
        for (const record of batch) {
          const refusal = failed.get(record.workspaceId);
          if (refusal) {
            finish(
              {
                workspaceId: record.workspaceId,
                status: 'failed',
                code: refusal.errorCode,
                awsRequestId,
                message: `AWS did not ${rule.verb} ${record.workspaceId}: ${refusal.errorMessage} (${refusal.errorCode}).`,
                state: record.state,
              },
              record,
            );
            continue;
          }
          // The outcome first: should the cache write fail, what AWS took is still known and recorded.
          finish(
            {
              workspaceId: record.workspaceId,
              status: 'requested',
              awsRequestId,
              message: `${rule.progressive} ${record.workspaceId}.`,
              state: rule.nextState,
            },
            record,
          );
          await deps.cache.put({ ...record, state: rule.nextState, stateSince: actedAt, observedAt: actedAt });
        }
      }
    }
  }
}
