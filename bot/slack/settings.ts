/**
 * The Slack adapter's settings, read from the environment the configuration was loaded from and checked like every
 * other variable (an error names it and the form it expects). Read once per configuration, at start-up.
 */
import { type Config, type Env, list } from '../../core/config';
import { ConfigError } from '../../core/errors';

export interface SlackSettings {
  /** The bot token (xoxb-...). In Lambda it comes from Secrets Manager instead. */
  botToken?: string;
  /** The request signing secret. In Lambda it comes from Secrets Manager instead. */
  signingSecret?: string;
  /** A Secrets Manager secret holding {"signingSecret": "...", "botToken": "xoxb-..."}. */
  secretArn?: string;
  /** Known at install time, so a cold start never waits for auth.test. */
  botId?: string;
  botUserId?: string;
  /** An app-level token (xapp-...): run over Socket Mode instead of HTTP. */
  appToken?: string;
  /** Slack's Web API base URL; only the local stack changes it, to reach its stand-in. */
  apiUrl?: string;
  /** The workspaces (team ids, or an enterprise id) the bot serves; requests from any other are refused. */
  teamIds?: string[];
  /** The channel id on-call reports go to; unset: reports are only logged. */
  oncallChannel?: string;
}

const read = new WeakMap<Config, SlackSettings>();

export function slackSettings(config: Config): SlackSettings {
  let settings = read.get(config);
  if (!settings) {
    settings = parseSlackSettings(config.env);
    read.set(config, settings);
  }
  return settings;
}

export function parseSlackSettings(env: Env): SlackSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const settings: SlackSettings = {};
  const set = <K extends keyof SlackSettings>(key: K, got: SlackSettings[K] | undefined) => {
    if (got !== undefined) settings[key] = got;
  };
  set('botToken', value('SLACK_BOT_TOKEN'));
  set('signingSecret', value('SLACK_SIGNING_SECRET'));
  set('secretArn', value('SLACK_SECRET_ARN'));
  set('botId', value('SLACK_BOT_ID'));
  set('botUserId', value('SLACK_BOT_USER_ID'));
  set('appToken', value('SLACK_APP_TOKEN'));
  set('apiUrl', value('SLACK_API_URL'));
  set('teamIds', teamIds(env, 'SLACK_TEAM_IDS'));
  set('oncallChannel', channelId(env, 'ONCALL_SLACK_CHANNEL'));
  return settings;
}

/** A Slack channel id (C… or G…): a name such as #oncall would make every post fail with channel_not_found. */
function channelId(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[CG][A-Z0-9]{5,}$/.test(raw)) throw new ConfigError(name, 'a Slack channel id such as "C0123ABCD"', raw);
  return raw;
}

/** Comma-separated Slack team ids (T…) or enterprise ids (E…). */
function teamIds(env: Env, name: string): string[] | undefined {
  const ids = list(env[name] ?? '');
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    if (!/^[TE][A-Z0-9]{5,}$/.test(id)) throw new ConfigError(name, 'Slack team ids such as "T0123ABCD"', env[name]);
  }
  return ids;
}
