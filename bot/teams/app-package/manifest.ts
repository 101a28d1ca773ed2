/**
 * The Teams app manifest (manifest.json, schema v1.30) for one deployment: its Azure Bot's app id and the bot's public
 * URL go in, everything else comes from the bot itself: the command menu from the command catalogue, the version from
 * package.json, the wording of what the app does from the default roles. Pure: `npm run teams-package` zips it.
 */
import type { TeamsManifestV1D30 } from '@microsoft/app-manifest';
import { DEFAULT_ROLE_ACTIONS } from '../../../core/policy';
import { COMMANDS, type CommandInfo, type CommandName, usageOf } from '../../commands/catalog';
import { orList } from '../../views/words';
import { ACCENT_COLOR } from './icons';
import { appIdForBot, isGuid } from './ids';

export type TeamsManifest = TeamsManifestV1D30.TeamsManifestV1D30;

/** The newest manifest schema @microsoft/app-manifest ships (and validates offline); changing it is this one line. */
export const MANIFEST_VERSION = '1.30' satisfies TeamsManifest['manifestVersion'];
export const SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

/** The app's name in Teams: the same as the Slack app's (manifest.yml `display_information.name`). */
export const APP_NAME = 'WorkSpaces Bot';

/** The names of the icon files inside the package, as the manifest refers to them. */
export const ICON_NAMES = { color: 'color.png', outline: 'outline.png' } as const;

/**
 * What Teams accepts in a bot's command list (stricter than the schema): at most 10 commands, a title of at most 32
 * characters and a description of at most 128 (Microsoft Learn, "Create a bot commands menu").
 */
export const COMMAND_MENU_LIMITS = { commands: 10, title: 32, description: 128 } as const;

/**
 * The commands left out of Teams' command menu, since at most 10 fit, and why. They work all the same when typed,
 * and help lists them to whoever may use them.
 */
export const NOT_IN_MENU: Readonly<Partial<Record<CommandName, string>>> = {
  terminate: 'it deletes a WorkSpace for good and takes its id: typed on purpose, never picked from a menu',
  restore: 'admins only by default (USER_ACTIONS), and rare: it asks first anyway',
  unlink: 'rarely needed; help lists it',
  oncall: 'admins only, and typed in the very channel that is to get the reports',
  alerts: 'set once (on or off); help lists it',
  whoami: 'rarely needed; help lists it',
};

export class AppPackageError extends Error {
  override name = 'AppPackageError';
}

/** Who publishes the app, as the Teams admin center and the app's details show it. */
export interface Developer {
  name: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
}

/** The developer's name when none is given: the organisation that deploys the bot, without naming anyone. */
export const DEFAULT_DEVELOPER_NAME = 'Your IT department';

export interface ManifestInput {
  /** The Azure Bot's Microsoft App ID (a GUID), which is also TEAMS_APP_ID. */
  botId: string;
  /** The bot's public base URL (the stack's BotUrl output), https. */
  botUrl: string;
  /** The app's version, semver (package.json's). */
  version: string;
  /** The Teams app id; default: derived from the bot id (appIdForBot). */
  appId?: string;
  /** Default: DEFAULT_DEVELOPER_NAME, and the bot's URL for the three pages. */
  developer?: Partial<Developer>;
}

/** The bot's base URL, checked: https, no credentials, query or fragment, no trailing slash. */
export function checkedBotUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppPackageError(`"${raw}" is not a URL; expected https://<id>.execute-api.<region>.amazonaws.com`);
  }
  if (url.protocol !== 'https:') throw new AppPackageError(`"${raw}": Teams only talks to a bot over https`);
  if (url.username || url.password || url.search || url.hash) {
    throw new AppPackageError(`"${raw}": the bot's URL takes no credentials, query or fragment`);
  }
  if (/\/teams\/messages\/?$/.test(url.pathname)) {
    throw new AppPackageError(`"${raw}": give the bot's base URL (the BotUrl output); /teams/messages is its endpoint`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function checkedPage(what: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppPackageError(`${what} "${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new AppPackageError(`${what} "${raw}" must be an https URL`);
  return url.href;
}

/** restart, start, stop, rebuild: what users may do by default, in the words they type. */
export function userActionWords(): string[] {
  return COMMANDS.filter(
    (command) => command.audience.kind === 'action' && DEFAULT_ROLE_ACTIONS.user.has(command.audience.action),
  ).map((command) => command.words[0]!);
}

/** What the app does, in the app's details: the default roles' actions, and no promise Teams cannot keep. */
export function appDescription(): TeamsManifest['description'] {
  const words = userActionWords();
  const actions = `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return {
    short: `See, ${actions} your Amazon WorkSpaces from Teams`,
    full:
      `${APP_NAME} lets people manage their Amazon WorkSpaces cloud desktops without leaving Teams. Chat with it, ` +
      'or @mention it in a channel or group chat. "list" shows your WorkSpaces with their state, region, ' +
      `registration code, running mode, IP address and last connection, with buttons to ${orList(words)} one. ` +
      'Admins type "fleet" for counts by state and region, the WorkSpaces that need attention, and a paged list ' +
      'of the whole fleet. Who is a user and who is an admin comes from your Active Directory groups: the first ' +
      `time, "link" signs you in through your company's single sign-on. "help" lists what you may do.`,
  };
}

/** Where help's own description ("This list") would not make sense in a menu that is itself a list. */
const MENU_DESCRIPTIONS: Readonly<Partial<Record<CommandName, string>>> = {
  help: 'The commands you may use, with what each does',
};

/** A command as Teams' menu shows it: its word, and its usage (with the arguments it takes) and what it does. */
function menuEntry(command: CommandInfo): { title: string; description: string } {
  const title = command.words[0]!;
  const usage = usageOf(command.name, command.audience.kind === 'admin');
  const description = MENU_DESCRIPTIONS[command.name] ?? command.description;
  return { title, description: usage === title ? description : `${usage} — ${description}` };
}

/** Teams' command menu: the catalogue's commands in help's order, but those NOT_IN_MENU; throws past Teams' limits. */
export function commandMenu(commands: readonly CommandInfo[] = COMMANDS): { title: string; description: string }[] {
  const menu = commands.filter((command) => !(command.name in NOT_IN_MENU)).map(menuEntry);
  if (menu.length > COMMAND_MENU_LIMITS.commands) {
    throw new AppPackageError(
      `${menu.length} commands for Teams' menu, which takes ${COMMAND_MENU_LIMITS.commands}: add some to NOT_IN_MENU`,
    );
  }
  for (const { title, description } of menu) {
    if (title.length > COMMAND_MENU_LIMITS.title || description.length > COMMAND_MENU_LIMITS.description) {
      throw new AppPackageError(
        `the menu entry "${title}" is longer than Teams allows (title ${COMMAND_MENU_LIMITS.title}, description ${COMMAND_MENU_LIMITS.description})`,
      );
    }
  }
  return menu;
}

/** The scopes the bot works in: a personal chat, a team's channels and group chats (there by @mention). */
export const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;

/** manifest.json for one deployment; throws an AppPackageError naming what is wrong with the input. */
export function buildManifest(input: ManifestInput): TeamsManifest {
  if (!isGuid(input.botId)) {
    throw new AppPackageError(
      `bot id "${input.botId}" is not a GUID; expected the Azure Bot's Microsoft App ID, such as 00000000-0000-0000-0000-000000000000`,
    );
  }
  const botId = input.botId.toLowerCase();
  if (input.appId !== undefined && !isGuid(input.appId)) {
    throw new AppPackageError(`app id "${input.appId}" is not a GUID`);
  }
  if (!/^\d+\.\d+\.\d+$/.test(input.version)) {
    throw new AppPackageError(`version "${input.version}" is not major.minor.patch, as Teams requires`);
  }
  const url = checkedBotUrl(input.botUrl);
  const base = `${url.origin}${url.pathname}`;
  const given = input.developer ?? {};
  const name = (given.name ?? DEFAULT_DEVELOPER_NAME).trim();
  if (!name || name.length > 32) throw new AppPackageError(`developer name "${name}" must be 1 to 32 characters`);
  const websiteUrl = checkedPage('website URL', given.websiteUrl ?? base);
  return {
    $schema: SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id: (input.appId ?? appIdForBot(botId)).toLowerCase(),
    developer: {
      name,
      websiteUrl,
      privacyUrl: checkedPage('privacy URL', given.privacyUrl ?? websiteUrl),
      termsOfUseUrl: checkedPage('terms of use URL', given.termsOfUseUrl ?? websiteUrl),
    },
    name: { short: APP_NAME, full: `${APP_NAME} for Amazon WorkSpaces` },
    description: appDescription(),
    icons: { color: ICON_NAMES.color, outline: ICON_NAMES.outline },
    accentColor: ACCENT_COLOR,
    bots: [
      {
        botId,
        scopes: [...BOT_SCOPES],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: [...BOT_SCOPES], commands: commandMenu() }],
      },
    ],
    // Cards open the sign-in page (<url>/auth/start) from here. No webApplicationInfo: the bot signs people in
    // through Cognito and AD FS, not Teams single sign-on, so it asks for no Entra ID token.
    validDomains: [url.host],
  };
}
