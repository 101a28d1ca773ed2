import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { SAML_CLAIMS } from '../../infra/lib/constructs/signin';
import { buildStack, resources, WITH_TEAMS } from './stack-fixture';

const { stack, template } = buildStack();
const custom = buildStack({ cognitoDomainPrefix: 'acme-workspaces', samlProviderName: 'CorpADFS' });
const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: stack.getLogicalId(construct.node.defaultChild as never),
});
const apiEndpoint = () => ({
  'Fn::GetAtt': [stack.getLogicalId(stack.chatApi.api.node.defaultChild as never), 'ApiEndpoint'],
});
/** The API's endpoint (`https://<id>.execute-api.<region>.amazonaws.com`, no trailing slash), with a path. */
const botUrl = (path = '') => (path ? { 'Fn::Join': ['', [apiEndpoint(), path]] } : apiEndpoint());

describe('the Cognito sign-in (docs/signin.md)', () => {
  it('has a user pool with email required and a mutable custom:ADGroups, and no self sign-up', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'email', Required: true, Mutable: true }),
        Match.objectLike({ Name: 'ADGroups', AttributeDataType: 'String', Mutable: true }),
      ]),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('federates AD FS by SAML from the metadata URL parameter, mapping email and the groups', () => {
    expect(Object.keys(template.toJSON().Parameters)).toEqual(['SamlMetadataUrl', 'BootstrapVersion']);
    template.hasParameter('SamlMetadataUrl', { Type: 'String', AllowedPattern: '^https://\\S+$' });
    expect(template.toJSON().Parameters.SamlMetadataUrl.Default).toBeUndefined();
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'ADFS',
      ProviderType: 'SAML',
      ProviderDetails: Match.objectLike({ MetadataURL: { Ref: 'SamlMetadataUrl' } }),
      AttributeMapping: { email: SAML_CLAIMS.email, 'custom:ADGroups': SAML_CLAIMS.groups },
      UserPoolId: ref(stack.signin.userPool),
    });
    expect(SAML_CLAIMS).toEqual({
      email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      groups: 'http://schemas.xmlsoap.org/claims/Group',
    });
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderName: 'CorpADFS' });
  });

  it('federates from a metadata file instead (context samlMetadataFile): the document itself, no parameter', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'saml-'));
    try {
      const file = path.join(dir, 'FederationMetadata.xml');
      const xml = '<?xml version="1.0"?><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>';
      writeFileSync(file, xml);
      const fromFile = buildStack({ samlMetadataFile: file });
      fromFile.template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
        ProviderType: 'SAML',
        ProviderDetails: Match.objectLike({ MetadataFile: xml, MetadataURL: Match.absent() }),
      });
      expect(Object.keys(fromFile.template.toJSON().Parameters)).toEqual(['BootstrapVersion']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a hosted UI domain: workspaces-bot-<account> by default, or the configured prefix', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['workspaces-bot-', { Ref: 'AWS::AccountId' }]] },
      UserPoolId: ref(stack.signin.userPool),
    });
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-workspaces' });
  });

  it('has a public app client: code grant only, no secret, openid email profile, the SAML provider, /auth/callback', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['ADFS'],
      CallbackURLs: [botUrl('/auth/callback')],
      ReadAttributes: Match.arrayWith(['custom:ADGroups', 'email']),
      WriteAttributes: Match.arrayWith(['custom:ADGroups', 'email']),
    });
    // Created after the provider it names, or CloudFormation rejects the client.
    const client = Object.values(resources(template, 'AWS::Cognito::UserPoolClient'))[0] as { DependsOn?: string[] };
    expect(client.DependsOn).toContain(stack.getLogicalId(stack.signin.provider.node.defaultChild as never));
  });
});

describe('one deployment from an empty account', () => {
  it('has no placeholder URL, no condition and no parameter but the SAML metadata URL', () => {
    const json = template.toJSON();
    expect(json.Conditions).toBeUndefined();
    const placeholders = /localhost|BOT_URL|example\.(com|org)|PublicUrl|lambda-url/;
    for (const section of ['Resources', 'Outputs'] as const) {
      for (const [id, value] of Object.entries(json[section] as Record<string, unknown>)) {
        expect([id, placeholders.exec(JSON.stringify(value))?.[0]]).toEqual([id, undefined]);
      }
    }
  });

  it('has no dependency cycle: every resource can be created after the ones it references', () => {
    const json = template.toJSON() as { Resources: Record<string, { DependsOn?: string | string[] }> };
    const ids = new Set(Object.keys(json.Resources));
    const needs = new Map<string, Set<string>>();
    for (const [id, resource] of Object.entries(json.Resources)) {
      const text = JSON.stringify(resource);
      const refs = new Set<string>();
      for (const m of text.matchAll(/\{"Ref":"([^"]+)"\}|\{"Fn::GetAtt":\["([^"]+)"/g)) refs.add(m[1] ?? m[2]!);
      for (const dep of [resource.DependsOn ?? []].flat()) refs.add(dep);
      needs.set(id, new Set([...refs].filter((ref) => ids.has(ref) && ref !== id)));
    }
    // Kahn's algorithm: a cycle leaves resources that can never be created.
    const pending = new Map([...needs].map(([id, deps]) => [id, new Set(deps)]));
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const [id, deps] of pending) {
        if ([...deps].every((dep) => !pending.has(dep))) {
          pending.delete(id);
          progressed = true;
        }
      }
    }
    expect([...pending.keys()]).toEqual([]);
    // The order that makes it work: the API, then the app client (its callback), then the chat function.
    const apiId = stack.getLogicalId(stack.chatApi.api.node.defaultChild as never);
    const clientId = stack.getLogicalId(stack.signin.client.node.defaultChild as never);
    const httpId = stack.getLogicalId(stack.http.fn.node.defaultChild as never);
    expect(needs.get(clientId)).toContain(apiId);
    expect([...needs.get(httpId)!]).toEqual(expect.arrayContaining([apiId, clientId]));
    expect([...needs.get(apiId)!]).toEqual([]);
  });

  it("gives the chat function PUBLIC_URL and the app client's id from the same stack", () => {
    const fn = resources(template, 'AWS::Lambda::Function')[
      stack.getLogicalId(stack.http.fn.node.defaultChild as never)
    ]!;
    expect(
      (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables,
    ).toMatchObject({
      PUBLIC_URL: botUrl(),
      AUTH_CLIENT_ID: ref(stack.signin.client),
    });
  });
});

describe('the Slack and Teams secrets', () => {
  const secrets = resources(template, 'AWS::SecretsManager::Secret');
  const secretOf = (construct: { node: { defaultChild?: unknown } }) =>
    secrets[stack.getLogicalId(construct.node.defaultChild as never)]!;

  it('hold no value in the template: Secrets Manager generates a placeholder the operator replaces', () => {
    expect(Object.keys(secrets)).toHaveLength(2);
    for (const secret of [secretOf(stack.slackSecret), secretOf(stack.teamsSecret)]) {
      expect(secret.Properties?.SecretString).toBeUndefined();
      expect(secret.Properties?.GenerateSecretString).toEqual({});
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/xoxb-[0-9A-Za-z]|signingSecret"\s*:\s*"[^.]/);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/appPassword"\s*:\s*"[^.]/);
  });

  it('say in their description what JSON the operator puts in them', () => {
    expect(secretOf(stack.slackSecret).Properties?.Description).toContain('{"signingSecret": "...", "botToken"');
    expect(secretOf(stack.teamsSecret).Properties?.Description).toContain('{"appPassword": "..."}');
  });

  it('the Teams secret exists before Teams is configured, so it can be filled before the deployment with the ids', () => {
    const teams = buildStack(WITH_TEAMS);
    expect(Object.keys(resources(teams.template, 'AWS::SecretsManager::Secret'))).toEqual(Object.keys(secrets));
  });
});

describe('the outputs', () => {
  it("give the URLs for manifest.yml, Teams and the sign-in, from the API's endpoint", () => {
    template.hasOutput('BotUrl', { Value: botUrl() });
    template.hasOutput('TeamsMessagingEndpoint', { Value: botUrl('/teams/messages') });
    template.hasOutput('SlackRequestUrl', {
      Value: botUrl('/slack/events'),
    });
    template.hasOutput('SigninCallbackUrl', {
      Value: botUrl('/auth/callback'),
    });
  });

  it('give the Cognito domain, ids and issuer, and what AD FS needs', () => {
    const pool = ref(stack.signin.userPool);
    template.hasOutput('UserPoolId', { Value: pool });
    template.hasOutput('UserPoolClientId', { Value: ref(stack.signin.client) });
    template.hasOutput('AuthIssuer', {
      Value: {
        'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', pool]],
      },
    });
    const domain = ['https://', ref(stack.signin.domain), '.auth.', { Ref: 'AWS::Region' }];
    template.hasOutput('CognitoDomainUrl', { Value: { 'Fn::Join': ['', [...domain, '.amazoncognito.com']] } });
    template.hasOutput('SamlRelyingPartyId', { Value: { 'Fn::Join': ['', ['urn:amazon:cognito:sp:', pool]] } });
    template.hasOutput('SamlAcsUrl', {
      Value: { 'Fn::Join': ['', [...domain, '.amazoncognito.com/saml2/idpresponse']] },
    });
    template.hasOutput('SlackSecretArn', { Value: ref(stack.slackSecret) });
    // The secret's name (the part of its ARN before Secrets Manager's random suffix), for put-secret-value.
    template.hasOutput('TeamsSecretName', {
      Value: {
        'Fn::Join': [
          '-',
          [
            {
              'Fn::Select': [
                0,
                { 'Fn::Split': ['-', { 'Fn::Select': [6, { 'Fn::Split': [':', ref(stack.teamsSecret)] }] }] },
              ],
            },
            {
              'Fn::Select': [
                1,
                { 'Fn::Split': ['-', { 'Fn::Select': [6, { 'Fn::Split': [':', ref(stack.teamsSecret)] }] }] },
              ],
            },
          ],
        ],
      },
    });
    template.hasOutput('AlarmTopicArn', { Value: ref(stack.monitoring.topic) });
  });
});
