/**
 * The Teams adapter's settings, read from the environment the configuration was loaded from and checked like every
 * other variable (an error names it and the form it expects). Read once per configuration, at start-up.
 *
 * The bot is a single-tenant Azure Bot: an app id, its tenant, and a client secret (from Secrets Manager in Lambda).
 * The channel service is Microsoft's unless all the TEAMS_* channel overrides are set, which only the local stack
 * does, to point botbuilder at its stand-in (local/botframework/).
 */
import type { Config, Env } from '../../core/config';
import { ConfigError } from '../../core/errors';

/** Where a channel service other than Microsoft's is found; all or none of them are set. */
export interface ChannelService {
  /** The OpenID metadata document whose JWKS signs the channel's tokens (botbuilder's ToBotFromChannelOpenIdMetadataUrl). */
  openIdMetadataUrl: string;
  /** The `iss` of the channel's tokens (ToBotFromChannelTokenIssuer). */
  tokenIssuer: string;
  /** The login URL the bot gets its own tokens from, tenant included (ToChannelFromBotLoginUrl). */
  loginUrl: string;
  /** The audience the bot asks its tokens for (ToChannelFromBotOAuthScope). */
  oauthScope: string;
  /** The Connector service URL the channel's activities carry; the only one the bot then posts to. */
  serviceUrl: string;
}

export interface TeamsSettings {
  /** True when TEAMS_APP_ID is set: the bot serves Teams, and everything below it needs is present. */
  configured: boolean;
  /** The Azure Bot's Microsoft App ID (a GUID). */
  appId?: string;
  /** The tenant of the single-tenant app registration (a GUID). */
  tenantId?: string;
  /** A Secrets Manager secret holding {"appPassword": "..."}: how the Lambda functions get the client secret. */
  secretArn?: string;
  /** The client secret itself, on one machine. */
  appPassword?: string;
  /** Set only with the local stand-in; unset: Microsoft's channel service, botbuilder's defaults. */
  channelService?: ChannelService;
  /**
   * Whether the bot may post to this service URL with its token: Teams' own Connector hosts, or with a channel
   * service override, only that service's origin. A token sent anywhere else could be replayed against Teams.
   */
  serviceUrlAllowed(url: string): boolean;
}

/** The path of Entra ID's (v2.0) token endpoint below a login URL such as `https://login.microsoftonline.com/<tenant>`. */
export const TOKEN_PATH = '/oauth2/v2.0/token';

/**
 * The hosts of Teams' Connector service: the global one and the US government clouds' (GCC, GCC High, DoD), as
 * Microsoft lists them for proactive messages (TeamsServiceEndpoints in @microsoft/agents-hosting). Regional paths
 * (`/amer/`, `/emea/`, `/teams/`...) are below them. Teams operated by 21Vianet is not served.
 */
export const TEAMS_SERVICE_HOSTS: readonly string[] = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

/** The channel service overrides: variable → setting. */
const CHANNEL_SERVICE_VARIABLES: Readonly<Record<keyof ChannelService, string>> = {
  openIdMetadataUrl: 'TEAMS_OPENID_METADATA_URL',
  tokenIssuer: 'TEAMS_TOKEN_ISSUER',
  loginUrl: 'TEAMS_LOGIN_URL',
  oauthScope: 'TEAMS_OAUTH_SCOPE',
  serviceUrl: 'TEAMS_SERVICE_URL',
};
const CREDENTIAL_VARIABLES = ['TEAMS_TENANT_ID', 'TEAMS_SECRET_ARN', 'TEAMS_APP_PASSWORD'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

const read = new WeakMap<Config, TeamsSettings>();

export function teamsSettings(config: Config): TeamsSettings {
  let settings = read.get(config);
  if (!settings) {
    settings = parseTeamsSettings(config.env);
    read.set(config, settings);
  }
  return settings;
}

export function parseTeamsSettings(env: Env): TeamsSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const channelService = channelServiceOf(env);
  const appId = value('TEAMS_APP_ID');
  if (!appId) {
    const stray = [...CREDENTIAL_VARIABLES, ...(channelService ? ['TEAMS_OPENID_METADATA_URL'] : [])].find(value);
    if (stray) throw new ConfigError('TEAMS_APP_ID', `the Azure Bot's Microsoft App ID, since ${stray} is set`);
    return { configured: false, serviceUrlAllowed: () => false };
  }
  const tenantId = value('TEAMS_TENANT_ID');
  const secretArn = value('TEAMS_SECRET_ARN');
  const appPassword = value('TEAMS_APP_PASSWORD');
  if (!GUID.test(appId)) {
    throw new ConfigError(
      'TEAMS_APP_ID',
      "the Azure Bot's Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000",
      appId,
    );
  }
  if (!tenantId)
    throw new ConfigError(
      'TEAMS_TENANT_ID',
      "the Entra ID tenant of the bot's single-tenant app registration (a GUID)",
    );
  if (!GUID.test(tenantId)) throw new ConfigError('TEAMS_TENANT_ID', 'a tenant id, a GUID', tenantId);
  if (secretArn && appPassword) {
    throw new ConfigError(
      'TEAMS_APP_PASSWORD',
      'unset when TEAMS_SECRET_ARN is set (the client secret comes from one place)',
      '(set)',
    );
  }
  if (!secretArn && !appPassword) {
    throw new ConfigError(
      'TEAMS_SECRET_ARN',
      'a Secrets Manager secret {"appPassword": "..."} (or TEAMS_APP_PASSWORD on one machine)',
    );
  }
  if (secretArn && !SECRET_ARN.test(secretArn)) {
    throw new ConfigError(
      'TEAMS_SECRET_ARN',
      'a Secrets Manager secret ARN, arn:aws:secretsmanager:<region>:<account>:secret:<name>',
      secretArn,
    );
  }
  return {
    configured: true,
    appId,
    // Teams sends tenant ids in lower case; a GUID typed in capitals is the same tenant.
    tenantId: tenantId.toLowerCase(),
    ...(secretArn ? { secretArn } : {}),
    ...(appPassword ? { appPassword } : {}),
    ...(channelService ? { channelService } : {}),
    serviceUrlAllowed: channelService ? sameOrigin(channelService.serviceUrl) : teamsServiceUrl,
  };
}

/** The overrides, all or none; a partial set names what is missing, since botbuilder would mix two services. */
function channelServiceOf(env: Env): ChannelService | undefined {
  const entries = Object.entries(CHANNEL_SERVICE_VARIABLES) as [keyof ChannelService, string][];
  const set = entries.filter(([, name]) => env[name]?.trim());
  if (set.length === 0) return undefined;
  const missing = entries.filter(([, name]) => !env[name]?.trim()).map(([, name]) => name);
  if (missing.length > 0) {
    const all = entries.map(([, name]) => name).join(', ');
    throw new ConfigError(missing[0]!, `set together with the other channel service overrides (${all}: all or none)`);
  }
  const service = {} as ChannelService;
  for (const [key, name] of entries) service[key] = serviceUrl(env, name);
  return service;
}

/** An https URL, or http on this machine (the stand-in): the bot sends its password and tokens there. */
function serviceUrl(env: Env, name: string): string {
  const raw = env[name]!.trim();
  const expected = 'an https URL (http only on localhost)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, expected, raw);
  }
  const local = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if ((url.protocol !== 'https:' && !local) || url.username || url.password) throw new ConfigError(name, expected, raw);
  return raw;
}

/** A URL Teams' Connector service answers at: https, one of its hosts, the default port, no credentials. */
export function teamsServiceUrl(raw: string): boolean {
  const url = parse(raw);
  return (
    url !== undefined &&
    url.protocol === 'https:' &&
    url.port === '' &&
    !url.username &&
    !url.password &&
    TEAMS_SERVICE_HOSTS.includes(url.hostname.toLowerCase())
  );
}

function sameOrigin(allowed: string): (raw: string) => boolean {
  const origin = new URL(allowed).origin;
  return (raw) => {
    const url = parse(raw);
    return url !== undefined && !url.username && !url.password && url.origin === origin;
  };
}

function parse(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
