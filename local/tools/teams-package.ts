/**
 * `npm run teams-package -- --bot-id <Azure Bot app id> --url <bot's https URL> [--out file.zip]`: writes the Teams app
 * package (manifest.json and the two icons) for one deployment, ready for the Teams admin center or "Upload a custom
 * app". The manifest is built by bot/teams/app-package/manifest.ts; this only reads the command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppPackageError, DEFAULT_DEVELOPER_NAME, type Developer } from '../../bot/teams/app-package/manifest';
import { buildAppPackage } from '../../bot/teams/app-package/package';

export const DEFAULT_OUT = 'workspaces-bot-teams.zip';
const PACKAGE_JSON = resolve(__dirname, '..', '..', 'package.json');

const USAGE = `Usage: npm run teams-package -- --bot-id <app id> --url <https url> [--out <file.zip>]
                                 [--app-id <guid>] [--developer-name <name>]
                                 [--website-url <url>] [--privacy-url <url>] [--terms-url <url>]

Writes the Teams app package: manifest.json, color.png and outline.png at the root of a zip.

  --bot-id          the Azure Bot's Microsoft App ID (a GUID), the stack's teamsAppId
  --url             the bot's base URL, the stack output BotUrl (https://<id>.execute-api.<region>.amazonaws.com)
  --out             where to write the zip (default: ${DEFAULT_OUT})
  --app-id          the Teams app's id (a GUID); default: derived from the bot id, the same for every build
  --developer-name  who publishes the app, at most 32 characters (default: "${DEFAULT_DEVELOPER_NAME}")
  --website-url, --privacy-url, --terms-url
                    your organisation's pages for the app's details, https; default: the bot's URL`;

export interface TeamsPackageIo {
  writeFile(path: string, bytes: Uint8Array): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

const nodeIo: TeamsPackageIo = {
  writeFile: (path, bytes) => writeFileSync(path, bytes),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The app's version: package.json's, so each release of the bot is a new version of the Teams app. */
export function appVersion(): string {
  return (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

/** The command line; returns the exit code (64 for bad arguments). */
export function main(argv: string[], io: TeamsPackageIo = nodeIo): number {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        'bot-id': { type: 'string' },
        url: { type: 'string' },
        out: { type: 'string' },
        'app-id': { type: 'string' },
        'developer-name': { type: 'string' },
        'website-url': { type: 'string' },
        'privacy-url': { type: 'string' },
        'terms-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const botId = values['bot-id'];
    const url = values.url;
    if (botId === undefined) throw new AppPackageError("--bot-id is required: the Azure Bot's Microsoft App ID");
    if (url === undefined) throw new AppPackageError("--url is required: the bot's base URL (the BotUrl output)");
    const developer: Partial<Developer> = {
      ...(values['developer-name'] !== undefined ? { name: values['developer-name'] } : {}),
      ...(values['website-url'] !== undefined ? { websiteUrl: values['website-url'] } : {}),
      ...(values['privacy-url'] !== undefined ? { privacyUrl: values['privacy-url'] } : {}),
      ...(values['terms-url'] !== undefined ? { termsOfUseUrl: values['terms-url'] } : {}),
    };
    const { manifest, zip } = buildAppPackage({
      botId,
      botUrl: url,
      version: appVersion(),
      developer,
      ...(values['app-id'] !== undefined ? { appId: values['app-id'] } : {}),
    });
    const out = resolve(values.out ?? DEFAULT_OUT);
    try {
      io.writeFile(out, zip);
    } catch (error) {
      io.stderr(`teams-package: cannot write ${out}: ${(error as Error).message}\n`);
      return 1;
    }
    io.stderr(
      `Wrote ${out}: Teams app ${manifest.id} version ${manifest.version} for bot ${botId.toLowerCase()} at ` +
        `${manifest.validDomains?.[0]}\n`,
    );
    const defaulted = (['website-url', 'privacy-url', 'terms-url'] as const).filter(
      (name) => values[name] === undefined,
    );
    if (defaulted.length) {
      const names = defaulted.map((name) => `--${name}`).join(', ');
      io.stderr(`${names} not given: the app's details link to ${manifest.developer.websiteUrl} instead.\n`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof AppPackageError || isArgsError(error);
    io.stderr(`teams-package: ${message}\n${usage ? `\n${USAGE}\n` : ''}`);
    return usage ? 64 : 1;
  }
}

function isArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
