/** The Slack adapter's settings, read from the environment the configuration was loaded from, checked at start-up. */
import { parseSlackSettings, slackSettings } from '../../../bot/slack/settings';
import { loadConfig } from '../../../core/config';
import { ConfigError } from '../../../core/errors';

describe('Slack settings', () => {
  it('are read from the variables the configuration was loaded from, once per configuration', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_TEAM_IDS: 'T0AAAAA, T0BBBBB',
      ONCALL_SLACK_CHANNEL: 'C0ONCALL',
    });
    expect(slackSettings(config)).toEqual({
      botToken: 'xoxb-1',
      teamIds: ['T0AAAAA', 'T0BBBBB'],
      oncallChannel: 'C0ONCALL',
    });
    expect(slackSettings(config)).toBe(slackSettings(config));
    expect(config).not.toHaveProperty('slack');
  });

  it.each([
    [{ ONCALL_SLACK_CHANNEL: '#oncall' }, 'ONCALL_SLACK_CHANNEL is "#oncall": expected a Slack channel id'],
    [{ SLACK_TEAM_IDS: 'T0AAAAA,acme' }, 'SLACK_TEAM_IDS is "T0AAAAA,acme": expected Slack team ids'],
  ])('refuse %p with an error naming the variable', (env, message) => {
    expect(() => parseSlackSettings(env)).toThrow(ConfigError);
    expect(() => parseSlackSettings(env)).toThrow(message);
  });
});
