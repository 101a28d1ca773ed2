/**
 * The one test that runs esbuild: every entry point the stack names exists, exports `handler`, bundles
 * (minified, with a source map), and the bundle loads in Node with the variables the stack gives it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HANDLER_ENTRIES } from '../../infra/lib/handlers';
import { buildStack, cdkJson, REPO_ROOT, resources } from './stack-fixture';

const outdir = mkdtempSync(path.join(tmpdir(), 'workspaces-bot-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const started = Date.now();
const { stack, template } = buildStack({ handlerCode: 'bundle' }, outdir);
const synthSeconds = (Date.now() - started) / 1000;
const functions = Object.values(stack.functions);

/** Values that stand in for the CloudFormation references, shaped as the bot's configuration expects. */
const STAND_INS: Record<string, string> = {
  AUTH_CLIENT_ID: 'client-id',
  AUTH_DOMAIN_URL: 'https://workspaces-bot-111122223333.auth.us-east-1.amazoncognito.com',
  AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
  AUTH_IDENTITY_PROVIDER: 'ADFS',
  PUBLIC_URL: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
  SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-AbCdEf',
  WORKER_FUNCTION_NAME: 'WorkspacesBot-WorkerFunction',
  WORKER_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/WorkspacesBot-WorkerDeadLetterQueue',
  SCHEDULE_TARGET_ARN: 'arn:aws:lambda:us-east-1:111122223333:function:WorkspacesBot-worker',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/WorkspacesBot-SchedulesInvokeRole',
  SCHEDULE_DLQ_ARN: 'arn:aws:sqs:us-east-1:111122223333:WorkspacesBot-SchedulesDeadLetterQueue',
};

type Fn = (typeof functions)[number];

function propsOf(fn: Fn) {
  return resources(template, 'AWS::Lambda::Function')[stack.getLogicalId(fn.fn.node.defaultChild as never)]!
    .Properties as { Code: { S3Key: string }; Handler: string; Environment: { Variables: Record<string, unknown> } };
}

/** The bundled index.js of a function, in the synthesized assembly. */
function bundleOf(fn: Fn): string {
  return path.join(outdir, `asset.${propsOf(fn).Code.S3Key.replace(/\.zip$/, '')}`, 'index.js');
}

/**
 * The packages whose code is in a function's bundle, read from the sources of its source map (esbuild lists every
 * file that contributed code): each the innermost package a `node_modules/` path names.
 */
function packagesIn(fn: Fn): Set<string> {
  const { sources } = JSON.parse(readFileSync(`${bundleOf(fn)}.map`, 'utf8')) as { sources: string[] };
  const packages = sources.flatMap((source) => {
    if (!source.includes('node_modules/')) return [];
    const name = /^((?:@[^/]+\/)?[^/]+)\//.exec(source.split('node_modules/').at(-1)!)?.[1];
    return name ? [name] : [];
  });
  return new Set(packages);
}

describe('the Lambda entry points', () => {
  it('are the five the stack names, each present in the repository and exporting handler', () => {
    expect(functions.map((fn) => fn.entry).sort()).toEqual(Object.values(HANDLER_ENTRIES).sort());
    for (const entry of Object.values(HANDLER_ENTRIES)) {
      const file = path.join(REPO_ROOT, entry);
      expect([entry, existsSync(file)]).toEqual([entry, true]);
      expect(readFileSync(file, 'utf8')).toMatch(/export (const handler\b|async function handler\()/);
    }
  });

  it.each(functions.map((fn) => [fn.entry, fn] as const))(
    '%s bundles, minified with a source map, and loads',
    (_entry, fn) => {
      const props = propsOf(fn);
      expect(props.Handler).toBe('index.handler');
      const bundle = bundleOf(fn);
      expect(existsSync(bundle)).toBe(true);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      const code = readFileSync(bundle, 'utf8');
      expect(code.split('\n').length).toBeLessThan(code.length / 500);
      expect(code).toMatch(/sourceMappingURL=index\.js\.map\s*$/);

      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      for (const [name, value] of Object.entries(props.Environment.Variables)) {
        env[name] = typeof value === 'string' ? value : (STAND_INS[name] ?? `${name.toLowerCase()}-stand-in`);
      }
      const loaded = execFileSync(
        process.execPath,
        ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', bundle],
        { cwd: tmpdir(), env, encoding: 'utf8', timeout: 30_000 },
      );
      expect(loaded).toBe('function');
    },
  );

  it("carry neither chat platform's SDK where it is not used: no Bolt outside the Slack chat function, no botbuilder in it", () => {
    const http = packagesIn(stack.http);
    // The derivation itself: the chat function is Bolt and the AWS SDK, the Teams function botbuilder.
    expect([...http]).toEqual(expect.arrayContaining(['@slack/bolt', '@aws-sdk/client-lambda']));
    expect([...packagesIn(stack.teams)]).toEqual(expect.arrayContaining(['botbuilder', '@aws-sdk/client-lambda']));
    expect([...http].filter((pkg) => pkg.startsWith('botbuilder') || pkg.startsWith('botframework-'))).toEqual([]);
    // The worker answers in Slack through the Web API client and in Teams through botbuilder; it receives nothing.
    expect([...packagesIn(stack.worker)]).toEqual(expect.arrayContaining(['botbuilder', '@slack/web-api']));
    for (const fn of [stack.teams, stack.worker, stack.scanner, stack.reaper]) {
      expect([fn.node.id, packagesIn(fn).has('@slack/bolt')]).toEqual([fn.node.id, false]);
    }
  });

  it('are built by the app cdk.json runs', () => {
    expect(cdkJson.app).toBe('npx tsx infra/bin/app.ts');
    expect(readFileSync(path.join(REPO_ROOT, 'infra/bin/app.ts'), 'utf8')).toContain('new WorkspacesBotStack(');
  });

  it('bundle in well under a minute', () => {
    expect(synthSeconds).toBeLessThan(60);
  });
});
