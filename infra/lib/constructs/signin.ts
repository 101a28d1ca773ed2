/**
 * The sign-in of docs/signin.md: a Cognito user pool federated with AD FS by SAML, its hosted UI domain,
 * and the bot's app client (authorization code grant with PKCE, no secret, callback to /auth/callback).
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  OAuthScope,
  ProviderAttribute,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolIdentityProviderSaml,
  UserPoolIdentityProviderSamlMetadata,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The SAML claim types AD FS sends (docs/signin.md, "Claim issuance rules"). */
export const SAML_CLAIMS = {
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  groups: 'http://schemas.xmlsoap.org/claims/Group',
} as const;

const GROUPS_ATTRIBUTE = 'ADGroups';

/** The AD FS federation metadata: where Cognito reads it, or the document itself. */
export type SigninMetadata = { url: string } | { file: string };

export interface SigninProps {
  metadata: SigninMetadata;
  /** The SAML provider's name in Cognito; the bot's AUTH_IDENTITY_PROVIDER. */
  providerName: string;
  /** The hosted UI domain's prefix. */
  domainPrefix: string;
  /** The bot's `/auth/callback` URL, registered on the app client. */
  callbackUrl: string;
}

export class Signin extends Construct {
  readonly userPool: UserPool;
  readonly provider: UserPoolIdentityProviderSaml;
  readonly domain: UserPoolDomain;
  readonly client: UserPoolClient;
  /** The hosted UI's base URL: AUTH_DOMAIN_URL. */
  readonly domainUrl: string;
  /** The ID tokens' issuer: AUTH_ISSUER. */
  readonly issuer: string;
  /** What AD FS calls the relying party: `urn:amazon:cognito:sp:<user pool id>`. */
  readonly samlRelyingPartyId: string;
  /** Where AD FS posts its SAML response (the assertion consumer service). */
  readonly samlAcsUrl: string;

  constructor(scope: Construct, id: string, props: SigninProps) {
    super(scope, id);
    // Nobody signs up or holds a password here: every user comes from AD FS.
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { [GROUPS_ATTRIBUTE]: new StringAttribute({ mutable: true, maxLen: 2048 }) },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      accountRecovery: AccountRecovery.NONE,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.provider = new UserPoolIdentityProviderSaml(this, 'Saml', {
      userPool: this.userPool,
      name: props.providerName,
      metadata:
        'url' in props.metadata
          ? UserPoolIdentityProviderSamlMetadata.url(props.metadata.url)
          : UserPoolIdentityProviderSamlMetadata.file(props.metadata.file),
      attributeMapping: {
        email: ProviderAttribute.other(SAML_CLAIMS.email),
        custom: { [`custom:${GROUPS_ATTRIBUTE}`]: ProviderAttribute.other(SAML_CLAIMS.groups) },
      },
    });

    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    // Public client: the bot proves itself with PKCE, not a secret. Its scopes leave out
    // aws.cognito.signin.user.admin, so no token it hands out can rewrite the user's own custom:ADGroups;
    // the write access below is what lets each sign-in copy the SAML attributes into the pool.
    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.callbackUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.custom(props.providerName)],
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(GROUPS_ATTRIBUTE),
      writeAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true })
        .withCustomAttributes(GROUPS_ATTRIBUTE),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    this.client.node.addDependency(this.provider);

    this.domainUrl = this.domain.baseUrl();
    this.issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.userPool.userPoolId}`;
    this.samlRelyingPartyId = `urn:amazon:cognito:sp:${this.userPool.userPoolId}`;
    this.samlAcsUrl = `${this.domainUrl}/saml2/idpresponse`;
  }

  /** The sign-in variables of docs/configuration.md; PUBLIC_URL comes from the stack. */
  environment(): Record<string, string> {
    return {
      AUTH_CLIENT_ID: this.client.userPoolClientId,
      AUTH_DOMAIN_URL: this.domainUrl,
      AUTH_ISSUER: this.issuer,
      AUTH_IDENTITY_PROVIDER: this.provider.providerName,
    };
  }
}
