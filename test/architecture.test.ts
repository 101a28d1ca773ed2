/**
 * The layers the design keeps (ARCHITECTURE.md, "Shape of the code"), read from every import in the source: core/
 * and bot/views/ know no chat platform, sync/ never reaches into the bot, core/ never into bot/ or sync/, and
 * botbuilder lives only under bot/teams/. Each rule is also checked against a file made to break it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** Every module a file imports (static, dynamic, type-only or require), relative ones resolved to repo paths. */
function importsOf(file: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ].map((match) => match[1]!);
  return specifiers.map((spec) =>
    spec.startsWith('.') ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)) : spec,
  );
}

interface Rule {
  name: string;
  /** The files the rule governs. */
  applies: (file: string) => boolean;
  /** An import that breaks it. */
  forbidden: (imported: string) => boolean;
}

const PLATFORM_SDK = (imported: string) => /^(@slack\/|botbuilder|botframework-|@microsoft\/)/.test(imported);
const under = (dir: string) => (file: string) => file === dir || file.startsWith(`${dir}/`);

const RULES: Rule[] = [
  { name: 'core/ imports no chat platform SDK', applies: under('core'), forbidden: PLATFORM_SDK },
  { name: 'bot/views/ imports no chat platform SDK', applies: under('bot/views'), forbidden: PLATFORM_SDK },
  { name: 'bot/chat/ imports no chat platform SDK', applies: under('bot/chat'), forbidden: PLATFORM_SDK },
  {
    name: 'core/ imports nothing from bot/ or sync/',
    applies: under('core'),
    forbidden: (i) => /^(bot|sync)\//.test(i),
  },
  { name: 'sync/ imports nothing from bot/', applies: under('sync'), forbidden: under('bot') },
  {
    name: 'botbuilder is imported only under bot/teams/',
    // The Teams benchmark's yardstick is a bare botbuilder bundle (bench/teams.ts): measuring, not the product.
    applies: (file) => !under('bot/teams')(file) && !under('test')(file) && !under('bench')(file),
    forbidden: (imported) => /^(botbuilder|botframework-)/.test(imported),
  },
];

function violations(files: { file: string; source: string }[]): string[] {
  return files.flatMap(({ file, source }) =>
    RULES.filter((rule) => rule.applies(file)).flatMap((rule) =>
      importsOf(file, source)
        .filter((imported) => rule.forbidden(imported))
        .map((imported) => `${file} imports ${imported}: ${rule.name}`),
    ),
  );
}

describe('layers', () => {
  it('hold for every source file', () => {
    const files = ['core', 'bot', 'sync', 'infra', 'local', 'bench'].flatMap(sourceFiles).map((file) => ({
      file,
      source: readFileSync(path.join(ROOT, file), 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it.each([
    ['core/policy.ts', "import type { App } from '@slack/bolt';"],
    ['bot/views/fleet.ts', "const { WebClient } = require('@slack/web-api');"],
    ['core/actions.ts', "import { render } from '../bot/slack/render/message';"],
    ['sync/reaper.ts', "import { oncallChannels } from '../bot/oncall';"],
    ['sync/scanner.ts', "const bot = await import('../bot/app');"],
    ['bot/slack/app.ts', "import { CloudAdapter } from 'botbuilder';"],
    ['bot/chat/port.ts', "import type { TurnContext } from 'botbuilder';"],
  ])('catch %s importing what it must not: %s', (file, line) => {
    expect(violations([{ file, source: `${line}\n` }]).length).toBeGreaterThanOrEqual(1);
  });
});
