/**
 * `npm run teams-package`: the zip it writes holds manifest.json and both icons at its root, the manifest is valid
 * against the Teams schema that @microsoft/app-manifest bundles (checked offline: any network call fails the test),
 * and bad arguments get a clear message and no file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { appIdForBot } from '../bot/teams/app-package/ids';
import { MANIFEST_VERSION, SCHEMA_URL, type TeamsManifest } from '../bot/teams/app-package/manifest';
import { ICON_FILES, iconProblem } from '../bot/teams/app-package/package';
import { appVersion, DEFAULT_OUT, main, type TeamsPackageIo } from '../local/tools/teams-package';

const ROOT = join(__dirname, '..');
const BOT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const URL_ = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const SCHEMA_FILE = require.resolve(
  `@microsoft/app-manifest/build/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
);
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));

let dir: string;
const realFetch = globalThis.fetch;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
  // Offline: the validator must find the schema in the package, never on the network.
  globalThis.fetch = (async (url: unknown) => {
    throw new Error(`no network in this test: ${String(url)}`);
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
  rmSync(dir, { recursive: true, force: true });
});

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: TeamsPackageIo = {
    writeFile: (path, bytes) => writeFileSync(path, bytes),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  return { code: main(argv, io), stdout, stderr };
}

function unzip(file: string): { names: string[]; manifest: TeamsManifest; files: Record<string, Uint8Array> } {
  const files = unzipSync(readFileSync(file));
  const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as TeamsManifest;
  return { names: Object.keys(files).sort(), manifest, files };
}

async function schemaErrors(manifest: TeamsManifest): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest, schema);
}

describe('npm run teams-package', () => {
  it('writes manifest.json and both icons at the root of the zip; the manifest is valid against the v1.30 schema', async () => {
    const out = join(dir, 'app.zip');
    const result = run(['--bot-id', BOT_ID, '--url', URL_, '--out', out]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain(`Wrote ${out}: Teams app ${appIdForBot(BOT_ID)} version ${appVersion()}`);
    const { names, manifest, files } = unzip(out);
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(await schemaErrors(manifest)).toEqual([]);
    // The same check by the manifest's own $schema, which the package resolves to its bundled copy (fetch fails here).
    expect(manifest.$schema).toBe(SCHEMA_URL);
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      manifestVersion: '1.30',
      id: appIdForBot(BOT_ID),
      version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'], supportsFiles: false }],
      validDomains: ['a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com'],
    });
    // The icons in the zip are the committed ones, and Teams would take them.
    for (const kind of ['color', 'outline'] as const) {
      expect(Buffer.from(files[`${kind}.png`]!).equals(readFileSync(ICON_FILES[kind]))).toBe(true);
      expect(iconProblem(kind, files[`${kind}.png`]!)).toBeUndefined();
    }
    expect(result.stderr).toContain(`--website-url, --privacy-url, --terms-url not given`);
  });

  it('is a manifest the schema would refuse if it were wrong (the validation itself works)', async () => {
    const out = join(dir, 'app.zip');
    expect(run(['--bot-id', BOT_ID, '--url', URL_, '--out', out]).code).toBe(0);
    const { manifest } = unzip(out);
    const broken = { ...manifest, accentColor: 'navy', bots: [{ ...manifest.bots![0]!, scopes: ['everyone'] }] };
    const errors = await schemaErrors(broken as never);
    expect(errors.join('\n')).toMatch(/accentColor/);
    expect(errors.join('\n')).toMatch(/scopes/);
  });

  it('takes the app id and the developer from options, and makes the same bytes for the same input', () => {
    const args = [
      '--bot-id',
      BOT_ID.toUpperCase(),
      '--url',
      `${URL_}/`,
      '--app-id',
      'a1b2c3d4-0000-4000-8000-000000000001',
      '--developer-name',
      'Contoso IT',
      '--website-url',
      'https://it.contoso.test/workspaces',
      '--privacy-url',
      'https://it.contoso.test/privacy',
      '--terms-url',
      'https://it.contoso.test/terms',
    ];
    const first = join(dir, 'first.zip');
    const second = join(dir, 'second.zip');
    const result = run([...args, '--out', first]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('not given');
    expect(run([...args, '--out', second]).code).toBe(0);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
    const { manifest } = unzip(first);
    expect(manifest.id).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(manifest.bots![0]!.botId).toBe(BOT_ID);
    expect(manifest.developer).toEqual({
      name: 'Contoso IT',
      websiteUrl: 'https://it.contoso.test/workspaces',
      privacyUrl: 'https://it.contoso.test/privacy',
      termsOfUseUrl: 'https://it.contoso.test/terms',
    });
  });

  it.each([
    [['--url', URL_], /--bot-id is required/],
    [['--bot-id', BOT_ID], /--url is required/],
    [['--bot-id', 'my-bot', '--url', URL_], /bot id "my-bot" is not a GUID/],
    [['--bot-id', BOT_ID, '--url', 'http://bot.contoso.test'], /Teams only talks to a bot over https/],
    [['--bot-id', BOT_ID, '--url', `${URL_}/teams/messages`], /give the bot's base URL \(the BotUrl output\)/],
    [['--bot-id', BOT_ID, '--url', 'not a url'], /"not a url" is not a URL/],
    [['--bot-id', BOT_ID, '--url', URL_, '--app-id', 'x'], /app id "x" is not a GUID/],
    [['--bot-id', BOT_ID, '--url', URL_, '--terms-url', 'ftp://x.test'], /terms of use URL .* https/],
    [['--bot-id', BOT_ID, '--url', URL_, '--colour', 'red'], /Unknown option '--colour'/],
  ])('refuses %j with a clear message and the usage, writing nothing', (argv, message) => {
    const out = join(dir, 'app.zip');
    const result = run([...argv, '--out', out]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: npm run teams-package');
    expect(existsSync(out)).toBe(false);
  });

  it('says where it could not write, with exit code 1', () => {
    const result = run(['--bot-id', BOT_ID, '--url', URL_, '--out', join(dir, 'missing', 'app.zip')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*missing/);
  });

  it('prints its usage with --help', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--bot-id');
    expect(result.stdout).toContain(DEFAULT_OUT);
  });

  it('runs as the npm script, into the given file', async () => {
    const out = join(dir, 'from-npm.zip');
    execFileSync('npm', ['run', '-s', 'teams-package', '--', '--bot-id', BOT_ID, '--url', URL_, '--out', out], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const { names, manifest } = unzip(out);
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(await schemaErrors(manifest)).toEqual([]);
  }, 60_000);
});
