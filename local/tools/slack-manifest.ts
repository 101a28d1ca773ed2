/**
 * `npm run manifest -- --url https://<id>.execute-api.<region>.amazonaws.com` (or `--outputs cdk-outputs.json`):
 * prints manifest.yml with its `https://BOT_URL` placeholders replaced by the bot's public URL, ready to paste
 * into Slack's "Create an app > From an app manifest". manifest.yml itself is never changed.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { isRecord } from '../json';

/** What manifest.yml holds where the bot's base URL goes. */
export const PLACEHOLDER = 'https://BOT_URL';
const PLACEHOLDER_HOST = 'BOT_URL';
/** The one route that serves slash commands, interactivity and events (bot/app.ts). */
export const EVENTS_PATH = '/slack/events';
/** The CDK stack output holding the bot's base URL (its HTTP API's endpoint); `cdk deploy --outputs-file` writes it. */
export const BOT_URL_OUTPUT = 'BotUrl';
export const MANIFEST_FILE = resolve(__dirname, '..', '..', 'manifest.yml');

const USAGE = `Usage: npm run manifest -- (--url <https url> | --outputs <cdk-outputs.json> [--stack <name>])
                            [--manifest <file>] [--out <file>]

Prints manifest.yml with every ${PLACEHOLDER} replaced by the bot's URL, so that the slash command,
interactivity and events all point at <url>${EVENTS_PATH}.

  --url       the bot's base URL, e.g. https://abcd1234.execute-api.us-east-1.amazonaws.com
  --outputs   a file written by \`cdk deploy --outputs-file\`; the URL is the stack output "${BOT_URL_OUTPUT}"
  --stack     which stack's "${BOT_URL_OUTPUT}" to use when the outputs file has several
  --manifest  the manifest to fill (default: manifest.yml at the repository root)
  --out       write the filled manifest to this file instead of stdout (never manifest.yml itself)`;

export class ManifestToolError extends Error {
  override name = 'ManifestToolError';
}

/**
 * The bot's base URL as the manifest needs it: https, no query or fragment, no trailing slash.
 * A path is kept, for an API Gateway stage (`https://abc.execute-api.eu-west-1.amazonaws.com/prod`).
 */
export function normaliseBotUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ManifestToolError(`"${raw}" is not a URL; expected https://<id>.execute-api.<region>.amazonaws.com`);
  }
  if (url.protocol !== 'https:') throw new ManifestToolError(`"${raw}": Slack only calls https URLs`);
  if (url.search || url.hash) throw new ManifestToolError(`"${raw}": the bot URL takes no query or fragment`);
  if (url.username || url.password) throw new ManifestToolError(`"${raw}": the bot URL takes no credentials`);
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(EVENTS_PATH)) {
    throw new ManifestToolError(`"${raw}": give the base URL; ${EVENTS_PATH} is added to it`);
  }
  return `${url.origin}${path}`;
}

/** The "BotUrl" output from a `cdk deploy --outputs-file` file: `{ "<stack>": { "BotUrl": "https://..." } }`. */
export function botUrlFromOutputs(outputs: unknown, stack?: string): string {
  if (!isRecord(outputs)) throw new ManifestToolError('the CDK outputs file is not a JSON object of stacks');
  const found = Object.entries(outputs).flatMap(([name, values]) =>
    isRecord(values) && typeof values[BOT_URL_OUTPUT] === 'string'
      ? [{ name, url: values[BOT_URL_OUTPUT] as string }]
      : [],
  );
  const stacks = Object.keys(outputs).join(', ') || 'none';
  if (stack !== undefined) {
    const match = found.find((entry) => entry.name === stack);
    if (!match) throw new ManifestToolError(`stack "${stack}" has no "${BOT_URL_OUTPUT}" output (stacks: ${stacks})`);
    return match.url;
  }
  const [first, ...others] = found;
  if (!first)
    throw new ManifestToolError(`no stack in the CDK outputs has a "${BOT_URL_OUTPUT}" output (stacks: ${stacks})`);
  if (others.length > 0) {
    const names = found.map((entry) => entry.name).join(', ');
    throw new ManifestToolError(`several stacks have a "${BOT_URL_OUTPUT}" output (${names}); choose one with --stack`);
  }
  return first.url;
}

/** The request URLs of a parsed manifest, by where they sit in it. */
export function requestUrls(manifest: unknown): Record<string, unknown> {
  const root = isRecord(manifest) ? manifest : {};
  const features = isRecord(root.features) ? root.features : {};
  const settings = isRecord(root.settings) ? root.settings : {};
  const commands = Array.isArray(features.slash_commands) ? features.slash_commands : [];
  const urls: Record<string, unknown> = {};
  commands.forEach((command, i) => {
    urls[`features.slash_commands[${i}].url`] = isRecord(command) ? command.url : undefined;
  });
  for (const section of ['event_subscriptions', 'interactivity']) {
    const value = settings[section];
    urls[`settings.${section}.request_url`] = isRecord(value) ? value.request_url : undefined;
  }
  return urls;
}

/**
 * manifest.yml's text with the placeholder replaced by the bot's URL. The leading comment block (which tells
 * people not to paste the unfilled file) becomes a note of where the filled copy came from; every other
 * comment and the layout are kept. Throws unless the result parses, no placeholder is left, and every request
 * URL is exactly `<url>/slack/events`.
 */
export function fillManifest(manifestText: string, botUrl: string): string {
  const base = normaliseBotUrl(botUrl);
  const lines = manifestText.split('\n');
  const bodyStart = lines.findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const body = lines.slice(Math.max(bodyStart, 0)).join('\n');
  if (!body.includes(PLACEHOLDER)) throw new ManifestToolError(`the manifest has no ${PLACEHOLDER} to fill`);
  const header = [
    `# Slack app manifest for ${base}, filled from manifest.yml by \`npm run manifest\`.`,
    '# Paste it into https://api.slack.com/apps > Create New App > From an app manifest.',
  ];
  const filled = `${header.join('\n')}\n${body.split(PLACEHOLDER).join(base)}`;
  if (filled.includes(PLACEHOLDER_HOST)) {
    throw new ManifestToolError(`${PLACEHOLDER_HOST} is left in the filled manifest outside a request URL`);
  }
  const expected = `${base}${EVENTS_PATH}`;
  const wrong = Object.entries(requestUrls(parse(filled))).filter(([, url]) => url !== expected);
  if (wrong.length > 0) {
    const list = wrong.map(([where, url]) => `${where} = ${String(url)}`).join('; ');
    throw new ManifestToolError(`after filling, these URLs are not ${expected}: ${list}`);
  }
  return filled;
}

export interface ManifestIo {
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

const nodeIo: ManifestIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => writeFileSync(path, text),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The command line; returns the exit code. */
export function main(argv: string[], io: ManifestIo = nodeIo): number {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        outputs: { type: 'string' },
        stack: { type: 'string' },
        manifest: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if ((values.url === undefined) === (values.outputs === undefined)) {
      throw new ManifestToolError('give exactly one of --url and --outputs');
    }
    if (values.stack !== undefined && values.outputs === undefined) {
      throw new ManifestToolError('--stack goes with --outputs');
    }
    const botUrl =
      values.url ?? botUrlFromOutputs(readJson(io, values.outputs as string, 'the CDK outputs file'), values.stack);
    const manifestPath = resolve(values.manifest ?? MANIFEST_FILE);
    const filled = fillManifest(io.readFile(manifestPath), botUrl);
    if (values.out === undefined) {
      io.stdout(filled);
      return 0;
    }
    const outPath = resolve(values.out);
    if (outPath === manifestPath || outPath === MANIFEST_FILE) {
      throw new ManifestToolError(`--out must not be ${outPath}: the manifest keeps its placeholders`);
    }
    io.writeFile(outPath, filled);
    io.stderr(`Wrote ${outPath} (request URLs: ${normaliseBotUrl(botUrl)}${EVENTS_PATH})\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`slack-manifest: ${message}\n\n${USAGE}\n`);
    return error instanceof ManifestToolError || isArgsError(error) ? 64 : 1;
  }
}

function readJson(io: ManifestIo, path: string, what: string): unknown {
  let text: string;
  try {
    text = io.readFile(resolve(path));
  } catch (error) {
    throw new ManifestToolError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ManifestToolError(`${what} ${path} is not JSON`);
  }
}

function isArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
