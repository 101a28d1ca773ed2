/**
 * Performing an action: authorize, re-read the live state from the WorkSpaces API (the cache may be
 * minutes old), check the rules, call the API in batches, report every FailedRequest, record the new
 * state with a conditional write, and audit every attempt. A repeated request key acts only once.
 */

import { plainAwsError } from './aws/errors';
import type {
  ActionCallResult,
  FailedRequest,
  LiveWorkspace,
  Target,
  WorkspacesGateway,
} from './aws/workspaces-gateway';
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
  /**
   * The delivery performing this request (the worker's Lambda request id, which Lambda keeps when it retries an
   * event): a retry finds its own claim and takes it over at once, instead of waiting for it to be abandoned.
   */
  claimant?: string;
  /** Called once this delivery has claimed the request and is about to act: where to say "Rebooting…". */
  onClaimed?: () => void;
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

/** The code of an outcome whose call an earlier, interrupted delivery may already have made: it was not made again. */
export const INTERRUPTED_CODE = 'INTERRUPTED';

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
  if (!requestKey) {
    request.onClaimed?.();
    return { action, outcomes: await perform(deps, request, { mayAct: true }), duplicate: false };
  }
  const claim = await deps.idempotency.claim<ActionOutcome>(requestKey, deps.now(), {
    ...(request.attemptAt !== undefined ? { attemptAt: request.attemptAt } : {}),
    ...(request.claimant !== undefined ? { claimant: request.claimant } : {}),
  });
  if (claim.status === 'done') return { ...claim.outcome, duplicate: true };
  if (claim.status === 'in-progress') return inProgress(request);
  request.onClaimed?.();
  try {
    // A delivery that took over from one interrupted after it began calling AWS never calls again.
    const outcomes = await perform(deps, request, {
      mayAct: !claim.interruptedWhileActing,
      beforeActing: () => deps.idempotency.markActing(requestKey, deps.now()),
    });
    const result: ActionOutcome = { action, outcomes, duplicate: false };
    await deps.idempotency.complete(requestKey, result);
    return result;
  } catch (error) {
    // Once AWS has taken the request, a retry must not make it again: it gets what came of it instead.
    if (error instanceof ActedButNotRecorded) {
      await deps.idempotency.complete(requestKey, { action, outcomes: error.outcomes, duplicate: false });
      throw error.cause;
    }
    await deps.idempotency.release(requestKey);
    throw error;
  }
}

function inProgress({ action, workspaceIds }: ActionRequest): ActionOutcome {
  return {
    action,
    duplicate: true,
    outcomes: workspaceIds.map((workspaceId) => ({
      workspaceId,
      status: 'refused',
      code: IN_PROGRESS_CODE,
      message: `This ${ACTION_RULES[action].verb} request is already being handled.`,
    })),
  };
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

interface PerformOptions {
  /** False when an interrupted delivery may already have called AWS: the call is then not made again. */
  mayAct: boolean;
  /** Runs once, just before the first call that changes a WorkSpace. */
  beforeActing?: () => Promise<void>;
}

/**
 * Every WorkSpace's outcome, each audited as it is settled. Audit records are written side by side rather than one
 * after another; a failure is kept (never left unhandled while the API is called) and thrown once all have settled.
 */
class Outcomes {
  private readonly byId = new Map<string, WorkspaceOutcome>();
  private readonly writes: Promise<void>[] = [];
  private auditError: unknown;
  /** Whether the caller was admin for each WorkSpace, as decided on its live state. */
  readonly asAdmin = new Map<string, boolean>();

  constructor(
    private readonly deps: ActionDeps,
    private readonly actor: Actor,
    private readonly action: Action,
  ) {}

  finish(outcome: WorkspaceOutcome, record?: WorkspaceRecord): void {
    this.byId.set(outcome.workspaceId, {
      ...outcome,
      ...(record ? { userName: record.userName, region: record.region } : {}),
    });
    const write = this.deps.audit.record({
      workspaceId: outcome.workspaceId,
      at: this.deps.now().toISOString(),
      action: this.action,
      result: outcome.status,
      chat: this.actor.chat,
      adIdentity: adUserLabel(this.actor.ad),
      asAdmin: this.asAdmin.get(outcome.workspaceId) ?? false,
      region: record?.region,
      accountId: record?.accountId,
      code: outcome.code,
      detail: outcome.message,
      awsRequestId: outcome.awsRequestId,
    });
    this.writes.push(
      write.catch((error: unknown) => {
        this.auditError ??= error;
      }),
    );
  }

  /** A call for a whole batch failed: every WorkSpace in it gets the same plain reason. */
  failBatch(batch: readonly WorkspaceRecord[], error: unknown, what: (id: string) => string): void {
    const plain = plainAwsError(error);
    for (const record of batch) {
      this.finish(
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
  }

  /** Waits for every audit write; the outcomes in the order the ids were asked for, and the first audit failure. */
  async settle(ids: readonly string[]): Promise<{ outcomes: WorkspaceOutcome[]; auditError: unknown }> {
    await Promise.all(this.writes);
    return { outcomes: ids.flatMap((id) => this.byId.get(id) ?? []), auditError: this.auditError };
  }
}

async function perform(
  deps: ActionDeps,
  { actor, action, workspaceIds }: ActionRequest,
  options: PerformOptions,
): Promise<WorkspaceOutcome[]> {
  const ids = [...new Set(workspaceIds)];
  const outcomes = new Outcomes(deps, actor, action);
  const mayTouch = await authorizeFromCache(deps, actor, action, ids, outcomes);
  const allowed = await recheckLive(deps, actor, action, mayTouch, outcomes);
  const progress = { acted: false };
  // Only recording what AWS took (the cache) can throw here; once anything was acted on, that must not let a retry
  // act again.
  const recordError = await (options.mayAct
    ? actOnAllowed(deps, action, allowed, outcomes, progress, options.beforeActing)
    : reportInterrupted(action, allowed, outcomes)
  ).then(
    () => undefined,
    (error: unknown) => error,
  );
  const settled = await outcomes.settle(ids);
  const error = recordError ?? settled.auditError;
  if (error === undefined) return settled.outcomes;
  throw progress.acted ? new ActedButNotRecorded(settled.outcomes, error) : error;
}

/** Step 1: who may act on what is settled from the cache first, so a refused person costs no API call. */
async function authorizeFromCache(
  deps: ActionDeps,
  actor: Actor,
  action: Action,
  ids: readonly string[],
  outcomes: Outcomes,
): Promise<WorkspaceRecord[]> {
  const cached = await deps.cache.getMany(ids);
  const mayTouch: WorkspaceRecord[] = [];
  for (const id of ids) {
    const record = cached.get(id);
    if (!record) {
      outcomes.finish({
        workspaceId: id,
        status: 'not-found',
        message: `I don't know a WorkSpace ${id}. If it was just created, the next scan will find it.`,
      });
      continue;
    }
    const decision = decide(actor, record, action, deps.roleActions, deps.now());
    // Say nothing about the state of a WorkSpace the person may not touch.
    if (!decision.allowed && isRoleRefusal(decision.code)) {
      outcomes.finish({ workspaceId: id, status: 'refused', message: decision.reason, code: decision.code });
    } else mayTouch.push(record);
  }
  return mayTouch;
}

/** Step 2: re-read the live state, 25 ids a call per region and account, and decide on that. */
async function recheckLive(
  deps: ActionDeps,
  actor: Actor,
  action: Action,
  records: readonly WorkspaceRecord[],
  outcomes: Outcomes,
): Promise<WorkspaceRecord[]> {
  const allowed: WorkspaceRecord[] = [];
  for (const batch of targetBatches(records, 25)) {
    const live = await describeLive(deps, batch).catch((error: unknown) => {
      outcomes.failBatch(batch, error, (id) => `Could not read ${id} from AWS, so nothing was done.`);
      return undefined;
    });
    if (!live) continue;
    const observedAt = deps.now();
    for (const cached of batch) {
      const record = await decideOnLive(
        deps,
        actor,
        action,
        cached,
        live.get(cached.workspaceId),
        observedAt,
        outcomes,
      );
      if (record) allowed.push(record);
    }
  }
  return allowed;
}

/** Batches of at most `size` records that share a region and account, as every WorkSpaces call needs. */
function targetBatches(records: readonly WorkspaceRecord[], size: number): WorkspaceRecord[][] {
  return [...groupBy(records, targetKey).values()].flatMap((group) => chunks(group, size));
}

async function describeLive(deps: ActionDeps, batch: readonly WorkspaceRecord[]): Promise<Map<string, LiveWorkspace>> {
  const target: Target = batch[0]!;
  const live = await deps.workspaces.describe(
    target,
    batch.map((r) => r.workspaceId),
  );
  return new Map(live.map((w) => [w.workspaceId, w]));
}

/** One WorkSpace on its live state: the record to act on, or undefined with its outcome settled. */
async function decideOnLive(
  deps: ActionDeps,
  actor: Actor,
  action: Action,
  cached: WorkspaceRecord,
  live: LiveWorkspace | undefined,
  observedAt: Date,
  outcomes: Outcomes,
): Promise<WorkspaceRecord | undefined> {
  if (!live) {
    // DescribeWorkspaces by id answered and did not list it: proof enough that it is gone.
    await deps.cache.delete(cached.workspaceId, observedAt.toISOString());
    outcomes.finish(
      {
        workspaceId: cached.workspaceId,
        status: 'not-found',
        message: `${cached.workspaceId} no longer exists in AWS.`,
      },
      cached,
    );
    return undefined;
  }
  const record = withLive(cached, live, observedAt);
  const decision = decide(actor, record, action, deps.roleActions, observedAt);
  if (decision.allowed) {
    outcomes.asAdmin.set(record.workspaceId, decision.asAdmin);
    return record;
  }
  await deps.cache.put(record);
  outcomes.finish(
    {
      workspaceId: record.workspaceId,
      status: 'refused',
      message: decision.reason,
      code: decision.code,
      state: record.state,
    },
    record,
  );
  return undefined;
}

/** Step 3: act, in batches the API accepts, and report every WorkSpace it refused. */
async function actOnAllowed(
  deps: ActionDeps,
  action: Action,
  allowed: readonly WorkspaceRecord[],
  outcomes: Outcomes,
  progress: { acted: boolean },
  beforeActing?: () => Promise<void>,
): Promise<void> {
  const rule = ACTION_RULES[action];
  if (allowed.length > 0) await beforeActing?.();
  for (const batch of targetBatches(allowed, rule.batchSize)) {
    const result = await deps.workspaces
      .act(
        batch[0]!,
        action,
        batch.map((r) => r.workspaceId),
      )
      .catch((error: unknown) => {
        outcomes.failBatch(batch, error, (id) => `AWS did not ${rule.verb} ${id}.`);
        return undefined;
      });
    if (!result) continue;
    progress.acted = true;
    await recordBatch(deps, action, batch, result, outcomes);
  }
}

/** What AWS said of each WorkSpace in one call: the refusals as failures, the rest requested and cached as moving. */
async function recordBatch(
  deps: ActionDeps,
  action: Action,
  batch: readonly WorkspaceRecord[],
  result: ActionCallResult,
  outcomes: Outcomes,
): Promise<void> {
  const rule = ACTION_RULES[action];
  const failed = new Map<string, FailedRequest>(result.failed.map((f) => [f.workspaceId, f]));
  const { awsRequestId } = result;
  const actedAt = deps.now().toISOString();
  for (const record of batch) {
    const refusal = failed.get(record.workspaceId);
    const base = { workspaceId: record.workspaceId, ...(awsRequestId ? { awsRequestId } : {}) };
    if (refusal) {
      const message = `AWS did not ${rule.verb} ${record.workspaceId}: ${refusal.errorMessage} (${refusal.errorCode}).`;
      outcomes.finish({ ...base, status: 'failed', code: refusal.errorCode, message, state: record.state }, record);
      continue;
    }
    // The outcome first: should the cache write fail, what AWS took is still known and recorded.
    const message = `${rule.progressive} ${record.workspaceId}.`;
    outcomes.finish({ ...base, status: 'requested', message, state: rule.nextState }, record);
    await deps.cache.put({ ...record, state: rule.nextState, stateSince: actedAt, observedAt: actedAt });
  }
}

/** Step 3 when an earlier delivery was interrupted after it began calling AWS: say so, and call nothing again. */
async function reportInterrupted(
  action: Action,
  allowed: readonly WorkspaceRecord[],
  outcomes: Outcomes,
): Promise<void> {
  const rule = ACTION_RULES[action];
  for (const record of allowed) {
    outcomes.finish(
      {
        workspaceId: record.workspaceId,
        status: 'requested',
        code: INTERRUPTED_CODE,
        message: `An earlier attempt to ${rule.verb} ${record.workspaceId} was interrupted after it had asked AWS, so it was not asked again. Its state shows whether it took.`,
        state: record.state,
      },
      record,
    );
  }
}
