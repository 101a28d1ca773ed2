import { Match } from 'aws-cdk-lib/assertions';
import { SAML_CLAIMS } from '../../infra/lib/constructs/signin';
import { buildStack, resources } from './stack-fixture';

const { stack, template } = buildStack();
const custom = buildStack({ cognitoDomainPrefix: 'acme-workspaces', samlProviderName: 'CorpADFS' });
const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: stack.getLogicalId(construct.node.defaultChild as never),
});
const functionUrlAttr = () => ({
  'Fn::GetAtt': [stack.getLogicalId(stack.functionUrl.node.defaultChild as never), 'FunctionUrl'],
});
/** `https://` and the function URL's host: the function URL without its trailing slash. */
const botUrlParts = () => ['https://', { 'Fn::Select': [2, { 'Fn::Split': ['/', functionUrlAttr()] }] }];
const botUrl = (path = '') => ({
  'Fn::Join': ['', path ? [...botUrlParts(), path] : botUrlParts()],
});

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
      CallbackURLs: [
        {
          'Fn::If': [
            'HasPublicUrl',
            { 'Fn::Join': ['', [{ Ref: 'PublicUrl' }, '/auth/callback']] },
            'https://localhost/auth/callback',
          ],
        },
      ],
      ReadAttributes: Match.arrayWith(['custom:ADGroups', 'email']),
      WriteAttributes: Match.arrayWith(['custom:ADGroups', 'email']),
    });
    // Created after the provider it names, or CloudFormation rejects the client.
    const client = Object.values(resources(template, 'AWS::Cognito::UserPoolClient'))[0] as { DependsOn?: string[] };
    expect(client.DependsOn).toContain(stack.getLogicalId(stack.signin.provider.node.defaultChild as never));
  });

  it('takes the public URL as a parameter, empty on the first deployment, and says what is left to do', () => {
    template.hasParameter('PublicUrl', { Type: 'String', Default: '', AllowedPattern: '^(https://[^/\\s]+)?$' });
    template.hasCondition('HasPublicUrl', { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PublicUrl' }, ''] }] });
    template.hasOutput('NextStep', { Condition: 'NoPublicUrl' });
    expect(
      new RegExp(template.toJSON().Parameters.PublicUrl.AllowedPattern).test('https://x.lambda-url.us-east-1.on.aws'),
    ).toBe(true);
    expect(new RegExp(template.toJSON().Parameters.PublicUrl.AllowedPattern).test('https://x.on.aws/')).toBe(false);
  });
});

describe('the Slack secret', () => {
  it('holds no value in the template: Secrets Manager generates a placeholder the operator replaces', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const secret = Object.values(resources(template, 'AWS::SecretsManager::Secret'))[0]!;
    expect(secret.Properties?.SecretString).toBeUndefined();
    expect(secret.Properties?.GenerateSecretString).toEqual({});
    expect(JSON.stringify(template.toJSON())).not.toMatch(/xoxb-[0-9A-Za-z]|signingSecret"\s*:\s*"[^.]/);
  });
});

describe('the outputs', () => {
  it('give the URLs for manifest.yml and the sign-in, from the function URL without its trailing slash', () => {
    template.hasOutput('BotUrl', { Value: botUrl() });
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
    for (const role of ['ScannerRoleArn', 'ReaperRoleArn', 'WorkerRoleArn']) template.hasOutput(role, {});
  });
});
