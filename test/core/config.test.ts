import { loadConfig, logLevel, parseRegionList, roleAccess } from '../../core/config';
import { ConfigError } from '../../core/errors';

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config.tables.workspaces).toBe('workspaces-bot-workspaces');
    expect([...config.roleActions.user]).toEqual(['reboot', 'start', 'stop', 'rebuild']);
    expect(config.roleActions.admin.has('terminate')).toBe(true);
    expect(config.groups).toEqual({ user: 'UserGroupMember', admin: 'AdminGroupMember' });
    expect(config.regionList).toBeUndefined();
    expect(config.aws).toEqual({ retryMode: 'adaptive', maxAttempts: 5 });
    expect(config.scan.throttlePatienceSeconds).toBe(60);
  });

  it('takes table names from a prefix or one by one', () => {
    const config = loadConfig({ TABLE_PREFIX: 'prod', LINKS_TABLE: 'custom-links' });
    expect(config.tables.audit).toBe('prod-audit');
    expect(config.tables.links).toBe('custom-links');
  });

  it.each([
    [
      { USER_ACTIONS: 'reboot,terminate' },
      'USER_ACTIONS is "reboot,terminate": expected a comma-separated list of reboot, start, stop, rebuild, restore.',
    ],
    [{ ADMIN_ACTIONS: 'reboot,explode' }, 'ADMIN_ACTIONS'],
    [{ AWS_MAX_ATTEMPTS: 'many' }, 'AWS_MAX_ATTEMPTS is "many": expected a whole number from 1 to 20.'],
    [{ AWS_RETRY_MODE: 'fast' }, 'AWS_RETRY_MODE'],
    [
      { SCAN_THROTTLE_PATIENCE_SECONDS: '0' },
      'SCAN_THROTTLE_PATIENCE_SECONDS is "0": expected a whole number from 1 to 600.',
    ],
    [{ REGIONLIST: 'us-east-1,moon-base-1x' }, 'REGIONLIST'],
  ])('rejects %p with an error naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lets users restore when configured, in any case and spacing', () => {
    expect([...loadConfig({ USER_ACTIONS: ' Reboot , RESTORE ' }).roleActions.user]).toEqual(['reboot', 'restore']);
  });
});

describe('REGIONLIST', () => {
  it.each([
    ['us-east-1,eu-west-1', ['us-east-1', 'eu-west-1']],
    [' us-east-1 ,  eu-west-1 ,', ['us-east-1', 'eu-west-1']],
    ['us-gov-west-1, ap-southeast-2, us-east-1, us-east-1', ['us-gov-west-1', 'ap-southeast-2', 'us-east-1']],
    ['', undefined],
    ['  ', undefined],
    [undefined, undefined],
  ])('%p -> %p', (raw, want) => {
    expect(parseRegionList(raw)).toEqual(want);
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to INFO, takes any case, and names the variable when it is wrong', () => {
    expect(logLevel({})).toBe('INFO');
    expect(logLevel({ LOG_LEVEL: ' warn ' })).toBe('WARN');
    expect(() => logLevel({ LOG_LEVEL: 'loud' })).toThrow(
      'LOG_LEVEL is "loud": expected DEBUG, INFO, WARN, ERROR, SILENT.',
    );
  });
});

describe('member-account access', () => {
  it('names the session workspaces-bot unless ROLE_SESSION_NAME says otherwise, and sends no external id unset', () => {
    expect(loadConfig({}).scan.roleAccess).toEqual({ sessionName: 'workspaces-bot' });
    expect(roleAccess({ ROLE_SESSION_NAME: 'workspaces-bot-scan', ROLE_EXTERNAL_ID: 'a1b2-c3' })).toEqual({
      sessionName: 'workspaces-bot-scan',
      externalId: 'a1b2-c3',
    });
  });

  it.each([
    ['ROLE_SESSION_NAME', 'has space'],
    ['ROLE_SESSION_NAME', 'x'.repeat(28)],
    ['ROLE_EXTERNAL_ID', 'x'],
    ['ROLE_EXTERNAL_ID', 'not ok'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} `));
  });
});

describe('WORKER_TIMEOUT_SECONDS', () => {
  it('is the worker timeout, 90 seconds unless set, 10 to 900', () => {
    expect(loadConfig({}).worker.timeoutSeconds).toBe(90);
    expect(loadConfig({ WORKER_TIMEOUT_SECONDS: '120' }).worker.timeoutSeconds).toBe(120);
    expect(() => loadConfig({ WORKER_TIMEOUT_SECONDS: '9' })).toThrow(/^WORKER_TIMEOUT_SECONDS /);
    expect(() => loadConfig({ WORKER_TIMEOUT_SECONDS: '901' })).toThrow(/^WORKER_TIMEOUT_SECONDS /);
  });
});
