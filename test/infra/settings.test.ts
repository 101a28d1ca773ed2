import { readFileSync } from 'node:fs';
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
      accountRoleArns: [],
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
    [{ accountRoleArns: ['arn:aws:iam::12:role/x'] }, 'accountRoleArns'],
    [{ regionList: ['mars-north-1x'] }, 'regionList'],
    [{ cognitoDomainPrefix: 'My_Prefix' }, 'cognitoDomainPrefix'],
    [{ cognitoDomainPrefix: 'cognito-bot' }, 'cognitoDomainPrefix'],
    [{ samlProviderName: 'a' }, 'samlProviderName'],
    [{ oncallSlackChannel: '#oncall' }, 'oncallSlackChannel'],
    [{ logRetentionDays: 8 as RetentionDays }, 'logRetentionDays'],
    [{ alarmTopicArn: 'topic' }, 'alarmTopicArn'],
    [{ botSettings: { TABLE_PREFIX: 'x' } }, 'botSettings.TABLE_PREFIX'],
    [{ botSettings: { LOG_LEVEL: 'chatty' } }, 'botSettings.LOG_LEVEL'],
    [{ botSettings: { USER_ACTIONS: 'reboot,terminate' } }, 'botSettings.USER_ACTIONS'],
    [{ botSettings: { LINK_TTL_DAYS: '0' } }, 'botSettings.LINK_TTL_DAYS'],
  ])('refuses %j, naming %s', (input, name) => {
    expect(() => resolveSettings(input)).toThrow(ConfigError);
    expect(() => resolveSettings(input)).toThrow(new RegExp(`^${name.replace('.', '\\.')} `));
  });

  it('accepts member roles, regions, a channel, a topic and bot settings', () => {
    const resolved = resolveSettings({
      accountRoleArns: ['arn:aws:iam::111122223333:role/WorkSpacesBotMember'],
      regionList: ['us-east-1', 'EU-WEST-1'],
      oncallSlackChannel: 'C0123ABCD',
      alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:oncall',
      botSettings: { USER_GROUP: 'WorkSpacesUsers', LOG_LEVEL: 'debug' },
    });
    expect(resolved.regionList).toEqual(['us-east-1', 'eu-west-1']);
    expect(resolved.accountRoleArns).toEqual(['arn:aws:iam::111122223333:role/WorkSpacesBotMember']);
  });
});

describe('settingsFromContext', () => {
  it('reads strings from -c and JSON values from cdk.json alike', () => {
    const fromCli = settingsFromContext(
      context({
        accountRoleArns: 'arn:aws:iam::111122223333:role/A, arn:aws:iam::444455556666:role/B',
        regionList: 'us-east-1,eu-west-1',
        scanIntervalMinutes: '15',
        reapIntervalMinutes: '60',
        scanHomeAccount: 'false',
        logRetentionDays: '90',
        botSettings: '{"USER_GROUP": "WorkSpacesUsers", "LINK_TTL_DAYS": 7}',
      }),
    );
    expect(fromCli).toMatchObject({
      accountRoleArns: ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::444455556666:role/B'],
      regionList: ['us-east-1', 'eu-west-1'],
      scanIntervalMinutes: 15,
      reapIntervalMinutes: 60,
      scanHomeAccount: false,
      logRetentionDays: 90,
      botSettings: { USER_GROUP: 'WorkSpacesUsers', LINK_TTL_DAYS: '7' },
    });
    const fromJson = settingsFromContext(
      context({ accountRoleArns: ['arn:aws:iam::111122223333:role/A'], scanIntervalMinutes: 5, scanHomeAccount: true }),
    );
    expect(fromJson).toMatchObject({
      accountRoleArns: ['arn:aws:iam::111122223333:role/A'],
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
    ['accountRoleArns', 42],
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
