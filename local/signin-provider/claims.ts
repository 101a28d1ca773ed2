/**
 * Claims shaped like the tokens Cognito issues to a user federated by SAML from AD FS, field for field, so code that
 * reads them locally reads real ones the same way.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SigninPerson } from './people';

/** Cognito adds every federated user to a group named `<user pool id>_<provider name>`; this plays the pool id. */
export const LOCAL_USER_POOL_ID = 'us-east-1_LocalPool';

/** ID and access tokens live an hour, Cognito's default. */
export const TOKEN_LIFETIME_SECONDS = 3600;

/** One entry of Cognito's `identities` claim; Cognito writes `primary` and `dateCreated` as strings. */
export interface CognitoIdentity {
  userId: string;
  providerName: string;
  providerType: 'SAML';
  issuer: null;
  primary: 'true';
  /** Milliseconds since the epoch, as a string: when the federated profile was first created. */
  dateCreated: string;
}

export interface IdTokenClaims {
  at_hash?: string;
  sub: string;
  'cognito:groups': string[];
  email_verified: boolean;
  iss: string;
  'cognito:username': string;
  nonce?: string;
  origin_jti: string;
  aud: string;
  identities: CognitoIdentity[];
  token_use: 'id';
  auth_time: number;
  exp: number;
  iat: number;
  jti: string;
  email: string;
  /** The AD groups, present only when the assertion carried the groups attribute. */
  'custom:ADGroups'?: string;
}

export interface AccessTokenClaims {
  sub: string;
  'cognito:groups': string[];
  iss: string;
  version: 2;
  client_id: string;
  origin_jti: string;
  token_use: 'access';
  scope: string;
  auth_time: number;
  exp: number;
  iat: number;
  jti: string;
  username: string;
}

export interface ClaimContext {
  issuer: string;
  clientId: string;
  identityProvider: string;
  /** Token issue time, ms since the epoch. */
  now: number;
  /** When the person chose themselves on the sign-in page, ms since the epoch. */
  authTime: number;
  /** When this person first signed in through this provider, ms since the epoch. */
  firstSignIn: number;
  scope: string;
  nonce?: string;
  /** Shared by the ID and access tokens of one sign-in, as Cognito does. */
  originJti: string;
}

/**
 * A stable `sub` per provider and AD account, shaped like Cognito's UUIDs. Derived rather than random so that links
 * made in one `npm start` still name the same subject after a restart.
 */
export function subjectFor(identityProvider: string, person: SigninPerson): string {
  const hex = createHash('sha256').update(`${identityProvider}\n${person.adUserId.toLowerCase()}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Cognito names a federated user `<provider name>_<SAML NameID>`; AD FS sends the e-mail address as NameID here. */
export function cognitoUserName(identityProvider: string, person: SigninPerson): string {
  return `${identityProvider}_${person.email || person.adUserId}`;
}

/**
 * The string Cognito stores for a mapped SAML attribute: the bare value when there is one, `[A, B]` when AD FS sent
 * several. Undefined when there is nothing to send, so the claim is left out as Cognito leaves it out.
 */
export function adGroupsClaim(groups: readonly string[] | undefined): string | undefined {
  if (!groups || groups.length === 0) return undefined;
  return groups.length === 1 ? groups[0] : `[${groups.join(', ')}]`;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export function idTokenClaims(person: SigninPerson, context: ClaimContext, accessTokenHash?: string): IdTokenClaims {
  const iat = seconds(context.now);
  const groups = adGroupsClaim(person.groups);
  // Key order follows a real Cognito ID token, which makes side-by-side comparison with one easy.
  return {
    ...(accessTokenHash ? { at_hash: accessTokenHash } : {}),
    sub: subjectFor(context.identityProvider, person),
    'cognito:groups': [`${LOCAL_USER_POOL_ID}_${context.identityProvider}`],
    email_verified: false,
    iss: context.issuer,
    'cognito:username': cognitoUserName(context.identityProvider, person),
    ...(context.nonce !== undefined ? { nonce: context.nonce } : {}),
    origin_jti: context.originJti,
    aud: context.clientId,
    identities: [
      {
        userId: person.adUserId,
        providerName: context.identityProvider,
        providerType: 'SAML',
        issuer: null,
        primary: 'true',
        dateCreated: String(context.firstSignIn),
      },
    ],
    token_use: 'id',
    auth_time: seconds(context.authTime),
    exp: iat + TOKEN_LIFETIME_SECONDS,
    iat,
    jti: randomUUID(),
    email: person.email,
    ...(groups !== undefined ? { 'custom:ADGroups': groups } : {}),
  };
}

export function accessTokenClaims(person: SigninPerson, context: ClaimContext): AccessTokenClaims {
  const iat = seconds(context.now);
  return {
    sub: subjectFor(context.identityProvider, person),
    'cognito:groups': [`${LOCAL_USER_POOL_ID}_${context.identityProvider}`],
    iss: context.issuer,
    version: 2,
    client_id: context.clientId,
    origin_jti: context.originJti,
    token_use: 'access',
    scope: context.scope,
    auth_time: seconds(context.authTime),
    exp: iat + TOKEN_LIFETIME_SECONDS,
    iat,
    jti: randomUUID(),
    username: cognitoUserName(context.identityProvider, person),
  };
}
