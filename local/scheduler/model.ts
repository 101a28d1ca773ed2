/**
 * The Scheduler stand-in's state: schedule groups and one-time schedules, validated as EventBridge Scheduler
 * validates them, on a clock that tests move forward. When a schedule is due, its target is invoked with the
 * schedule's Input parsed as the event (what a Lambda target receives), retried as its RetryPolicy says, sent to its
 * dead-letter queue when every attempt failed, and deleted afterwards when ActionAfterCompletion is DELETE.
 */
import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { isRecord } from '../json';
import { SchedulerError } from './errors';

const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const RECURRING = /^(rate|cron)\(.+\)$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
export const DEFAULT_GROUP = 'default';
/** The service's defaults when a target names no RetryPolicy. */
const DEFAULT_RETRY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };

export interface TargetInvocation {
  /** The target's ARN (the worker function's). */
  arn: string;
  /** The role the service would assume to invoke it. */
  roleArn: string;
  /** The schedule's Input, parsed: the event a Lambda target is invoked with. */
  event: unknown;
  scheduleArn: string;
}

/** Invokes a target; a rejection counts as a failed attempt. */
export type TargetInvoker = (invocation: TargetInvocation) => Promise<void>;

export interface DeadLetter {
  /** The DeadLetterConfig's queue ARN. */
  queueArn: string;
  scheduleArn: string;
  event: unknown;
  error: string;
}

export interface StoredSchedule {
  Arn: string;
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: 'ENABLED' | 'DISABLED';
  Description?: string;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  ActionAfterCompletion: 'NONE' | 'DELETE';
  Target: {
    Arn: string;
    RoleArn: string;
    Input?: string;
    RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
    DeadLetterConfig?: { Arn?: string };
  };
  CreationDate: number;
  LastModificationDate: number;
  /** When it fires (epoch ms); undefined when its wall-clock time does not exist in its time zone (skipped). */
  dueAt: number | undefined;
  /** Set once it has invoked its target (a one-time schedule kept with ActionAfterCompletion NONE). */
  completed?: boolean;
}

export interface Invocation {
  scheduleArn: string;
  name: string;
  group: string;
  at: number;
  attempts: number;
  ok: boolean;
}

export interface SchedulerModelOptions {
  region?: string;
  accountId?: string;
  /** Where the clock starts (epoch ms); default now. It then runs with real time, plus whatever advance() adds. */
  start?: number;
  /** Invokes targets; without one, every invocation fails (and goes to the dead-letter queue). */
  target?: TargetInvoker;
  /** Schedule groups that exist from the start, besides `default` (a deployment's stack creates its group). */
  groups?: readonly string[];
}

function text(input: Record<string, unknown>, member: string, max: number, required = false): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    if (required) throw SchedulerError.validation(`${member} is required.`);
    return undefined;
  }
  if (typeof value !== 'string' || value.length < 1 || value.length > max) {
    throw SchedulerError.validation(
      `Value at '${member}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
    );
  }
  return value;
}

function checkName(value: string, member: string): string {
  if (!NAME.test(value)) {
    throw SchedulerError.validation(
      `Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+ and have length between 1 and 64`,
    );
  }
  return value;
}

function integerIn(value: unknown, member: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw SchedulerError.validation(
      `Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

/** Whether the service knows the IANA zone name. */
export function isTimeZone(name: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(name);
    // Offsets such as +01:00 are time zones to Temporal, not IANA names to the service.
    return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    return false;
  }
}

/**
 * When `at(...)` falls in `zone`: a wall-clock time that occurs twice (clocks going back) fires once, at its first
 * occurrence; one that never occurs (clocks going forward) is skipped, as the service skips it.
 */
export function atInstant(expression: string, zone: string): number | undefined {
  const match = AT.exec(expression);
  if (!match) throw SchedulerError.validation(`Invalid Schedule Expression ${expression}.`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  let wall: Temporal.PlainDateTime;
  try {
    wall = Temporal.PlainDateTime.from({ year, month, day, hour, minute, second }, { overflow: 'reject' });
  } catch {
    throw SchedulerError.validation(`Invalid Schedule Expression ${expression}.`);
  }
  const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (!earlier.toPlainDateTime().equals(wall)) return undefined;
  return earlier.epochMilliseconds;
}

export class SchedulerModel {
  readonly region: string;
  readonly accountId: string;
  private readonly groups = new Map<string, { Arn: string; Name: string; CreationDate: number }>();
  private readonly schedules = new Map<string, StoredSchedule>();
  /** ClientToken -> what it created, so a retried CreateSchedule answers the same. */
  private readonly tokens = new Map<string, { fingerprint: string; arn: string }>();
  private readonly invocationLog: Invocation[] = [];
  private readonly deadLetterLog: DeadLetter[] = [];
  private offset = 0;
  private readonly wallAtStart = Date.now();
  private readonly origin: number;
  private target: TargetInvoker | undefined;
  private firing: Promise<void> = Promise.resolve();

  constructor(options: SchedulerModelOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.origin = options.start ?? this.wallAtStart;
    this.target = options.target;
    for (const name of [DEFAULT_GROUP, ...(options.groups ?? [])]) {
      this.groups.set(checkName(name, 'name'), { Arn: this.groupArn(name), Name: name, CreationDate: this.now() });
    }
  }

  now(): number {
    return this.origin + (Date.now() - this.wallAtStart) + this.offset;
  }

  setTarget(target: TargetInvoker | undefined): void {
    this.target = target;
  }

  /** Moves the clock forward by `ms` and invokes every schedule then due, in order; resolves once all are done. */
  async advance(ms: number): Promise<Invocation[]> {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance(${ms}): give a non-negative number of milliseconds`);
    this.offset += ms;
    return this.fireDue();
  }

  /** Invokes what is due now (the stand-in's ticker calls it); one firing at a time, so nothing fires twice. */
  fireDue(): Promise<Invocation[]> {
    const run = this.firing.then(() => this.fireDueNow());
    this.firing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async fireDueNow(): Promise<Invocation[]> {
    const now = this.now();
    const due = [...this.schedules.values()]
      .filter((s) => s.State === 'ENABLED' && !s.completed && s.dueAt !== undefined && s.dueAt <= now)
      .sort((a, b) => a.dueAt! - b.dueAt! || a.Arn.localeCompare(b.Arn));
    const fired: Invocation[] = [];
    for (const schedule of due) fired.push(await this.invoke(schedule, now));
    return fired;
  }

  private async invoke(schedule: StoredSchedule, now: number): Promise<Invocation> {
    schedule.completed = true;
    const retry = { ...DEFAULT_RETRY, ...schedule.Target.RetryPolicy };
    let event: unknown;
    try {
      event = schedule.Target.Input === undefined ? {} : JSON.parse(schedule.Target.Input);
    } catch {
      event = schedule.Target.Input;
    }
    let attempts = 0;
    let error = '';
    let ok = false;
    // The first attempt and MaximumRetryAttempts more (the event's age limit is not reached on a fast clock).
    while (!ok && attempts <= retry.MaximumRetryAttempts) {
      attempts++;
      try {
        if (!this.target) throw new Error('no target is connected to the Scheduler stand-in');
        await this.target({
          arn: schedule.Target.Arn,
          roleArn: schedule.Target.RoleArn,
          event,
          scheduleArn: schedule.Arn,
        });
        ok = true;
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
    }
    const queueArn = schedule.Target.DeadLetterConfig?.Arn;
    if (!ok && queueArn) this.deadLetterLog.push({ queueArn, scheduleArn: schedule.Arn, event, error });
    if (schedule.ActionAfterCompletion === 'DELETE') this.schedules.delete(key(schedule.GroupName, schedule.Name));
    const invocation = {
      scheduleArn: schedule.Arn,
      name: schedule.Name,
      group: schedule.GroupName,
      at: now,
      attempts,
      ok,
    };
    this.invocationLog.push(invocation);
    return invocation;
  }

  invocations(): readonly Invocation[] {
    return this.invocationLog;
  }

  deadLetters(): readonly DeadLetter[] {
    return this.deadLetterLog;
  }

  /** The schedules that have not fired yet, earliest first. */
  pending(): StoredSchedule[] {
    return [...this.schedules.values()]
      .filter((s) => !s.completed)
      .sort((a, b) => (a.dueAt ?? Number.POSITIVE_INFINITY) - (b.dueAt ?? Number.POSITIVE_INFINITY));
  }

  private groupArn(name: string): string {
    return `arn:aws:scheduler:${this.region}:${this.accountId}:schedule-group/${name}`;
  }

  private requireGroup(name: string): void {
    if (!this.groups.has(name)) throw SchedulerError.notFound(`Schedule group ${name} does not exist.`);
  }

  createScheduleGroup(name: string, input: Record<string, unknown>): { ScheduleGroupArn: string } {
    checkName(name, 'name');
    text(input, 'ClientToken', 64);
    if (this.groups.has(name)) throw SchedulerError.conflict(`Schedule group ${name} already exists.`);
    const group = { Arn: this.groupArn(name), Name: name, CreationDate: this.now() };
    this.groups.set(name, group);
    return { ScheduleGroupArn: group.Arn };
  }

  getScheduleGroup(name: string): Record<string, unknown> {
    const group = this.groups.get(checkName(name, 'name'));
    if (!group) throw SchedulerError.notFound(`Schedule group ${name} does not exist.`);
    const seconds = group.CreationDate / 1000;
    return { ...group, State: 'ACTIVE', CreationDate: seconds, LastModificationDate: seconds };
  }

  deleteScheduleGroup(name: string): Record<string, never> {
    checkName(name, 'name');
    if (name === DEFAULT_GROUP) throw SchedulerError.validation('The default schedule group cannot be deleted.');
    this.requireGroup(name);
    this.groups.delete(name);
    for (const [id, schedule] of this.schedules) if (schedule.GroupName === name) this.schedules.delete(id);
    return {};
  }

  createSchedule(name: string, input: Record<string, unknown>): { ScheduleArn: string } {
    checkName(name, 'name');
    const group = checkName(text(input, 'GroupName', 64) ?? DEFAULT_GROUP, 'groupName');
    const token = text(input, 'ClientToken', 64);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ name, ...input, ClientToken: undefined }))
      .digest('hex');
    if (token) {
      const earlier = this.tokens.get(token);
      if (earlier?.fingerprint === fingerprint) return { ScheduleArn: earlier.arn };
      if (earlier) throw SchedulerError.conflict('The ClientToken was used before with different parameters.');
    }
    const schedule = this.readSchedule(name, group, input);
    this.requireGroup(group);
    const id = key(group, name);
    if (this.schedules.has(id)) throw SchedulerError.conflict(`Schedule ${name} already exists.`);
    this.schedules.set(id, schedule);
    if (token) this.tokens.set(token, { fingerprint, arn: schedule.Arn });
    return { ScheduleArn: schedule.Arn };
  }

  private readSchedule(name: string, group: string, input: Record<string, unknown>): StoredSchedule {
    const expression = text(input, 'ScheduleExpression', 256, true)!;
    const zone = text(input, 'ScheduleExpressionTimezone', 50) ?? 'UTC';
    if (!isTimeZone(zone)) throw SchedulerError.validation(`Invalid time zone ${zone}.`);
    if (RECURRING.test(expression)) {
      throw SchedulerError.validation(
        `The Scheduler stand-in runs one-time schedules only (at(...)); ${expression} is not one.`,
      );
    }
    const dueAt = atInstant(expression, zone);
    const window = input.FlexibleTimeWindow;
    if (!isRecord(window)) throw SchedulerError.validation('FlexibleTimeWindow is required.');
    if (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE') {
      throw SchedulerError.validation(
        `Value '${String(window.Mode)}' at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must satisfy enum value set: [OFF, FLEXIBLE]`,
      );
    }
    const maxWindow = integerIn(window.MaximumWindowInMinutes, 'flexibleTimeWindow.maximumWindowInMinutes', 1, 1440);
    if (window.Mode === 'FLEXIBLE' && maxWindow === undefined) {
      throw SchedulerError.validation(
        'MaximumWindowInMinutes is required when the FlexibleTimeWindow mode is FLEXIBLE.',
      );
    }
    const target = input.Target;
    if (!isRecord(target)) throw SchedulerError.validation('Target is required.');
    const arn = text(target, 'Arn', 1600, true)!;
    if (!ARN.test(arn)) throw SchedulerError.validation(`Invalid target ARN ${arn}.`);
    const roleArn = text(target, 'RoleArn', 1600, true)!;
    if (!ROLE_ARN.test(roleArn)) throw SchedulerError.validation(`Invalid RoleArn ${roleArn}.`);
    const inputText = text(target, 'Input', 8192);
    const retry = isRecord(target.RetryPolicy) ? target.RetryPolicy : undefined;
    const retryPolicy = retry && {
      MaximumRetryAttempts: integerIn(retry.MaximumRetryAttempts, 'target.retryPolicy.maximumRetryAttempts', 0, 185),
      MaximumEventAgeInSeconds: integerIn(
        retry.MaximumEventAgeInSeconds,
        'target.retryPolicy.maximumEventAgeInSeconds',
        60,
        86_400,
      ),
    };
    const dlq = isRecord(target.DeadLetterConfig) ? text(target.DeadLetterConfig, 'Arn', 1600) : undefined;
    if (dlq !== undefined && !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/.test(dlq)) {
      throw SchedulerError.validation(`Invalid dead-letter queue ARN ${dlq}.`);
    }
    const state = input.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') {
      throw SchedulerError.validation(
        `Value '${String(state)}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
      );
    }
    const after = input.ActionAfterCompletion ?? 'NONE';
    if (after !== 'NONE' && after !== 'DELETE') {
      throw SchedulerError.validation(
        `Value '${String(after)}' at 'actionAfterCompletion' failed to satisfy constraint: Member must satisfy enum value set: [NONE, DELETE]`,
      );
    }
    const description = text(input, 'Description', 512);
    const now = this.now() / 1000;
    return {
      Arn: `arn:aws:scheduler:${this.region}:${this.accountId}:schedule/${group}/${name}`,
      Name: name,
      GroupName: group,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: zone,
      State: state,
      ...(description ? { Description: description } : {}),
      FlexibleTimeWindow: { Mode: window.Mode, ...(maxWindow ? { MaximumWindowInMinutes: maxWindow } : {}) },
      ActionAfterCompletion: after,
      Target: {
        Arn: arn,
        RoleArn: roleArn,
        ...(inputText !== undefined ? { Input: inputText } : {}),
        ...(retryPolicy ? { RetryPolicy: prune(retryPolicy) } : {}),
        ...(dlq ? { DeadLetterConfig: { Arn: dlq } } : {}),
      },
      CreationDate: now,
      LastModificationDate: now,
      dueAt,
    };
  }

  getSchedule(name: string, group = DEFAULT_GROUP): Record<string, unknown> {
    const schedule = this.find(name, group);
    const { dueAt: _dueAt, completed: _completed, ...shown } = schedule;
    return shown;
  }

  deleteSchedule(name: string, group = DEFAULT_GROUP): Record<string, never> {
    const schedule = this.find(name, group);
    this.schedules.delete(key(schedule.GroupName, schedule.Name));
    return {};
  }

  private find(name: string, group: string): StoredSchedule {
    checkName(name, 'name');
    checkName(group, 'groupName');
    this.requireGroup(group);
    const schedule = this.schedules.get(key(group, name));
    if (!schedule) throw SchedulerError.notFound(`Schedule ${name} does not exist.`);
    return schedule;
  }

  listSchedules(query: URLSearchParams): Record<string, unknown> {
    const group = query.get('ScheduleGroup') ?? undefined;
    if (group !== undefined) checkName(group, 'groupName');
    const prefix = query.get('NamePrefix') ?? undefined;
    if (prefix !== undefined) checkName(prefix, 'namePrefix');
    const state = query.get('State') ?? undefined;
    if (state !== undefined && state !== 'ENABLED' && state !== 'DISABLED') {
      throw SchedulerError.validation(`Value '${state}' at 'state' failed to satisfy constraint: [ENABLED, DISABLED]`);
    }
    const max = query.has('MaxResults') ? Number(query.get('MaxResults')) : 100;
    integerIn(max, 'maxResults', 1, 100);
    const token = query.get('NextToken');
    const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) throw SchedulerError.validation('The NextToken is not valid.');
    const all = [...this.schedules.values()]
      .filter((s) => (group === undefined || s.GroupName === group) && (!prefix || s.Name.startsWith(prefix)))
      .filter((s) => state === undefined || s.State === state)
      .sort((a, b) => a.GroupName.localeCompare(b.GroupName) || a.Name.localeCompare(b.Name));
    const page = all.slice(start, start + max);
    return {
      Schedules: page.map((s) => ({
        Arn: s.Arn,
        Name: s.Name,
        GroupName: s.GroupName,
        State: s.State,
        CreationDate: s.CreationDate,
        LastModificationDate: s.LastModificationDate,
        Target: { Arn: s.Target.Arn },
      })),
      ...(start + max < all.length ? { NextToken: Buffer.from(String(start + max)).toString('base64url') } : {}),
    };
  }
}

function key(group: string, name: string): string {
  return `${group}/${name}`;
}

function prune<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
