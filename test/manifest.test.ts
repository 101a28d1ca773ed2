/**
 * manifest.yml: valid for Slack, and in agreement with what the code registers and calls.
 *
 * The schema checks restate, in our own words, the rules of Slack's official app manifest schema that apply to
 * the parts of the manifest we use (the schema file itself is not copied here):
 * https://github.com/slackapi/manifest-schema/blob/main/schemas/manifest.schema.1.0.0.json
 * (selected by `_metadata.major_version: 1`, see https://github.com/slackapi/manifest-schema/blob/main/manifest.schema.json).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { App } from '@slack/bolt';
import { parse, parseDocument } from 'yaml';
import { COMMANDS } from '../bot/commands/catalog';
import type { SlackEntry } from '../bot/slack/listeners';
import { register } from '../bot/slack/listeners';
import {
  BOT_URL_OUTPUT,
  botUrlFromOutputs,
  EVENTS_PATH,
  fillManifest,
  MANIFEST_FILE,
  type ManifestIo,
  main,
  normaliseBotUrl,
  PLACEHOLDER,
  requestUrls,
} from '../local/tools/slack-manifest';

const ROOT = join(__dirname, '..');
const manifestText = readFileSync(MANIFEST_FILE, 'utf8');
const manifest = parse(manifestText) as Manifest;
const FUNCTION_URL = 'https://abcd1234efgh5678.lambda-url.us-east-1.on.aws/';

// ---------------------------------------------------------------------------------------------------------------
// The schema's rules for the parts we use, as a small validator that lists every problem it finds.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
interface Manifest {
  _metadata: Obj;
  display_information: Obj;
  features: Obj & { slash_commands: Obj[]; app_home: Obj; bot_user: Obj };
  oauth_config: Obj & { scopes: { bot: string[] } };
  settings: Obj & { event_subscriptions: Obj & { bot_events: string[] }; interactivity: Obj };
}

/** Keys the schema allows at each level (it sets additionalProperties: false on all of these objects). */
const ALLOWED_KEYS: Record<string, readonly string[]> = {
  '': [
    '$schema',
    '_metadata',
    'app_directory',
    'display_information',
    'features',
    'oauth_config',
    'settings',
    'functions',
    'workflows',
    'datastores',
    'outgoing_domains',
    'types',
    'external_auth_providers',
  ],
  _metadata: ['schema_version', 'min_version', 'major_version', 'minor_version'],
  display_information: ['name', 'description', 'background_color', 'long_description'],
  features: ['app_home', 'bot_user', 'functions', 'shortcuts', 'slash_commands', 'workflow_steps', 'unfurl_domains'],
  'features.app_home': ['home_tab_enabled', 'messages_tab_enabled', 'messages_tab_read_only_enabled'],
  'features.bot_user': ['display_name', 'always_online'],
  'features.slash_commands[]': ['command', 'url', 'description', 'usage_hint', 'should_escape'],
  oauth_config: ['redirect_urls', 'scopes', 'token_management_enabled'],
  'oauth_config.scopes': ['user', 'bot'],
  settings: [
    'allowed_ip_address_ranges',
    'event_subscriptions',
    'incoming_webhooks',
    'interactivity',
    'org_deploy_enabled',
    'socket_mode_enabled',
    'is_hosted',
    'token_rotation_enabled',
    'siws_links',
    'hermes_app_type',
    'function_runtime',
  ],
  'settings.event_subscriptions': ['request_url', 'user_events', 'bot_events', 'metadata_subscriptions'],
  'settings.interactivity': ['is_enabled', 'request_url', 'message_menu_options_url'],
};

/**
 * Bot scope names Slack documents (https://docs.slack.dev/reference/scopes). The schema only bounds a scope's
 * length; this list catches a misspelt scope, which Slack would reject when the app is created.
 */
const KNOWN_BOT_SCOPES = new Set([
  'app_mentions:read',
  'assistant:write',
  'bookmarks:read',
  'bookmarks:write',
  'calls:read',
  'calls:write',
  'canvases:read',
  'canvases:write',
  'channels:history',
  'channels:join',
  'channels:manage',
  'channels:read',
  'channels:write.invites',
  'channels:write.topic',
  'chat:write',
  'chat:write.customize',
  'chat:write.public',
  'commands',
  'conversations.connect:manage',
  'conversations.connect:read',
  'conversations.connect:write',
  'dnd:read',
  'emoji:read',
  'files:read',
  'files:write',
  'groups:history',
  'groups:read',
  'groups:write',
  'groups:write.invites',
  'groups:write.topic',
  'im:history',
  'im:read',
  'im:write',
  'im:write.topic',
  'incoming-webhook',
  'links.embed:write',
  'links:read',
  'links:write',
  'metadata.message:read',
  'mpim:history',
  'mpim:read',
  'mpim:write',
  'mpim:write.topic',
  'pins:read',
  'pins:write',
  'reactions:read',
  'reactions:write',
  'reminders:read',
  'reminders:write',
  'remote_files:read',
  'remote_files:share',
  'remote_files:write',
  'team.billing:read',
  'team.preferences:read',
  'team:read',
  'usergroups:read',
  'usergroups:write',
  'users.profile:read',
  'users:read',
  'users:read.email',
  'users:write',
]);

/** Bot event names Slack documents (https://docs.slack.dev/reference/events) that an app like this could use. */
const KNOWN_BOT_EVENTS = new Set([
  'app_home_opened',
  'app_mention',
  'app_uninstalled',
  'channel_created',
  'member_joined_channel',
  'member_left_channel',
  'message.channels',
  'message.groups',
  'message.im',
  'message.mpim',
  'reaction_added',
  'reaction_removed',
  'team_join',
  'tokens_revoked',
  'user_change',
]);

/** The schema's URL rule is `^https?://`; Slack itself only calls https request URLs, so we hold them to that. */
const HTTPS_URL = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
const SCHEMA_URL = /^https?:\/\//;

function validate(value: unknown): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path || '(top)'}: ${message}`);

  const object = (path: string, v: unknown, keysAt = path): Obj | undefined => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      fail(path, 'must be an object');
      return undefined;
    }
    const allowed = ALLOWED_KEYS[keysAt] ?? [];
    for (const key of Object.keys(v)) if (!allowed.includes(key)) fail(path, `unknown key "${key}"`);
    return v as Obj;
  };
  const string = (path: string, v: unknown, min: number, max: number, pattern?: RegExp) => {
    if (typeof v !== 'string') return fail(path, 'must be a string');
    if (v.length < min || v.length > max) fail(path, `length ${v.length} is outside ${min}..${max}`);
    if (pattern && !pattern.test(v)) fail(path, `"${v}" does not match ${pattern}`);
  };
  const url = (path: string, v: unknown, max: number) => {
    string(path, v, 1, max, SCHEMA_URL);
    if (typeof v === 'string' && !HTTPS_URL.test(v)) fail(path, `"${v}" is not an https URL`);
  };
  const boolean = (path: string, v: unknown) => {
    if (v !== undefined && typeof v !== 'boolean') fail(path, 'must be a boolean');
  };
  const stringList = (path: string, v: unknown, maxItems: number, maxLength: number, known: Set<string>) => {
    if (!Array.isArray(v)) return fail(path, 'must be a list');
    if (v.length > maxItems) fail(path, `has ${v.length} items, more than ${maxItems}`);
    if (new Set(v).size !== v.length) fail(path, 'has duplicates');
    v.forEach((item, i) => {
      string(`${path}[${i}]`, item, 1, maxLength);
      if (typeof item === 'string' && !known.has(item)) fail(`${path}[${i}]`, `"${item}" is not a known name`);
    });
  };

  // Top level: only display_information is required; the rest are optional sections we all use.
  const root = object('', value);
  if (!root) return problems;
  for (const key of ['_metadata', 'display_information', 'features', 'oauth_config', 'settings']) {
    if (!(key in root)) fail('', `missing "${key}"`);
  }

  const metadata = object('_metadata', root._metadata);
  if (metadata) {
    for (const [key, v] of Object.entries(metadata)) {
      if (!Number.isInteger(v)) fail(`_metadata.${key}`, 'must be an integer');
    }
    // This file is written against version 1 of the schema.
    if (metadata.major_version !== 1) fail('_metadata.major_version', 'must be 1');
  }

  const display = object('display_information', root.display_information);
  if (display) {
    string('display_information.name', display.name, 1, 35);
    if (display.description !== undefined) string('display_information.description', display.description, 1, 140);
    if (display.background_color !== undefined) {
      string(
        'display_information.background_color',
        display.background_color,
        4,
        7,
        /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/,
      );
    }
    if (display.long_description !== undefined) {
      string('display_information.long_description', display.long_description, 175, 4000);
    }
  }

  const features = object('features', root.features);
  if (features) {
    const home = features.app_home === undefined ? undefined : object('features.app_home', features.app_home);
    for (const [key, v] of Object.entries(home ?? {})) boolean(`features.app_home.${key}`, v);
    // The schema puts no pattern on the bot's display name, only a length of 1 to 80. Slack derives the bot's
    // @username from it, so we also keep it to letters, digits, spaces and . - _ (our rule, not the schema's).
    const bot = object('features.bot_user', features.bot_user);
    if (bot) {
      string('features.bot_user.display_name', bot.display_name, 1, 80, /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/);
      boolean('features.bot_user.always_online', bot.always_online);
    }
    const commands = features.slash_commands;
    if (!Array.isArray(commands) || commands.length < 1 || commands.length > 50) {
      fail('features.slash_commands', 'must be a list of 1 to 50 commands');
    } else {
      commands.forEach((c, i) => {
        const path = `features.slash_commands[${i}]`;
        const command = object(path, c, 'features.slash_commands[]');
        if (!command) return;
        string(`${path}.command`, command.command, 2, 32, /^\//);
        string(`${path}.description`, command.description, 1, 2000);
        if (command.usage_hint !== undefined) string(`${path}.usage_hint`, command.usage_hint, 1, 1000);
        url(`${path}.url`, command.url, 3000);
        boolean(`${path}.should_escape`, command.should_escape);
      });
    }
  }

  const oauth = object('oauth_config', root.oauth_config);
  const scopes = oauth && object('oauth_config.scopes', oauth.scopes);
  if (scopes) {
    stringList('oauth_config.scopes.bot', scopes.bot, 255, 50, KNOWN_BOT_SCOPES);
    if (scopes.user !== undefined) fail('oauth_config.scopes.user', 'the bot asks for no user scopes');
  }

  const settings = object('settings', root.settings);
  if (settings) {
    for (const key of ['org_deploy_enabled', 'socket_mode_enabled', 'token_rotation_enabled', 'is_hosted']) {
      boolean(`settings.${key}`, settings[key]);
    }
    const events = object('settings.event_subscriptions', settings.event_subscriptions);
    if (events) {
      url('settings.event_subscriptions.request_url', events.request_url, 3500);
      stringList('settings.event_subscriptions.bot_events', events.bot_events, 100, 50, KNOWN_BOT_EVENTS);
    }
    const interactivity = object('settings.interactivity', settings.interactivity);
    if (interactivity) {
      if (typeof interactivity.is_enabled !== 'boolean') fail('settings.interactivity.is_enabled', 'is required');
      url('settings.interactivity.request_url', interactivity.request_url, 3500);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// What the code registers and calls.

interface Registered {
  commands: string[];
  events: string[];
  actions: unknown[];
  views: unknown[];
}

/** Runs the real register() against a recorder standing in for the Bolt app. */
function registeredListeners(): Registered {
  const seen: Registered = { commands: [], events: [], actions: [], views: [] };
  const recorder = {
    command: (name: unknown) => seen.commands.push(String(name)),
    event: (name: unknown) => {
      if (typeof name !== 'string') throw new Error(`app.event(${String(name)}): the manifest needs event names`);
      seen.events.push(name);
    },
    action: (id: unknown) => seen.actions.push(id),
    view: (id: unknown) => seen.views.push(id),
  };
  register(recorder as unknown as App, {} as SlackEntry);
  return seen;
}

/**
 * The bot scopes each Web API method the bot calls needs (https://docs.slack.dev/reference/methods). A method
 * missing here fails the test below, so a new call cannot ship without its scope being considered.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  // users:read for the call; users:read.email for profile.email, which the sign-in uses.
  'users.info': ['users:read', 'users:read.email'],
  'views.open': [],
  'views.publish': [],
};

const WEB_API_CALL =
  /\.\s*(admin|apps|auth|bookmarks|bots|calls|canvases|chat|conversations|dnd|emoji|files|pins|reactions|reminders|team|usergroups|users|views)\s*\.\s*([a-zA-Z]+)\s*\(/g;

/** The Web API methods called by production code that uses a Slack client (bot/, sync/, core/). */
function webApiMethodsCalled(): Map<string, string[]> {
  const methods = new Map<string, string[]>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
    );
  for (const file of ['bot', 'sync', 'core'].flatMap((dir) => walk(join(ROOT, dir)))) {
    const source = readFileSync(file, 'utf8');
    // Files that hold a Slack client: imported from the SDK, or handed over as the bot's lazy SlackClient.
    if (!/from '@slack\/(web-api|bolt)'|\bSlackClient\b/.test(source)) continue;
    if (/\.apiCall\s*\(/.test(source)) throw new Error(`${file} uses apiCall; name the method so its scope is checked`);
    for (const match of source.matchAll(WEB_API_CALL)) {
      const method = `${match[1]}.${match[2]}`;
      methods.set(method, [...(methods.get(method) ?? []), relative(ROOT, file)]);
    }
  }
  return methods;
}

// ---------------------------------------------------------------------------------------------------------------

describe('manifest.yml against Slack app manifest schema 1.0.0', () => {
  it('is plain YAML with no duplicate keys or parse warnings', () => {
    const doc = parseDocument(manifestText);
    expect(doc.errors.map(String)).toEqual([]);
    expect(doc.warnings.map(String)).toEqual([]);
  });

  it('breaks none of the schema rules for the parts it uses', () => {
    expect(validate(manifest)).toEqual([]);
  });

  it('still meets them once filled with a real URL', () => {
    expect(validate(parse(fillManifest(manifestText, FUNCTION_URL)))).toEqual([]);
  });

  it('is checked by a validator that does catch mistakes', () => {
    const broken = structuredClone(manifest) as unknown as Record<string, Record<string, unknown>>;
    broken.display_information!.name = 'A name far longer than thirty-five characters';
    broken.display_information!.colour = '#fff';
    (broken.features!.slash_commands as Obj[])[0]!.command = 'workspace';
    (broken.features!.slash_commands as Obj[])[0]!.usage_hint = '';
    (broken.oauth_config!.scopes as Obj).bot = ['chat:write', 'chat:writ'];
    (broken.settings!.interactivity as Obj).request_url = 'http://example.com/slack/events';
    (broken.settings!.event_subscriptions as Obj).bot_events = ['app_home_opened', 'app_home_opened'];
    delete (broken.settings!.interactivity as Obj).is_enabled;
    broken.surprise = {};
    expect(validate(broken)).toEqual(
      expect.arrayContaining([
        '(top): unknown key "surprise"',
        'display_information: unknown key "colour"',
        'display_information.name: length 45 is outside 1..35',
        'features.slash_commands[0].command: "workspace" does not match /^\\//',
        'features.slash_commands[0].usage_hint: length 0 is outside 1..1000',
        'oauth_config.scopes.bot[1]: "chat:writ" is not a known name',
        'settings.interactivity.request_url: "http://example.com/slack/events" is not an https URL',
        'settings.interactivity.is_enabled: is required',
        'settings.event_subscriptions.bot_events: has duplicates',
      ]),
    );
  });

  it('points every request URL at the placeholder until it is filled', () => {
    expect(Object.values(requestUrls(manifest))).toEqual([
      `${PLACEHOLDER}${EVENTS_PATH}`,
      `${PLACEHOLDER}${EVENTS_PATH}`,
      `${PLACEHOLDER}${EVENTS_PATH}`,
    ]);
  });
});

describe('manifest.yml agrees with the code', () => {
  const registered = registeredListeners();

  it('declares exactly the slash commands the Bolt app registers', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(registered.commands);
    expect(registered.commands).toEqual(['/workspace']);
  });

  it('escapes the command text, so an admin @mention arrives as a user id', () => {
    expect(manifest.features.slash_commands[0]!.should_escape).toBe(true);
  });

  it('lists every command of the catalog in the usage hint, by the word help shows', () => {
    const hint = String(manifest.features.slash_commands[0]!.usage_hint);
    for (const command of COMMANDS)
      expect([command.words[0], hint]).toEqual([
        command.words[0],
        expect.stringMatching(new RegExp(`\\b${command.words[0]}\\b`)),
      ]);
    expect(hint).toContain('@person');
  });

  it('subscribes to exactly the events registered with app.event', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...registered.events].sort());
  });

  it('turns interactivity on, as the buttons and the terminate modal need', () => {
    expect(registered.actions.length + registered.views.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('enables the Home tab it publishes, and a read-only Messages tab for the DMs it sends', () => {
    expect(registered.events).toContain('app_home_opened');
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: true,
    });
  });

  it('asks for exactly the bot scopes the code needs, and no more', () => {
    const called = webApiMethodsCalled();
    const unmapped = [...called.keys()].filter((method) => !(method in METHOD_SCOPES));
    expect(unmapped).toEqual([]);
    // The methods this manifest was reviewed for are all still called: a removed call may free a scope.
    expect([...called.keys()].sort()).toEqual(Object.keys(METHOD_SCOPES).sort());
    const needed = new Set([...called.keys()].flatMap((method) => METHOD_SCOPES[method] ?? []));
    if (registered.commands.length > 0) needed.add('commands');
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    // The on-call channel is one fixed channel the bot is invited to; it never posts to arbitrary channels.
    expect(manifest.oauth_config.scopes.bot).not.toContain('chat:write.public');
  });
});

describe('npm run manifest (local/tools/slack-manifest.ts)', () => {
  it('fills every placeholder so each URL is <url>/slack/events', () => {
    const filled = fillManifest(manifestText, FUNCTION_URL);
    expect(filled).not.toContain('BOT_URL');
    const expected = 'https://abcd1234efgh5678.lambda-url.us-east-1.on.aws/slack/events';
    expect(Object.values(requestUrls(parse(filled)))).toEqual([expected, expected, expected]);
    // Everything else is unchanged.
    const unfilled = parse(manifestText) as Record<string, unknown>;
    const refilled = parse(filled.split('https://abcd1234efgh5678.lambda-url.us-east-1.on.aws').join(PLACEHOLDER));
    expect(refilled).toEqual(unfilled);
  });

  it('keeps an API Gateway stage path and drops trailing slashes', () => {
    expect(normaliseBotUrl('https://abc.execute-api.eu-west-1.amazonaws.com/prod/')).toBe(
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
    );
  });

  it.each([
    ['http://abcd.lambda-url.us-east-1.on.aws', /https/],
    ['abcd.lambda-url.us-east-1.on.aws', /not a URL/],
    ['https://abcd.lambda-url.us-east-1.on.aws/?x=1', /query/],
    ['https://abcd.lambda-url.us-east-1.on.aws/slack/events', /base URL/],
  ])('refuses %s', (url, message) => {
    expect(() => normaliseBotUrl(url)).toThrow(message);
  });

  it(`reads the "${BOT_URL_OUTPUT}" output of a cdk deploy --outputs-file`, () => {
    const outputs = { WorkSpacesBot: { [BOT_URL_OUTPUT]: FUNCTION_URL, CognitoDomain: 'https://x' }, Other: {} };
    expect(botUrlFromOutputs(outputs)).toBe(FUNCTION_URL);
    expect(() => botUrlFromOutputs({ A: {} })).toThrow(/no stack .* "BotUrl"/);
    const two = { A: { BotUrl: 'https://a.example' }, B: { BotUrl: 'https://b.example' } };
    expect(() => botUrlFromOutputs(two)).toThrow(/--stack/);
    expect(botUrlFromOutputs(two, 'B')).toBe('https://b.example');
  });

  function fakeIo(files: Record<string, string>) {
    const out = { stdout: '', stderr: '', written: {} as Record<string, string> };
    const io: ManifestIo = {
      readFile: (path) => {
        const text = files[path] ?? (path === MANIFEST_FILE ? manifestText : undefined);
        if (text === undefined) throw new Error(`ENOENT: ${path}`);
        return text;
      },
      writeFile: (path, text) => {
        out.written[path] = text;
      },
      stdout: (text) => {
        out.stdout += text;
      },
      stderr: (text) => {
        out.stderr += text;
      },
    };
    return { io, out };
  }

  it('prints the filled manifest and writes nothing', () => {
    const { io, out } = fakeIo({});
    expect(main(['--url', FUNCTION_URL], io)).toBe(0);
    expect(out.stdout).toBe(fillManifest(manifestText, FUNCTION_URL));
    expect(out.written).toEqual({});
  });

  it('takes the URL from a CDK outputs file and writes to --out', () => {
    const outputsPath = resolve('cdk-outputs.json');
    const { io, out } = fakeIo({ [outputsPath]: JSON.stringify({ WorkSpacesBot: { BotUrl: FUNCTION_URL } }) });
    expect(main(['--outputs', 'cdk-outputs.json', '--out', '/tmp/slack-manifest.yml'], io)).toBe(0);
    expect(out.written['/tmp/slack-manifest.yml']).toBe(fillManifest(manifestText, FUNCTION_URL));
  });

  it('never overwrites manifest.yml, and explains what it needs', () => {
    const { io, out } = fakeIo({});
    expect(main(['--url', FUNCTION_URL, '--out', MANIFEST_FILE], io)).toBe(64);
    expect(out.written).toEqual({});
    expect(main([], io)).toBe(64);
    expect(main(['--url', FUNCTION_URL, '--outputs', 'x.json'], io)).toBe(64);
    expect(main(['--nope'], io)).toBe(64);
    expect(out.stderr).toContain('exactly one of --url and --outputs');
    expect(out.stderr).toContain('Usage: npm run manifest');
  });
});
