/**
 * The bundle half of the chat benchmarks (bench/slack.ts, bench/teams.ts): a Lambda entry point built with esbuild
 * as CDK's NodejsFunction builds it with the stack's own settings, a bare bundle of its SDK built the same way as the
 * yardstick, the cold init of each (the `require()` of the bundle in a fresh `node`, medians of interleaved runs),
 * and, when a target is missed, what explains the size and the init.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { BUNDLING } from '../infra/lib/constructs/handler-function';
import { type BenchIO, percentile, round } from './harness';

const ROOT = path.resolve(__dirname, '..');

/**
 * What CDK's NodejsFunction runs with the stack's own bundling settings (infra/lib/constructs/handler-function.ts
 * BUNDLING): esbuild --bundle --platform=node --format=cjs and the same target, minification, external source map
 * without sources, and the AWS SDK bundled in (bundleAwsSDK) or left to the runtime.
 */
const NODEJS_FUNCTION: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: BUNDLING.target,
  format: 'cjs',
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap ? 'external' : false,
  sourcesContent: BUNDLING.sourcesContent,
  external: BUNDLING.bundleAwsSDK ? [] : ['@aws-sdk/*'],
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: ROOT,
};

export interface Bundle {
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** Where a bundle's code comes from: an entry point of the repository, or a few lines of JavaScript. */
export type BundleSource = { entry: string } | { contents: string };

/** Builds `source` into `<dir>/<name>/index.js`. */
export async function bundle(dir: string, name: string, source: BundleSource): Promise<Bundle> {
  const outfile = path.join(dir, name, 'index.js');
  const input: BuildOptions =
    'entry' in source
      ? { entryPoints: [path.join(ROOT, source.entry)] }
      : { stdin: { contents: source.contents, resolveDir: ROOT, sourcefile: `${name}-entry.js`, loader: 'js' } };
  const result = await build({ ...NODEJS_FUNCTION, ...input, outfile });
  if (!result.metafile) throw new Error('esbuild returned no metafile');
  // The .js file alone: the source map is uploaded beside it but never loaded.
  return { file: outfile, bytes: (await stat(outfile)).size, metafile: result.metafile };
}

/** One chat function's bundle against its bare yardstick, as a benchmark describes them. */
export interface BundleBench {
  /** Who is measured, for the stderr lines: `slack`, `teams`. */
  name: string;
  /** The entry point, from the repository root: `bot/lambda/http.ts`. */
  entry: string;
  /** The least a function on the same SDK must load and build: the yardstick of init_ratio. */
  bare: { label: string; contents: string };
  /** A deployed function's environment (secrets named, worker named), beside the bundle's common one. */
  env: Record<string, string>;
  /** The bot's modules loaded by one require, its handler built by calling the export: explains a missed init. */
  split: string;
  initRuns: number;
}

export interface BundleTimes {
  app: Bundle;
  bare: Bundle;
  init: InitTimes;
}

/** Builds both bundles, then times their cold init, before anything else runs on the machine. */
export async function measureBundles(spec: BundleBench, dir: string, io: BenchIO): Promise<BundleTimes> {
  const app = await bundle(dir, 'app', { entry: spec.entry });
  const bare = await bundle(dir, 'bare', { contents: spec.bare.contents });
  io.err(
    `${spec.name} bench: bundle ${formatBytes(app.bytes)} (${spec.bare.label}: ${formatBytes(bare.bytes)}); ` +
      (BUNDLING.bundleAwsSDK ? 'the AWS SDK bundled in, as the stack deploys it' : 'the AWS SDK left to the runtime'),
  );
  io.err(`    largest parts: ${formatParts(bundleParts(app.metafile, app.file).slice(0, 8))}`);
  const init = await measureInit(app.file, bare.file, spec);
  io.err(
    `    cold init, median of ${spec.initRuns} fresh processes: ${round(init.app)} ms (runs ${formatRuns(init.appRuns)}); ` +
      `bare ${round(init.bare)} ms (runs ${formatRuns(init.bareRuns)})`,
  );
  return { app, bare, init };
}

/** What a missed bundle or init target prints after the JSON line. */
export async function explainBundles(
  spec: BundleBench,
  measured: BundleTimes,
  missed: { bundle: boolean; init: boolean },
  dir: string,
  io: BenchIO,
): Promise<void> {
  if (missed.bundle)
    io.err(`    bundle by package: ${formatParts(bundleParts(measured.app.metafile, measured.app.file))}`);
  if (missed.init) await explainInit(spec, measured, dir, io);
}

/** Bytes in the bundle by package (node_modules) or by top-level source folder, largest first. */
function bundleParts(metafile: Metafile, file: string): [string, number][] {
  const output = Object.entries(metafile.outputs).find(([name]) => path.resolve(ROOT, name) === file)?.[1];
  if (!output) throw new Error(`the metafile does not describe ${file}`);
  const parts = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/')[0]!;
    parts.set(pkg, (parts.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...parts].sort(([, a], [, b]) => b - a);
}

/** The environment of a deployed function: the sign-in, the tables and the worker named, source maps on. */
function lambdaEnv(spec: BundleBench): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    TABLE_PREFIX: 'workspaces-bot',
    AUTH_CLIENT_ID: 'bench-client',
    AUTH_DOMAIN_URL: 'https://auth.bench.invalid',
    AUTH_ISSUER: 'https://issuer.bench.invalid',
    PUBLIC_URL: 'https://bench.execute-api.us-east-1.amazonaws.com',
    WORKER_FUNCTION_NAME: 'workspaces-bot-worker',
    ...spec.env,
  };
}

/** Runs in a fresh node: the time of `require(bundle)`, which loads every module and builds the handler. */
const INIT_PROBE = `
const { performance } = require('node:perf_hooks');
const file = process.argv[1];
const started = performance.now();
const loaded = require(file);
const ms = performance.now() - started;
if (typeof loaded.handler !== 'function') throw new Error(file + ' exports no handler');
process.stdout.write(JSON.stringify({ ms }) + '\\n');
process.exit(0);
`;

const run = promisify(execFile);

async function probe(script: string, file: string, spec: BundleBench): Promise<string> {
  const { stdout } = await run(process.execPath, ['-e', script, file], {
    cwd: os.tmpdir(),
    env: lambdaEnv(spec),
    timeout: 60_000,
    maxBuffer: 1 << 20,
  });
  return stdout;
}

async function initOnce(file: string, spec: BundleBench): Promise<number> {
  return (JSON.parse(await probe(INIT_PROBE, file, spec)) as { ms: number }).ms;
}

export interface InitTimes {
  app: number;
  bare: number;
  appRuns: number[];
  bareRuns: number[];
}

/** One untimed run of each (the page cache), then `initRuns` of each, interleaved so drift hits both alike. */
async function measureInit(appFile: string, bareFile: string, spec: BundleBench): Promise<InitTimes> {
  await initOnce(bareFile, spec);
  await initOnce(appFile, spec);
  const appRuns: number[] = [];
  const bareRuns: number[] = [];
  for (let i = 0; i < spec.initRuns; i++) {
    if (i % 2 === 0) {
      bareRuns.push(await initOnce(bareFile, spec));
      appRuns.push(await initOnce(appFile, spec));
    } else {
      appRuns.push(await initOnce(appFile, spec));
      bareRuns.push(await initOnce(bareFile, spec));
    }
  }
  return { app: percentile(appRuns, 50), bare: percentile(bareRuns, 50), appRuns, bareRuns };
}

/**
 * The same require, with every module the bundle itself requires (the external SDK packages, Node's built-ins)
 * timed from the bundle's call to its return: what is left is the bundled code and the handler's construction.
 * A package's time includes whatever it loads first (shared @smithy/* modules count for the first to need them).
 */
const INIT_BREAKDOWN_PROBE = `
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
const file = process.argv[1];
const load = Module._load;
const times = {};
Module._load = function (request, parent) {
  if (!parent || parent.filename !== file) return load.apply(this, arguments);
  const started = performance.now();
  try {
    return load.apply(this, arguments);
  } finally {
    const key = Module.isBuiltin(request) ? 'node built-ins' : request;
    times[key] = (times[key] || 0) + performance.now() - started;
  }
};
const started = performance.now();
require(file);
const total = performance.now() - started;
process.stdout.write(JSON.stringify({ total, times }) + '\\n');
process.exit(0);
`;

/**
 * Why init_ratio is missed: what each bundle requires at run time and for how long, which of the bot's files pull
 * each external package in, and how the bot's init splits between loading its modules and building the handler.
 */
async function explainInit(spec: BundleBench, { app, bare }: BundleTimes, dir: string, io: BenchIO): Promise<void> {
  for (const [name, file] of [
    ['bundle', app.file],
    ['bare', bare.file],
  ] as const) {
    const { total, times } = JSON.parse(await probe(INIT_BREAKDOWN_PROBE, file, spec)) as {
      total: number;
      times: Record<string, number>;
    };
    const required = Object.entries(times).sort(([, a], [, b]) => b - a);
    const outside = required.reduce((sum, [, ms]) => sum + ms, 0);
    io.err(
      `    ${name} init ${round(total)} ms: bundled code and top level ${round(total - outside)} ms; ` +
        `required at run time: ${required
          .filter(([, ms]) => ms >= 0.5)
          .map(([module, ms]) => `${module} ${round(ms, 1)}`)
          .join(', ')}`,
    );
  }
  // What the bare bundle lacks, required at run time (external) or bundled in (in bytes), and which of the bot's
  // files pulls each in first.
  const bareParts = new Set(bundleParts(bare.metafile, bare.file).map(([part]) => part));
  const extra = bundleParts(app.metafile, app.file).filter(([part]) => !bareParts.has(part));
  const extraBytes = extra.reduce((sum, [, bytes]) => sum + bytes, 0);
  io.err(`    in the bundle, not in the bare one (${formatBytes(extraBytes)}): ${formatParts(extra.slice(0, 12))}`);
  // The largest of them, and for each the chain of the bot's files from the entry to it.
  const chains = packageChains(app.metafile);
  for (const [pkg] of extra.slice(0, 12)) {
    const chain = chains.get(pkg);
    if (chain?.length) io.err(`    ${pkg} <- ${chain.join(' <- ')}`);
  }
  const split = await loadThenConstruct(spec, dir);
  io.err(
    `    bot init split (a build exporting its construction instead of running it): modules ${round(split.load)} ms, ` +
      `building the handler at the top level ${round(split.construct)} ms`,
  );
}

/**
 * Each package the bundle holds or requires, with the shortest chain of the bot's own source files from the entry to
 * it (the chain to the package that pulls it in, when it comes with another one).
 */
function packageChains(metafile: Metafile): Map<string, string[]> {
  const inputs = metafile.inputs;
  const entry = Object.keys(inputs).find(
    (name) => !Object.values(inputs).some((i) => i.imports.some((x) => x.path === name)),
  );
  const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
  const chains = new Map<string, string[]>();
  const seen = new Set<string>();
  // Each file with the chain of the bot's own files that led to it, the nearest first.
  let frontier: { file: string; chain: string[] }[] = entry ? [{ file: entry, chain: [] }] : [];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const { file, chain } of frontier) {
      if (seen.has(file)) continue;
      seen.add(file);
      const reached = packageOf(file) === undefined ? [file, ...chain] : chain;
      for (const imported of inputs[file]?.imports ?? []) {
        const pkg = imported.external ? imported.path : packageOf(imported.path);
        if (pkg !== undefined && !isBuiltin(pkg) && !chains.has(pkg)) chains.set(pkg, reached);
        if (!imported.external && !seen.has(imported.path)) next.push({ file: imported.path, chain: reached });
      }
    }
    frontier = next;
  }
  return chains;
}

const SPLIT_PROBE = `
const { performance } = require('node:perf_hooks');
const started = performance.now();
const loaded = require(process.argv[1]);
const built = performance.now();
loaded.handler();
process.stdout.write(JSON.stringify({ load: built - started, construct: performance.now() - built }) + '\\n');
process.exit(0);
`;

async function loadThenConstruct(spec: BundleBench, dir: string): Promise<{ load: number; construct: number }> {
  const split = await bundle(dir, 'split', { contents: spec.split });
  await probe(SPLIT_PROBE, split.file, spec);
  const runs: { load: number; construct: number }[] = [];
  for (let i = 0; i < 3; i++) runs.push(JSON.parse(await probe(SPLIT_PROBE, split.file, spec)));
  const load = runs.map((r) => r.load);
  const construct = runs.map((r) => r.construct);
  return { load: percentile(load, 50), construct: percentile(construct, 50) };
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${round(bytes / 1024 / 1024)} MiB` : `${round(bytes / 1024, 1)} KiB`;
}

function formatParts(parts: [string, number][]): string {
  return parts.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(', ');
}

function formatRuns(runs: number[]): string {
  return runs.map((ms) => round(ms, 1)).join(', ');
}
