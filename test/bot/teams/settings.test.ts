/**
 * The Teams settings: what a single-tenant bot needs, the channel service overrides set all together or not at all,
 * and the service URLs the bot may post its token to.
 */
import { parseTeamsSettings, teamsServiceUrl, teamsSettings } from '../../../bot/teams/settings';
import { loadConfig } from '../../../core/config';
import { ConfigError } from '../../../core/errors';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT_ID = '66666666-7777-4888-9999-000000000000';
const BOT = { TEAMS_APP_ID: APP_ID, TEAMS_TENANT_ID: TENANT_ID, TEAMS_APP_PASSWORD: 'pw' };
const STAND_IN = {
  TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:4100/v1/.well-known/openidconfiguration',
  TEAMS_TOKEN_ISSUER: 'http://127.0.0.1:4100',
  TEAMS_LOGIN_URL: `http://127.0.0.1:4100/${TENANT_ID}`,
  TEAMS_OAUTH_SCOPE: 'http://127.0.0.1:4100',
  TEAMS_SERVICE_URL: 'http://127.0.0.1:4100/teams/',
};

function refusal(env: Record<string, string>): ConfigError {
  try {
    parseTeamsSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('Teams settings', () => {
  it('unset: Teams is not configured, and no service URL is allowed', () => {
    const settings = parseTeamsSettings({});
    expect(settings.configured).toBe(false);
    expect(settings.serviceUrlAllowed('https://smba.trafficmanager.net/teams/')).toBe(false);
  });

  it('read once per configuration, from its variables', () => {
    const config = loadConfig(BOT);
    expect(teamsSettings(config)).toBe(teamsSettings(config));
    expect(teamsSettings(config)).toMatchObject({
      configured: true,
      appId: APP_ID,
      tenantId: TENANT_ID,
      appPassword: 'pw',
    });
    expect(teamsSettings(config).channelService).toBeUndefined();
  });

  it('a tenant id typed in capitals is the same tenant, kept as Teams sends it (lower case)', () => {
    expect(parseTeamsSettings({ ...BOT, TEAMS_TENANT_ID: TENANT_ID.toUpperCase() }).tenantId).toBe(TENANT_ID);
  });

  it('the secret instead of the password', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:workspaces-bot/teams-AbCdEf';
    const settings = parseTeamsSettings({ TEAMS_APP_ID: APP_ID, TEAMS_TENANT_ID: TENANT_ID, TEAMS_SECRET_ARN: arn });
    expect(settings).toMatchObject({ configured: true, secretArn: arn });
    expect(settings.appPassword).toBeUndefined();
  });

  it.each([
    ['an app id that is no GUID', 'TEAMS_APP_ID', { ...BOT, TEAMS_APP_ID: 'my-bot' }],
    ['no tenant (a single-tenant bot)', 'TEAMS_TENANT_ID', { TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'pw' }],
    ['a tenant that is no GUID', 'TEAMS_TENANT_ID', { ...BOT, TEAMS_TENANT_ID: 'contoso.onmicrosoft.com' }],
    ['no client secret at all', 'TEAMS_SECRET_ARN', { TEAMS_APP_ID: APP_ID, TEAMS_TENANT_ID: TENANT_ID }],
    [
      'both the secret and the password',
      'TEAMS_APP_PASSWORD',
      { ...BOT, TEAMS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x' },
    ],
    [
      'a secret that is no Secrets Manager ARN',
      'TEAMS_SECRET_ARN',
      { TEAMS_APP_ID: APP_ID, TEAMS_TENANT_ID: TENANT_ID, TEAMS_SECRET_ARN: 'teams-secret' },
    ],
    ['a tenant without an app id', 'TEAMS_APP_ID', { TEAMS_TENANT_ID: TENANT_ID }],
    ['a password without an app id', 'TEAMS_APP_ID', { TEAMS_APP_PASSWORD: 'pw' }],
    ['the overrides without an app id', 'TEAMS_APP_ID', { ...STAND_IN }],
  ])('refuses %s, naming %s', (_case, variable, env) => {
    expect(refusal(env).variable).toBe(variable);
  });

  it.each(Object.keys(STAND_IN))('refuses the channel service overrides without %s, naming it', (left) => {
    const env: Record<string, string> = { ...BOT, ...STAND_IN };
    delete env[left];
    const error = refusal(env);
    expect(error.variable).toBe(left);
    expect(error.message).toMatch(/all or none/);
  });

  it('refuses a single override, naming the first one missing', () => {
    const error = refusal({ ...BOT, TEAMS_OPENID_METADATA_URL: STAND_IN.TEAMS_OPENID_METADATA_URL });
    expect(error.variable).toBe('TEAMS_TOKEN_ISSUER');
  });

  it.each([
    ['http to another machine', 'http://bf.example.com/v1/.well-known/openidconfiguration'],
    ['no URL', 'login.example.com'],
    ['credentials in the URL', 'https://user:pw@login.example.com/'],
  ])('refuses an override that is %s', (_case, url) => {
    expect(refusal({ ...BOT, ...STAND_IN, TEAMS_LOGIN_URL: url }).variable).toBe('TEAMS_LOGIN_URL');
  });

  it('takes all the overrides together', () => {
    expect(parseTeamsSettings({ ...BOT, ...STAND_IN }).channelService).toEqual({
      openIdMetadataUrl: STAND_IN.TEAMS_OPENID_METADATA_URL,
      tokenIssuer: STAND_IN.TEAMS_TOKEN_ISSUER,
      loginUrl: STAND_IN.TEAMS_LOGIN_URL,
      oauthScope: STAND_IN.TEAMS_OAUTH_SCOPE,
      serviceUrl: STAND_IN.TEAMS_SERVICE_URL,
    });
  });
});

describe('the service URLs the bot posts its token to', () => {
  it.each([
    'https://smba.trafficmanager.net/teams/',
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/emea/v3/conversations/a:1/activities',
    'https://SMBA.trafficmanager.net/apac/',
    'https://smba.infra.gcc.teams.microsoft.com/teams',
    'https://smba.infra.gov.teams.microsoft.us/teams',
    'https://smba.infra.dod.teams.microsoft.us/teams',
  ])('Teams: %s', (url) => {
    expect(teamsServiceUrl(url)).toBe(true);
    expect(parseTeamsSettings(BOT).serviceUrlAllowed(url)).toBe(true);
  });

  it.each([
    'http://smba.trafficmanager.net/teams/',
    'https://smba.trafficmanager.net:8443/teams/',
    'https://evil.trafficmanager.net/teams/',
    'https://smba.trafficmanager.net.evil.example/teams/',
    'https://user:pw@smba.trafficmanager.net/teams/',
    'https://webchat.botframework.com/',
    'not a url',
    '',
  ])('not Teams: %s', (url) => {
    expect(parseTeamsSettings(BOT).serviceUrlAllowed(url)).toBe(false);
  });

  it("with the overrides, only the stand-in's origin, and no longer Teams'", () => {
    const settings = parseTeamsSettings({ ...BOT, ...STAND_IN });
    expect(settings.serviceUrlAllowed('http://127.0.0.1:4100/teams/')).toBe(true);
    expect(settings.serviceUrlAllowed('http://127.0.0.1:4100/teams/v3/conversations/a:1/activities')).toBe(true);
    expect(settings.serviceUrlAllowed('http://127.0.0.1:4101/teams/')).toBe(false);
    expect(settings.serviceUrlAllowed('http://localhost:4100/teams/')).toBe(false);
    expect(settings.serviceUrlAllowed('https://smba.trafficmanager.net/teams/')).toBe(false);
  });
});
