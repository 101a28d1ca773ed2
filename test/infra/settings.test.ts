import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigError } from '../../core/errors';
import {
  BOT_SETTING_VARIABLES,
  DEFAULT_SETTINGS,
  resolveSettings,
  settingsFromContext,
} from '../../infra/lib/settings';

const context = (values: Record<string, unknown>) => (key: string) => values[key];

describe('resolveSettings', () => {
  it('fills in the defaults: scan every 10 minutes, reap every 30, ADFS, the home account, a month of logs', () => {
    expect(resolveSettings({})).toEqual({ ...DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS).toMatchObject({
      scanIntervalMinutes: 10,
      reapIntervalMinutes: 30,
      samlProviderName: 'ADFS',
      scanHomeAccount: true,
      memberAccountIds: [],
      workerConcurrency: 10,
      logRetentionDays: RetentionDays.ONE_MONTH,
    });
  });

  it('keeps only the settings, not the other stack props', () => {
    const resolved = resolveSettings({ scanIntervalMinutes: 5, description: 'x' } as never);
    expect(resolved).not.toHaveProperty('description');
    expect(resolved.scanIntervalMinutes).toBe(5);
  });

  it.each([
    [{ scanIntervalMinutes: 4 }, 'scanIntervalMinutes'],
    [{ scanIntervalMinutes: 16 }, 'scanIntervalMinutes'],
    [{ scanIntervalMinutes: 7.5 }, 'scanIntervalMinutes'],
    [{ reapIntervalMinutes: 2 }, 'reapIntervalMinutes'],
    [{ memberAccountIds: ['12'], memberExternalId: 'x-1' }, 'memberAccountIds'],
    [{ memberAccountIds: ['111122223333'] }, 'memberExternalId'],
    [{ memberAccountIds: ['111122223333'], memberExternalId: 'has space' }, 'memberExternalId'],
    [{ samlMetadataFile: '/nonexistent/metadata.xml' }, 'samlMetadataFile'],
    [{ workerConcurrency: 0 }, 'workerConcurrency'],
    [{ regionList: ['mars-north-1x'] }, 'regionList'],
    [{ cognitoDomainPrefix: 'My_Prefix' }, 'cognitoDomainPrefix'],
    [{ cognitoDomainPrefix: 'cognito-bot' }, 'cognitoDomainPrefix'],
    [{ samlProviderName: 'a' }, 'samlProviderName'],
    [{ oncallSlackChannel: '#oncall' }, 'oncallSlackChannel'],
    [{ logRetentionDays: 8 as RetentionDays }, 'logRetentionDays'],
    [{ alarmEmail: 'oncall' }, 'alarmEmail'],
    [{ botSettings: { TABLE_PREFIX: 'x' } }, 'botSettings.TABLE_PREFIX'],
    [{ botSettings: { LOG_LEVEL: 'chatty' } }, 'botSettings.LOG_LEVEL'],
    [{ botSettings: { USER_ACTIONS: 'reboot,terminate' } }, 'botSettings.USER_ACTIONS'],
    [{ botSettings: { LINK_TTL_DAYS: '0' } }, 'botSettings.LINK_TTL_DAYS'],
    [{ teamsAppId: 'my-bot', teamsTenantId: '66666666-7777-4888-9999-aaaaaaaaaaaa' }, 'teamsAppId'],
    [{ teamsAppId: '11111111-2222-4333-8444-555555555555', teamsTenantId: 'contoso.onmicrosoft.com' }, 'teamsTenantId'],
    [{ teamsAppId: '11111111-2222-4333-8444-555555555555' }, 'teamsTenantId'],
    [{ teamsTenantId: '66666666-7777-4888-9999-aaaaaaaaaaaa' }, 'teamsAppId'],
  ])('refuses %j, naming %s', (input, name) => {
    expect(() => resolveSettings(input)).toThrow(ConfigError);
    expect(() => resolveSettings(input)).toThrow(new RegExp(`^${name.replace('.', '\\.')} `));
  });

  it('accepts member accounts, regions, a channel, an e-mail and bot settings', () => {
    const resolved = resolveSettings({
      memberAccountIds: ['111122223333', '111122223333'],
      memberExternalId: 'workspaces-bot-7f3a',
      regionList: ['us-east-1', 'EU-WEST-1'],
      oncallSlackChannel: 'C0123ABCD',
      alarmEmail: 'oncall@example.com',
      botSettings: { USER_GROUP: 'WorkSpacesUsers', LOG_LEVEL: 'debug' },
      teamsAppId: '11111111-2222-4333-8444-555555555555',
      teamsTenantId: '66666666-7777-4888-9999-AAAAAAAAAAAA',
    });
    expect(resolved.regionList).toEqual(['us-east-1', 'eu-west-1']);
    expect(resolved.teamsTenantId).toBe('66666666-7777-4888-9999-aaaaaaaaaaaa');
    expect(resolved.memberAccountIds).toEqual(['111122223333']);
  });

  it('takes the SAML metadata from a file that holds a metadata document, and refuses one that does not', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'saml-'));
    try {
      const good = path.join(dir, 'metadata.xml');
      writeFileSync(good, '<?xml version="1.0"?>\n<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>');
      expect(resolveSettings({ samlMetadataFile: good }).samlMetadataFile).toBe(good);
      const bad = path.join(dir, 'page.html');
      writeFileSync(bad, '<html><body>Sign in</body></html>');
      expect(() => resolveSettings({ samlMetadataFile: bad })).toThrow(/^samlMetadataFile .*EntityDescriptor/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('settingsFromContext', () => {
  it('reads strings from -c and JSON values from cdk.json alike', () => {
    const fromCli = settingsFromContext(
      context({
        memberAccountIds: '111122223333, 444455556666',
        memberExternalId: 'ext-1',
        alarmEmail: 'oncall@example.com',
        workerConcurrency: '20',
        regionList: 'us-east-1,eu-west-1',
        scanIntervalMinutes: '15',
        reapIntervalMinutes: '60',
        scanHomeAccount: 'false',
        logRetentionDays: '90',
        botSettings: '{"USER_GROUP": "WorkSpacesUsers", "LINK_TTL_DAYS": 7}',
        teamsAppId: ' 11111111-2222-4333-8444-555555555555 ',
        teamsTenantId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
      }),
    );
    expect(fromCli).toMatchObject({
      memberAccountIds: ['111122223333', '444455556666'],
      memberExternalId: 'ext-1',
      alarmEmail: 'oncall@example.com',
      workerConcurrency: 20,
      regionList: ['us-east-1', 'eu-west-1'],
      scanIntervalMinutes: 15,
      reapIntervalMinutes: 60,
      scanHomeAccount: false,
      logRetentionDays: 90,
      botSettings: { USER_GROUP: 'WorkSpacesUsers', LINK_TTL_DAYS: '7' },
      teamsAppId: '11111111-2222-4333-8444-555555555555',
      teamsTenantId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
    });
    const fromJson = settingsFromContext(
      context({ memberAccountIds: ['111122223333'], scanIntervalMinutes: 5, scanHomeAccount: true }),
    );
    expect(fromJson).toMatchObject({
      memberAccountIds: ['111122223333'],
      scanIntervalMinutes: 5,
      scanHomeAccount: true,
    });
  });

  it('leaves what is not given to the defaults', () => {
    expect(resolveSettings(settingsFromContext(context({})))).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    ['scanIntervalMinutes', 'ten'],
    ['scanHomeAccount', 'maybe'],
    ['botSettings', '{not json'],
    ['botSettings', '[1]'],
    ['memberAccountIds', 42],
    ['workerConcurrency', 'many'],
  ])('names the context key %s when its value %j cannot be read', (key, value) => {
    expect(() => settingsFromContext(context({ [key]: value }))).toThrow(new RegExp(`^${key} `));
  });
});

describe('the README', () => {
  it('lists exactly the variables botSettings takes, in order', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const paragraph = /`botSettings` takes the bot's own tunables \(([^)]*)\)/.exec(readme)?.[1] ?? '';
    expect([...paragraph.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1])).toEqual([...BOT_SETTING_VARIABLES]);
  });
});
