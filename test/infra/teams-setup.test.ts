/**
 * README "Microsoft Teams setup": each step the repository does for the admin works as written. The outputs it names
 * exist and resolve to what the step needs, the secret's JSON is the one the stack describes, the deploy command's
 * context gives the functions their Teams settings, and the package command makes a package the schema accepts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { MANIFEST_VERSION, type TeamsManifest } from '../../bot/teams/app-package/manifest';
import { settingsFromContext } from '../../infra/lib/settings';
import { main } from '../../local/tools/teams-package';
import { buildStack, REPO_ROOT, resolveOutput, resources, secretArnOf, WITH_TEAMS } from './stack-fixture';

const { stack, template } = buildStack();
const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Microsoft Teams setup'), readme.indexOf('## Benchmarks'));
const ENDPOINT = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const resolved = (output: string) => resolveOutput(stack, outputs[output]!.Value, ENDPOINT);

const steps = [...section.matchAll(/^(\d+)\. \*\*([^*]+)\*\*/gm)].map((m) => ({ n: Number(m[1]), title: m[2]! }));
/** The body of the step whose title starts with `title`, up to the next step. */
function step(title: string): string {
  const start = section.search(new RegExp(`^\\d+\\. \\*\\*${title}`, 'm'));
  if (start < 0) throw new Error(`no step "${title}"`);
  const rest = section.slice(start + 1);
  const next = rest.search(/^\d+\. \*\*/m);
  return next < 0 ? rest : rest.slice(0, next);
}
/** The shell command of a step's code block, its continuation lines joined. */
function command(body: string): string {
  const block = /```sh\n([\s\S]*?)```/.exec(body)?.[1];
  if (!block) throw new Error('no sh block in the step');
  return block.replace(/\\\n\s*/g, '').trim();
}

describe('README "Microsoft Teams setup"', () => {
  it('walks the admin from the Azure Bot to the uploaded app', () => {
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(steps.map((s) => s.title)).toEqual([
      'Register the Azure Bot.',
      'Create a client secret.',
      "Put it into the stack's secret.",
      'Deploy with the ids.',
      'Set the messaging endpoint.',
      'Turn on the Teams channel.',
      'Build the app package',
      'Upload it.',
      'Try it',
    ]);
    expect(step('Register the Azure Bot')).toContain('Single Tenant');
  });

  it('names only outputs the stack has', () => {
    const named = [...section.matchAll(/`([A-Z][a-z]+[A-Z][A-Za-z]+)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThanOrEqual(3);
    expect(named.filter((name) => !(name in outputs) && name !== stack.stackName)).toEqual([]);
  });

  it('step 3: puts {"appPassword": ...} into the secret named by TeamsSecretName, the stack\'s Teams secret', () => {
    const cmd = command(step("Put it into the stack's secret"));
    expect(cmd).toMatch(/^aws secretsmanager put-secret-value --secret-id /);
    expect(cmd).toContain(`require('./cdk-outputs.json').${stack.stackName}.TeamsSecretName`);
    const json = /--secret-string '([^']+)'/.exec(cmd)![1]!;
    expect(Object.keys(JSON.parse(json))).toEqual(['appPassword']);
    const teamsSecretId = stack.getLogicalId(stack.teamsSecret.node.defaultChild as never);
    const secret = resources(template, 'AWS::SecretsManager::Secret')[teamsSecretId]!;
    expect(secret.Properties?.Description).toContain('{"appPassword": "..."}');
    // The name CloudFormation gives it: the ARN's resource without Secrets Manager's 6-character suffix.
    expect(secretArnOf(teamsSecretId)).toBe(
      `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${resolved('TeamsSecretName')}-AbC123`,
    );
  });

  it("step 4: the deploy command's context gives the Teams function, the worker and the reaper the Teams settings", () => {
    const cmd = command(step('Deploy with the ids'));
    expect(cmd).toMatch(new RegExp(`^npx cdk deploy ${stack.stackName} --outputs-file cdk-outputs.json `));
    const context: Record<string, string> = {};
    for (const [, key, value] of cmd.matchAll(/-c (\w+)=(\S+)/g)) context[key!] = value!;
    expect(context).toEqual({ teamsAppId: '"$APP_ID"', teamsTenantId: '"$TENANT_ID"' });
    // The shell's part: step 1's export, then the quotes.
    expect(step('Register the Azure Bot')).toContain('`export APP_ID=<Microsoft App ID> TENANT_ID=<App Tenant ID>`');
    const shell: Record<string, string> = { APP_ID: WITH_TEAMS.teamsAppId, TENANT_ID: WITH_TEAMS.teamsTenantId };
    const filled = Object.fromEntries(
      Object.entries(context).map(([key, value]) => [key, shell[/^"\$(\w+)"$/.exec(value)![1]!]]),
    );
    const deployed = buildStack(settingsFromContext((key) => filled[key]));
    const variables = (fn: typeof deployed.stack.http) =>
      (
        resources(deployed.template, 'AWS::Lambda::Function')[
          deployed.stack.getLogicalId(fn.fn.node.defaultChild as never)
        ]!.Properties as { Environment: { Variables: Record<string, unknown> } }
      ).Environment.Variables;
    for (const fn of [deployed.stack.teams, deployed.stack.worker, deployed.stack.reaper]) {
      expect(variables(fn)).toMatchObject({
        TEAMS_APP_ID: WITH_TEAMS.teamsAppId,
        TEAMS_TENANT_ID: WITH_TEAMS.teamsTenantId,
        TEAMS_SECRET_ARN: { Ref: deployed.stack.getLogicalId(deployed.stack.teamsSecret.node.defaultChild as never) },
      });
    }
  });

  it('step 5: the messaging endpoint is the TeamsMessagingEndpoint output, <BotUrl>/teams/messages', () => {
    expect(step('Set the messaging endpoint')).toContain('`TeamsMessagingEndpoint`');
    expect(resolved('TeamsMessagingEndpoint')).toBe(`${resolved('BotUrl')}/teams/messages`);
    expect(resolved('BotUrl')).toBe(ENDPOINT);
  });

  it('step 7: the package command, filled with a bot id and the BotUrl output, writes a package the schema accepts', async () => {
    const cmd = command(step('Build the app package'));
    expect(cmd).toMatch(/^npm run -s teams-package -- /);
    const dir = mkdtempSync(path.join(tmpdir(), 'teams-setup-'));
    try {
      // What the shell makes of it: $APP_ID from step 1, the BotUrl output from cdk-outputs.json.
      const botUrlFromOutputs = `"$(node -p "require('./cdk-outputs.json').${stack.stackName}.BotUrl")"`;
      expect(cmd).toContain(botUrlFromOutputs);
      const argv = cmd
        .replace(/^npm run -s teams-package -- /, '')
        .replace(botUrlFromOutputs, resolved('BotUrl'))
        .replace('"$APP_ID"', WITH_TEAMS.teamsAppId)
        .split(/\s+/)
        .map((arg) => (arg.endsWith('.zip') ? path.join(dir, arg) : arg));
      expect(argv.filter((arg) => /[<"$]/.test(arg))).toEqual([]);
      let stderr = '';
      const code = main(argv, {
        writeFile: (file, bytes) => writeFileSync(file, bytes),
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
      });
      expect([code, stderr]).toEqual([0, expect.stringContaining('Wrote ')]);
      const files = unzipSync(readFileSync(path.join(dir, 'workspaces-bot-teams.zip')));
      const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as TeamsManifest;
      const schema = JSON.parse(
        readFileSync(
          require.resolve(
            `@microsoft/app-manifest/build/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
          ),
          'utf8',
        ),
      );
      expect(await AppManifestUtils.validateAgainstSchema(manifest, schema)).toEqual([]);
      expect(manifest.bots![0]!.botId).toBe(WITH_TEAMS.teamsAppId);
      expect(manifest.validDomains).toEqual([new URL(ENDPOINT).host]);
      expect(step('Build the app package')).toContain(`schema v${MANIFEST_VERSION}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
