/**
 * README "Deploy to AWS" is one `cdk deploy` and at most four steps by hand, each done from what the stack outputs:
 * the outputs a step names exist, and the Slack manifest the first step prints is filled from the stack's own URL.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { BOT_URL_OUTPUT, EVENTS_PATH, main, requestUrls } from '../../local/tools/slack-manifest';
import { buildStack, REPO_ROOT, resolveOutput } from './stack-fixture';

const { stack, template } = buildStack();
const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const deploySection = readme.slice(readme.indexOf('## Deploy to AWS'), readme.indexOf('### Settings'));

const resolved = (value: unknown, endpoint: string) => resolveOutput(stack, value, endpoint);

/** The numbered steps of the section, after the deploy command. */
const steps = [...deploySection.matchAll(/^(\d+)\. \*\*([^*]+)\*\*/gm)].map((m) => ({ n: Number(m[1]), title: m[2]! }));

describe('README "Deploy to AWS"', () => {
  it('is one cdk deploy of the bot stack and at most four human steps', () => {
    expect([...deploySection.matchAll(/npx cdk deploy /g)]).toHaveLength(1);
    expect(deploySection).toContain(`npx cdk deploy ${stack.stackName} --outputs-file cdk-outputs.json`);
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3, 4]);
    expect(steps.map((s) => s.title)).toEqual([
      'Install the Slack app from the printed manifest.',
      'Put the Slack secret.',
      'Point AD FS at the user pool.',
      'For Teams, register the Azure Bot and upload the app package.',
    ]);
  });

  it('names only outputs the stack has, and each step one at least', () => {
    const named = new Set(
      [...deploySection.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]!).filter((n) => /[a-z]/.test(n)),
    );
    const notOutputs = [...named].filter(
      (name) => !(name in outputs) && ![stack.stackName, 'SamlMetadataUrl', 'ADFS'].includes(name),
    );
    expect(notOutputs).toEqual([]);
    const bodies = deploySection.split(/^\d+\. /m).slice(1);
    expect(bodies).toHaveLength(4);
    for (const body of bodies) expect(Object.keys(outputs).some((output) => body.includes(`\`${output}\``))).toBe(true);
    for (const output of [
      'BotUrl',
      'SlackRequestUrl',
      'SlackSecretArn',
      'SamlRelyingPartyId',
      'SamlAcsUrl',
      'TeamsMessagingEndpoint',
      'TeamsSecretName',
    ]) {
      expect(deploySection).toContain(`\`${output}\``);
    }
  });

  it("step 1: npm run manifest fills every Slack request URL with the stack's SlackRequestUrl", () => {
    const endpoint = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
    const cdkOutputs = {
      [stack.stackName]: Object.fromEntries(
        Object.entries(outputs).map(([key, { Value }]) => [key, resolved(Value, endpoint)]),
      ),
      [`${stack.stackName}Member`]: { ReadRoleArn: 'arn:aws:iam::111122223333:role/WorkspacesBot-member-read' },
    };
    expect(cdkOutputs[stack.stackName]![BOT_URL_OUTPUT]).toBe(endpoint);
    let printed = '';
    const code = main(['--outputs', 'cdk-outputs.json'], {
      readFile: (file) => (file.endsWith('cdk-outputs.json') ? JSON.stringify(cdkOutputs) : readFileSync(file, 'utf8')),
      writeFile: () => {
        throw new Error('nothing is written without --out');
      },
      stdout: (text) => {
        printed += text;
      },
      stderr: () => {},
    });
    expect(code).toBe(0);
    const urls = Object.values(requestUrls(parse(printed)));
    expect(urls.length).toBeGreaterThanOrEqual(3);
    const slackRequestUrl = cdkOutputs[stack.stackName]!.SlackRequestUrl;
    expect(slackRequestUrl).toBe(`${endpoint}${EVENTS_PATH}`);
    for (const url of urls) expect(url).toBe(slackRequestUrl);
  });

  it('steps 2 to 4: the secret, the AD FS relying party and the Teams endpoint come from outputs', () => {
    const endpoint = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
    expect(outputs.SlackSecretArn!.Value).toEqual({
      Ref: stack.getLogicalId(stack.slackSecret.node.defaultChild as never),
    });
    expect(JSON.stringify(outputs.SamlRelyingPartyId!.Value)).toContain('urn:amazon:cognito:sp:');
    expect(JSON.stringify(outputs.SamlAcsUrl!.Value)).toContain('/saml2/idpresponse');
    expect(resolved(outputs.TeamsMessagingEndpoint!.Value, endpoint)).toBe(`${endpoint}/teams/messages`);
    expect(resolved(outputs.SigninCallbackUrl!.Value, endpoint)).toBe(`${endpoint}/auth/callback`);
  });
});
