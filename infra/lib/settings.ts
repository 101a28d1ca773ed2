/**
 * The deployment's settings: what an operator may choose, their defaults and their checks, in one place.
 * The app reads them from CDK context (`-c key=value` or cdk.json); the stack takes them as typed props.
 * An error names the setting and the form it expects, like the bot's own configuration errors.
 */

import { readFileSync } from 'node:fs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { parseSlackSettings } from '../../bot/slack/settings';
import { isGuid } from '../../bot/teams/app-package/ids';
import { loadConfig, logLevel, parseRegionList, roleAccess } from '../../core/config';
import { ConfigError } from '../../core/errors';

export interface DeploymentSettings {
  /** Prefix of the Cognito hosted UI domain; default `workspaces-bot-<account id>`. */
  cognitoDomainPrefix?: string;
  /** The SAML identity provider's name in Cognito (AUTH_IDENTITY_PROVIDER). */
  samlProviderName: string;
  /** The AD FS federation metadata, read from this file at synth; unset: the SamlMetadataUrl parameter. */
  samlMetadataFile?: string;
  /** Member accounts (12-digit ids) holding the member stack's roles; the stack derives ACCOUNT_ROLE_ARNS. */
  memberAccountIds: string[];
  /** The external id the member roles require (ROLE_EXTERNAL_ID); required with member accounts. */
  memberExternalId?: string;
  /** Regions to scan (REGIONLIST); unset: every enabled region of each account. */
  regionList?: string[];
  /** Whether the bot's own account is scanned (SCAN_HOME_ACCOUNT). */
  scanHomeAccount: boolean;
  /** How often the scanner runs, 5 to 15 minutes (SCAN_INTERVAL_MINUTES). */
  scanIntervalMinutes: number;
  /** How often the reaper runs, 5 to 1440 minutes. */
  reapIntervalMinutes: number;
  /** Slack channel id for on-call reports (ONCALL_SLACK_CHANNEL). */
  oncallSlackChannel?: string;
  /** The Azure Bot's Microsoft App ID (TEAMS_APP_ID), with teamsTenantId; unset: Teams is not configured. */
  teamsAppId?: string;
  /** The Microsoft Entra tenant of the single-tenant Azure Bot (TEAMS_TENANT_ID), with teamsAppId. */
  teamsTenantId?: string;
  /** How long the functions' logs are kept. */
  logRetentionDays: RetentionDays;
  /** An e-mail address subscribed to the stack's alarm topic; unset: subscribe to the topic yourself. */
  alarmEmail?: string;
  /** Concurrent executions reserved for the worker, which is also the most actions performed at once. */
  workerConcurrency: number;
  /** Further bot settings passed to every function as environment variables (docs/configuration.md). */
  botSettings: Record<string, string>;
}

export const DEFAULT_SETTINGS: DeploymentSettings = {
  samlProviderName: 'ADFS',
  memberAccountIds: [],
  scanHomeAccount: true,
  // The bot's own default for SCAN_INTERVAL_MINUTES.
  scanIntervalMinutes: loadConfig({}).scan.intervalMinutes,
  reapIntervalMinutes: 30,
  logRetentionDays: RetentionDays.ONE_MONTH,
  workerConcurrency: 10,
  botSettings: {},
};

/**
 * The variables of docs/configuration.md an operator may set through `botSettings`. The stack sets the
 * others itself (tables, sign-in, Slack secret, worker, scan targets) from its own resources and settings.
 */
export const BOT_SETTING_VARIABLES = [
  'USER_GROUP',
  'ADMIN_GROUP',
  'USER_ACTIONS',
  'ADMIN_ACTIONS',
  'AUDIT_RETENTION_DAYS',
  'AWS_RETRY_MODE',
  'AWS_MAX_ATTEMPTS',
  'SCAN_MAX_CONCURRENT_REQUESTS',
  'SCAN_THROTTLE_PATIENCE_SECONDS',
  'ATTENTION_STUCK_MINUTES',
  'ONCALL_DIGEST_HOUR_UTC',
  'AD_USER_CLAIM',
  'GROUPS_CLAIM',
  'LINK_TTL_DAYS',
  'ADMIN_REAUTH_HOURS',
  'SLACK_BOT_ID',
  'SLACK_BOT_USER_ID',
  'SLACK_TEAM_IDS',
  'LOG_LEVEL',
] as const;

const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{1,31}$/;
const ACCOUNT_ID = /^\d{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** What a SAML metadata document starts with, after an optional XML declaration. */
const SAML_METADATA = /^\s*(<\?xml[^>]*\?>\s*)?<(\w+:)?EntityDescriptor[\s>]/;

function wholeNumber(key: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `a whole number from ${min} to ${max}`, String(value));
  }
  return value;
}

/** Runs one of core/config's checks, reporting a failure under the setting's own name. */
function parsedAs<T>(
  key: string,
  raw: string | undefined,
  parse: (raw: string | undefined) => T,
  expected?: string,
): T {
  try {
    return parse(raw);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(key, expected ?? error.expected, raw);
  }
}

/** Validates settings and fills in the defaults; throws a ConfigError naming the first bad setting. */
export function resolveSettings(input: Partial<DeploymentSettings> = {}): DeploymentSettings {
  // Only the settings' own keys: stack props carry other things (env, description...) as well.
  const settings: DeploymentSettings = {
    cognitoDomainPrefix: input.cognitoDomainPrefix,
    samlProviderName: input.samlProviderName ?? DEFAULT_SETTINGS.samlProviderName,
    samlMetadataFile: input.samlMetadataFile,
    memberAccountIds: input.memberAccountIds ?? DEFAULT_SETTINGS.memberAccountIds,
    memberExternalId: input.memberExternalId,
    regionList: input.regionList,
    scanHomeAccount: input.scanHomeAccount ?? DEFAULT_SETTINGS.scanHomeAccount,
    scanIntervalMinutes: input.scanIntervalMinutes ?? DEFAULT_SETTINGS.scanIntervalMinutes,
    reapIntervalMinutes: input.reapIntervalMinutes ?? DEFAULT_SETTINGS.reapIntervalMinutes,
    oncallSlackChannel: input.oncallSlackChannel,
    teamsAppId: input.teamsAppId,
    teamsTenantId: input.teamsTenantId,
    logRetentionDays: input.logRetentionDays ?? DEFAULT_SETTINGS.logRetentionDays,
    alarmEmail: input.alarmEmail,
    workerConcurrency: input.workerConcurrency ?? DEFAULT_SETTINGS.workerConcurrency,
    botSettings: input.botSettings ?? DEFAULT_SETTINGS.botSettings,
  };
  const prefix = settings.cognitoDomainPrefix;
  if (prefix !== undefined && (!DOMAIN_PREFIX.test(prefix) || /aws|amazon|cognito/.test(prefix))) {
    throw new ConfigError(
      'cognitoDomainPrefix',
      'lower-case letters, digits and hyphens (at most 63), without "aws", "amazon" or "cognito"',
      prefix,
    );
  }
  if (!PROVIDER_NAME.test(settings.samlProviderName)) {
    throw new ConfigError('samlProviderName', '2 to 32 letters, digits, dots or hyphens', settings.samlProviderName);
  }
  const memberAccountIds = [...new Set(settings.memberAccountIds)];
  for (const accountId of memberAccountIds) {
    if (!ACCOUNT_ID.test(accountId)) {
      throw new ConfigError('memberAccountIds', '12-digit AWS account ids such as "111122223333"', accountId);
    }
  }
  if (memberAccountIds.length && settings.memberExternalId === undefined) {
    throw new ConfigError('memberExternalId', 'an external id shared with the member stacks, with memberAccountIds');
  }
  if (settings.memberExternalId !== undefined) {
    parsedAs('memberExternalId', settings.memberExternalId, (raw) => roleAccess({ ROLE_EXTERNAL_ID: raw }));
  }
  if (settings.samlMetadataFile !== undefined) samlMetadata(settings.samlMetadataFile);
  const regionList = settings.regionList?.length
    ? parsedAs('regionList', settings.regionList.join(','), parseRegionList, 'AWS region names such as "us-east-1"')
    : undefined;
  // The functions read it as SCAN_INTERVAL_MINUTES: the same check, so a value the bot refuses fails the synth.
  parsedAs(
    'scanIntervalMinutes',
    String(settings.scanIntervalMinutes),
    (raw) => loadConfig({ SCAN_INTERVAL_MINUTES: raw }).scan.intervalMinutes,
  );
  wholeNumber('reapIntervalMinutes', settings.reapIntervalMinutes, 5, 1440);
  if (settings.oncallSlackChannel !== undefined) {
    parsedAs('oncallSlackChannel', settings.oncallSlackChannel, (raw) =>
      parseSlackSettings({ ONCALL_SLACK_CHANNEL: raw }),
    );
  }
  validateTeams(settings);
  if (!Object.values(RetentionDays).includes(settings.logRetentionDays)) {
    throw new ConfigError(
      'logRetentionDays',
      `one of CloudWatch Logs' retention periods in days (${Object.values(RetentionDays)
        .filter((days) => typeof days === 'number' && days > 0)
        .join(', ')})`,
      String(settings.logRetentionDays),
    );
  }
  if (settings.alarmEmail !== undefined && !EMAIL.test(settings.alarmEmail)) {
    throw new ConfigError('alarmEmail', 'an e-mail address', settings.alarmEmail);
  }
  wholeNumber('workerConcurrency', settings.workerConcurrency, 1, 1000);
  validateBotSettings(settings.botSettings);
  // Lower-case, as Entra ID writes them in tokens (a token's audience is compared as a string).
  const teamsIds = settings.teamsAppId
    ? { teamsAppId: settings.teamsAppId.toLowerCase(), teamsTenantId: settings.teamsTenantId?.toLowerCase() }
    : {};
  return { ...settings, memberAccountIds, regionList, ...teamsIds };
}

/** The Teams bot's ids: both GUIDs, or neither (Teams not configured). */
function validateTeams({ teamsAppId, teamsTenantId }: DeploymentSettings): void {
  for (const [key, value] of [
    ['teamsAppId', teamsAppId],
    ['teamsTenantId', teamsTenantId],
  ] as const) {
    if (value !== undefined && !isGuid(value)) {
      throw new ConfigError(key, 'a GUID such as 00000000-0000-0000-0000-000000000000, from the Azure Bot', value);
    }
  }
  if (teamsAppId === undefined && teamsTenantId !== undefined) {
    throw new ConfigError('teamsAppId', "the Azure Bot's Microsoft App ID (a GUID), set together with teamsTenantId");
  }
  if (teamsAppId !== undefined && teamsTenantId === undefined) {
    throw new ConfigError('teamsTenantId', "the Azure Bot's tenant id (a GUID), set together with teamsAppId");
  }
}

/** The SAML metadata document in a file, checked to be one; a ConfigError names samlMetadataFile. */
export function samlMetadata(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('samlMetadataFile', 'a readable file holding the AD FS federation metadata XML', file);
  }
  if (!SAML_METADATA.test(text)) {
    throw new ConfigError('samlMetadataFile', 'a SAML metadata document (<EntityDescriptor ...>)', file);
  }
  return text;
}

/** Only the variables an operator may set, each checked by the bot's own configuration loader. */
function validateBotSettings(botSettings: Record<string, string>): void {
  for (const [name, value] of Object.entries(botSettings)) {
    if (!(BOT_SETTING_VARIABLES as readonly string[]).includes(name)) {
      throw new ConfigError(`botSettings.${name}`, `one of ${BOT_SETTING_VARIABLES.join(', ')}`, value);
    }
    if (typeof value !== 'string') throw new ConfigError(`botSettings.${name}`, 'a string', String(value));
  }
  // The same checks the functions run at start-up, so a bad value fails the synth, not a cold start.
  try {
    logLevel(botSettings);
    loadConfig({ ...botSettings });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(`botSettings.${error.variable}`, error.expected, error.got);
  }
}

// Context values come as strings from `-c key=value`, or as JSON values from cdk.json.

function contextList(key: string, value: unknown): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }
  throw new ConfigError(key, 'a comma-separated string or a list of strings', JSON.stringify(value));
}

function contextNumber(key: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (Number.isNaN(number)) throw new ConfigError(key, 'a number', JSON.stringify(value));
  return number;
}

function contextBoolean(key: string, value: unknown): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(key, 'true or false', JSON.stringify(value));
}

function contextString(key: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ConfigError(key, 'a string', JSON.stringify(value));
  return value.trim();
}

function contextObject(key: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ConfigError(key, 'a JSON object such as {"USER_GROUP": "WorkSpacesUsers"}', value);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(key, 'a JSON object such as {"USER_GROUP": "WorkSpacesUsers"}', JSON.stringify(value));
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([name, v]) => [name, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]),
  );
}

/** Reads the settings from CDK context (`app.node.tryGetContext`); validation happens in resolveSettings. */
export function settingsFromContext(get: (key: string) => unknown): Partial<DeploymentSettings> {
  return {
    cognitoDomainPrefix: contextString('cognitoDomainPrefix', get('cognitoDomainPrefix')),
    samlProviderName: contextString('samlProviderName', get('samlProviderName')),
    samlMetadataFile: contextString('samlMetadataFile', get('samlMetadataFile')),
    memberAccountIds: contextList('memberAccountIds', get('memberAccountIds')),
    memberExternalId: contextString('memberExternalId', get('memberExternalId')),
    regionList: contextList('regionList', get('regionList')),
    scanHomeAccount: contextBoolean('scanHomeAccount', get('scanHomeAccount')),
    scanIntervalMinutes: contextNumber('scanIntervalMinutes', get('scanIntervalMinutes')),
    reapIntervalMinutes: contextNumber('reapIntervalMinutes', get('reapIntervalMinutes')),
    oncallSlackChannel: contextString('oncallSlackChannel', get('oncallSlackChannel')),
    teamsAppId: contextString('teamsAppId', get('teamsAppId')),
    teamsTenantId: contextString('teamsTenantId', get('teamsTenantId')),
    logRetentionDays: contextNumber('logRetentionDays', get('logRetentionDays')),
    alarmEmail: contextString('alarmEmail', get('alarmEmail')),
    workerConcurrency: contextNumber('workerConcurrency', get('workerConcurrency')),
    botSettings: contextObject('botSettings', get('botSettings')),
  };
}
