/**
 * Configuration, read once from the environment and validated. Every variable the bot reads is named
 * here and documented in docs/configuration.md; an error names the variable and the form it expects.
 */
import { ConfigError } from './errors';
import type { GroupNames } from './identity';
import { DEFAULT_ROLE_ACTIONS, type RoleActions } from './policy';
import { ACTIONS, type Action, isAction } from './rules';

export type Env = Readonly<Record<string, string | undefined>>;

export interface TableNames {
  workspaces: string;
  links: string;
  signinStates: string;
  audit: string;
  idempotency: string;
  sync: string;
  schedules: string;
  alerts: string;
}

/** Each table's name variable, and the suffix its default name puts after TABLE_PREFIX. */
export const TABLE_VARIABLES: Readonly<Record<keyof TableNames, { variable: string; suffix: string }>> = {
  workspaces: { variable: 'WORKSPACES_TABLE', suffix: 'workspaces' },
  links: { variable: 'LINKS_TABLE', suffix: 'links' },
  signinStates: { variable: 'SIGNIN_STATES_TABLE', suffix: 'signin-states' },
  audit: { variable: 'AUDIT_TABLE', suffix: 'audit' },
  idempotency: { variable: 'IDEMPOTENCY_TABLE', suffix: 'idempotency' },
  sync: { variable: 'SYNC_TABLE', suffix: 'sync' },
  schedules: { variable: 'SCHEDULES_TABLE', suffix: 'schedules' },
  alerts: { variable: 'ALERTS_TABLE', suffix: 'alerts' },
};

export interface Config {
  tables: TableNames;
  groups: GroupNames;
  roleActions: RoleActions;
  /** Regions to scan, when given; otherwise the scanner asks EC2 DescribeRegions. */
  regionList?: string[];
  aws: { retryMode: 'standard' | 'adaptive' | 'legacy'; maxAttempts: number };
  auditRetentionDays: number;
  scan: ScanSettings;
  oncall: OnCallSettings;
  /**
   * The variables this configuration was read from: each chat platform's adapter reads its own settings from them
   * (bot/slack/settings.ts), so core holds no platform's settings.
   */
  env: Env;
  /** Set when the sign-in is configured (AUTH_CLIENT_ID present); the chat bot requires it. */
  auth?: AuthSettings;
  links: LinkSettings;
  /** The Lambda function that performs handed-off work; unset: work runs in this process. */
  workerFunctionName?: string;
  worker: WorkerSettings;
  schedules: ScheduleSettings;
}

export interface ScheduleSettings {
  /** How far ahead a schedule may be, in days. */
  horizonDays: number;
  /** How many schedules one person may have waiting. */
  maxPendingPerPerson: number;
  /** The EventBridge Scheduler schedule group the bot's schedules go in. */
  groupName: string;
  /**
   * What a schedule invokes (the worker function's ARN), the role Scheduler assumes to invoke it, and the queue for
   * invocations that failed every retry. Schedules are offered only when the target and the role are set.
   */
  targetArn?: string;
  roleArn?: string;
  deadLetterArn?: string;
  /** After a reboot, start, rebuild or restore: the first check back, in minutes, each later one twice as late. */
  followUpFirstMinutes: number;
  /** How many times the bot checks back before it says the WorkSpace is stuck. */
  followUpMaxChecks: number;
  /** Owner alerts: a WorkSpace Unhealthy or in Error this long is told to its owner (when they opted in). */
  alertAfterMinutes: number;
}

export interface WorkerSettings {
  /**
   * The worker's timeout: a request claimed longer ago than this belongs to a worker that can no longer be running,
   * so another delivery may take it over.
   */
  timeoutSeconds: number;
}

export interface AuthSettings {
  /** The hosted UI's base URL (Cognito domain), serving /oauth2/authorize and /oauth2/token. */
  domainUrl: string;
  clientId: string;
  /** The ID token's issuer; the JWKS is read from `${issuer}/.well-known/jwks.json`. */
  issuer: string;
  /** The SAML identity provider's name in Cognito, so the hosted UI skips its chooser. */
  identityProvider?: string;
  /** The bot's own public base URL: sign-in links and the callback live under it. */
  publicUrl: string;
  /** Where the AD user name comes from: `identities` (identities[].userId, DOMAIN\user) or a claim name. */
  adUserClaim: string;
  groupsClaim: string;
}

export interface LinkSettings {
  ttlDays: number;
  adminReauthHours: number;
}

export interface ScanSettings {
  /**
   * Role ARNs in member accounts to assume, one per account, so one deployment reaches several accounts. Each
   * function is given the role meant for it: the scanner and reaper a read role, the worker an action role.
   */
  accountRoleArns: string[];
  /** How those roles are assumed: the session name CloudTrail shows, and the external id their trust asks for. */
  roleAccess: RoleAccess;
  /** Whether the bot's own account is scanned as well. */
  includeHomeAccount: boolean;
  /** WorkSpaces API requests in flight at once, over all regions and accounts. */
  maxConcurrentRequests: number;
  /** How long a region may answer nothing but throttling before its scan counts as failed. */
  throttlePatienceSeconds: number;
  /** A WorkSpace this long in a transitional state needs attention. */
  stuckMinutes: number;
  /** How often the scanner runs; older cache data is labelled as possibly out of date. */
  intervalMinutes: number;
}

export interface OnCallSettings {
  /** The worker's dead-letter queue: the reaper reports the chat requests that wait there. */
  deadLetterQueueUrl?: string;
  /** Hour (UTC) after which a daily digest is posted even when nothing is new; unset: no digest. */
  digestHourUtc?: number;
}

export interface RoleAccess {
  /** The role session name, naming the function in the member account's CloudTrail (`workspaces-bot-scan`). */
  sessionName: string;
  /** The external id the member roles' trust policies require; unset: none is sent. */
  externalId?: string;
}

/** Room is left after a session name for `-<request id>` (a UUID) within STS's 64 characters. */
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,27}$/;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

const SCHEDULE_GROUP_PATTERN = /^[0-9a-zA-Z-_.]{1,64}$/;
const LAMBDA_ARN_PATTERN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}(:[\w$-]+)?$/;
const SQS_ARN_PATTERN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]{1,80}(\.fifo)?$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** AWS region names: us-east-1, us-gov-west-1, eu-central-2... */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

/** A whole number in range, or undefined when the variable is unset. */
function optionalInteger(env: Env, name: string, min: number, max: number): number | undefined {
  return env[name]?.trim() ? integer(env, name, min, min, max) : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `a whole number from ${min} to ${max}`, raw);
  }
  return value;
}

export function list(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function actions(env: Env, name: string, fallback: readonly Action[], forbidden: readonly Action[] = []): Set<Action> {
  const raw = env[name]?.trim();
  if (!raw) return new Set(fallback);
  const expected = `a comma-separated list of ${ACTIONS.filter((a) => !forbidden.includes(a)).join(', ')}`;
  const chosen = list(raw.toLowerCase());
  for (const item of chosen) {
    if (!isAction(item) || forbidden.includes(item)) throw new ConfigError(name, expected, raw);
  }
  return new Set(chosen as Action[]);
}

/** Parses REGIONLIST: comma-separated, spaces tolerated, each name checked. Empty means "not set". */
export function parseRegionList(raw: string | undefined): string[] | undefined {
  if (!raw?.trim()) return undefined;
  const regions = [...new Set(list(raw.toLowerCase()))];
  for (const region of regions) {
    if (!REGION_PATTERN.test(region)) {
      throw new ConfigError('REGIONLIST', 'comma-separated AWS region names such as "us-east-1, eu-west-1"', raw);
    }
  }
  return regions.length ? regions : undefined;
}

function url(env: Env, name: string): string {
  const raw = env[name]?.trim();
  if (!raw) throw new ConfigError(name, 'an http(s) URL');
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('not http');
  } catch {
    throw new ConfigError(name, 'an http(s) URL', raw);
  }
  return raw.replace(/\/+$/, '');
}

/** The sign-in settings, when AUTH_CLIENT_ID says the sign-in is configured at all. */
function authSettings(env: Env): AuthSettings | undefined {
  const clientId = env.AUTH_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  return {
    domainUrl: url(env, 'AUTH_DOMAIN_URL'),
    clientId,
    issuer: url(env, 'AUTH_ISSUER'),
    identityProvider: env.AUTH_IDENTITY_PROVIDER?.trim() || undefined,
    publicUrl: url(env, 'PUBLIC_URL'),
    adUserClaim: text(env, 'AD_USER_CLAIM', 'identities'),
    groupsClaim: text(env, 'GROUPS_CLAIM', 'custom:ADGroups'),
  };
}

/** An SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME, or a local stand-in's http URL). */
function queueUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^https?:\/\/[^/\s]+\/\d{12}\/[\w-]{1,80}(\.fifo)?$/.test(raw)) {
    throw new ConfigError(
      name,
      'an SQS queue URL such as "https://sqs.us-east-1.amazonaws.com/111122223333/name"',
      raw,
    );
  }
  return raw;
}

/** An ARN of the form `pattern` checks, or undefined when the variable is unset. */
function arn(env: Env, name: string, pattern: RegExp, example: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!pattern.test(raw)) throw new ConfigError(name, `an ARN such as "${example}"`, raw);
  return raw;
}

function scheduleSettings(env: Env): ScheduleSettings {
  const groupName = text(env, 'SCHEDULE_GROUP', 'workspaces-bot');
  if (!SCHEDULE_GROUP_PATTERN.test(groupName)) {
    throw new ConfigError('SCHEDULE_GROUP', '1 to 64 letters, digits or any of - _ .', groupName);
  }
  const targetArn = arn(
    env,
    'SCHEDULE_TARGET_ARN',
    LAMBDA_ARN_PATTERN,
    'arn:aws:lambda:us-east-1:111122223333:function:workspaces-bot-worker',
  );
  const roleArn = arn(env, 'SCHEDULER_ROLE_ARN', ROLE_ARN_PATTERN, 'arn:aws:iam::111122223333:role/scheduler-invoke');
  const deadLetterArn = arn(
    env,
    'SCHEDULE_DLQ_ARN',
    SQS_ARN_PATTERN,
    'arn:aws:sqs:us-east-1:111122223333:workspaces-bot-schedules-dlq',
  );
  return {
    horizonDays: integer(env, 'SCHEDULE_HORIZON_DAYS', 30, 1, 365),
    maxPendingPerPerson: integer(env, 'SCHEDULE_MAX_PENDING', 10, 1, 100),
    followUpFirstMinutes: integer(env, 'FOLLOW_UP_FIRST_MINUTES', 2, 1, 60),
    followUpMaxChecks: integer(env, 'FOLLOW_UP_MAX_CHECKS', 5, 1, 10),
    alertAfterMinutes: integer(env, 'ALERT_AFTER_MINUTES', 30, 5, 1440),
    groupName,
    ...(targetArn ? { targetArn } : {}),
    ...(roleArn ? { roleArn } : {}),
    ...(deadLetterArn ? { deadLetterArn } : {}),
  };
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  throw new ConfigError(name, 'true or false', env[name]);
}

/** Parses ACCOUNT_ROLE_ARNS: comma-separated IAM role ARNs, one per member account. */
export function parseRoleArns(raw: string | undefined): string[] {
  const arns = [...new Set(list(raw ?? ''))];
  for (const arn of arns) {
    if (!ROLE_ARN_PATTERN.test(arn)) {
      throw new ConfigError(
        'ACCOUNT_ROLE_ARNS',
        'comma-separated IAM role ARNs such as "arn:aws:iam::111122223333:role/WorkspacesBot-member-read"',
        raw,
      );
    }
  }
  return arns;
}

/** ROLE_SESSION_NAME and ROLE_EXTERNAL_ID: how the member-account roles of ACCOUNT_ROLE_ARNS are assumed. */
export function roleAccess(env: Env = process.env): RoleAccess {
  const sessionName = text(env, 'ROLE_SESSION_NAME', 'workspaces-bot');
  if (!SESSION_NAME_PATTERN.test(sessionName)) {
    throw new ConfigError('ROLE_SESSION_NAME', '2 to 27 letters, digits or any of + = , . @ _ -', sessionName);
  }
  const externalId = env.ROLE_EXTERNAL_ID?.trim() || undefined;
  if (externalId !== undefined && !EXTERNAL_ID_PATTERN.test(externalId)) {
    throw new ConfigError('ROLE_EXTERNAL_ID', '2 to 1224 letters, digits or any of + = , . @ : / _ -', externalId);
  }
  return { sessionName, ...(externalId ? { externalId } : {}) };
}

export function loadConfig(env: Env = process.env): Config {
  const prefix = text(env, 'TABLE_PREFIX', 'workspaces-bot');
  const retryMode = text(env, 'AWS_RETRY_MODE', 'adaptive');
  if (retryMode !== 'standard' && retryMode !== 'adaptive' && retryMode !== 'legacy') {
    throw new ConfigError('AWS_RETRY_MODE', 'standard, adaptive or legacy', retryMode);
  }
  return {
    tables: Object.fromEntries(
      Object.entries(TABLE_VARIABLES).map(([table, { variable, suffix }]) => [
        table,
        text(env, variable, `${prefix}-${suffix}`),
      ]),
    ) as unknown as TableNames,
    groups: {
      user: text(env, 'USER_GROUP', 'UserGroupMember'),
      admin: text(env, 'ADMIN_GROUP', 'AdminGroupMember'),
    },
    roleActions: {
      user: actions(env, 'USER_ACTIONS', [...DEFAULT_ROLE_ACTIONS.user], ['terminate']),
      admin: actions(env, 'ADMIN_ACTIONS', [...DEFAULT_ROLE_ACTIONS.admin]),
    },
    regionList: parseRegionList(env.REGIONLIST),
    aws: { retryMode, maxAttempts: integer(env, 'AWS_MAX_ATTEMPTS', 5, 1, 20) },
    auditRetentionDays: integer(env, 'AUDIT_RETENTION_DAYS', 400, 1, 3650),
    scan: {
      accountRoleArns: parseRoleArns(env.ACCOUNT_ROLE_ARNS),
      roleAccess: roleAccess(env),
      includeHomeAccount: flag(env, 'SCAN_HOME_ACCOUNT', true),
      maxConcurrentRequests: integer(env, 'SCAN_MAX_CONCURRENT_REQUESTS', 64, 1, 512),
      throttlePatienceSeconds: integer(env, 'SCAN_THROTTLE_PATIENCE_SECONDS', 60, 1, 600),
      stuckMinutes: integer(env, 'ATTENTION_STUCK_MINUTES', 30, 5, 1440),
      intervalMinutes: integer(env, 'SCAN_INTERVAL_MINUTES', 10, 5, 15),
    },
    oncall: {
      digestHourUtc: optionalInteger(env, 'ONCALL_DIGEST_HOUR_UTC', 0, 23),
      deadLetterQueueUrl: queueUrl(env, 'WORKER_DLQ_URL'),
    },
    auth: authSettings(env),
    links: {
      ttlDays: integer(env, 'LINK_TTL_DAYS', 30, 1, 365),
      adminReauthHours: integer(env, 'ADMIN_REAUTH_HOURS', 12, 1, 720),
    },
    env: Object.freeze({ ...env }),
    workerFunctionName: env.WORKER_FUNCTION_NAME?.trim() || undefined,
    worker: { timeoutSeconds: integer(env, 'WORKER_TIMEOUT_SECONDS', 90, 10, 900) },
    schedules: scheduleSettings(env),
  };
}

let cached: Config | undefined;

/** The process's configuration, loaded on first use and kept. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;

/** LOG_LEVEL, checked like every other variable (the logger exists before the rest of the configuration). */
export function logLevel(env: Env = process.env): (typeof LOG_LEVELS)[number] {
  const raw = env.LOG_LEVEL?.trim();
  if (!raw) return 'INFO';
  const level = raw.toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new ConfigError('LOG_LEVEL', LOG_LEVELS.join(', '), raw);
  return level as (typeof LOG_LEVELS)[number];
}
