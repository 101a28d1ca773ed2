/**
 * A local stand-in for the Cognito hosted UI federated with AD FS: `/oauth2/authorize` shows a page of demo people,
 * `/oauth2/token` exchanges a one-time code (PKCE S256) for RS256 ID and access tokens shaped like Cognito's, and
 * `/.well-known/jwks.json` publishes the key. The bot verifies those tokens with the same aws-jwt-verify code as in
 * production; only its configuration (URLs, client id) changes. It knows nothing of jest.
 */
import { createPublicKey, generateKeyPair, type KeyObject, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { serve } from '../http/listen';
import { type ClaimContext, type IdTokenClaims, idTokenClaims } from './claims';
import { type JwtPayload, jwkThumbprint, signRs256 } from './jwt';
import { type IssuedCode, type IssuedTokens, Ledger, type TokenRefusal } from './ledger';
import { checkPeople, DEMO_PEOPLE, type SigninPerson } from './people';
import { AUTHORIZE_PATH, handleRequest, JWKS_PATH, TOKEN_PATH } from './server';

export type { AccessTokenClaims, CognitoIdentity, IdTokenClaims } from './claims';
export { base64url, decodeJwt, type JwtHeader, type JwtPayload, signingInput, signRs256 } from './jwt';
export type { IssuedCode, IssuedTokens, TokenRefusal } from './ledger';
export { DEMO_PEOPLE, type SigninPerson } from './people';
export { s256Challenge } from './pkce';

export interface SigninProviderOptions {
  /** The app client id the provider knows (default `local-bot-client`). */
  clientId?: string;
  /** Makes the client confidential: the token endpoint then requires this secret. Default: a public client. */
  clientSecret?: string;
  /** The SAML identity provider's name, as configured in Cognito (default `ADFS`). */
  identityProvider?: string;
  /** The app client's callback URLs. Default: any https URL, or http on localhost, as Cognito would accept. */
  callbackUrls?: readonly string[];
  people?: readonly SigninPerson[];
  port?: number;
  host?: string;
  /** The clock, ms since the epoch; tests pass one they can move to expire codes. */
  now?: () => number;
  /** An RSA private key to sign with; default: a new 2048-bit key each start. */
  privateKey?: KeyObject;
}

export interface IssuedRecords {
  codes: IssuedCode[];
  tokens: IssuedTokens[];
  /** Token requests refused, with the reason, which the HTTP answer (like Cognito's) does not give. */
  refusals: TokenRefusal[];
}

export interface SigninProvider {
  /** The base URL, playing the Cognito hosted-UI domain: `AUTH_DOMAIN_URL`. */
  url: string;
  /** The ID tokens' `iss`, the same as `url`: `AUTH_ISSUER`. */
  issuer: string;
  jwksUri: string;
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  identityProvider: string;
  people: readonly SigninPerson[];
  /** The signing key and its kid, so tests can craft tokens the bot must accept or refuse. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  /** Codes, tokens and refusals so far, as copies. */
  issued(): IssuedRecords;
  /** Valid ID token claims for a person as of now, as the token endpoint would issue them (without at_hash). */
  idTokenClaims(personKey: string): IdTokenClaims;
  /** Signs any payload with the provider's key and kid (RS256). */
  sign(payload: JwtPayload): string;
  /** The environment that points the bot at this provider. */
  env(): Record<string, string>;
  /** Forgets pages, codes, tokens and refusals. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_CLIENT_ID = 'local-bot-client';
const DEFAULT_IDENTITY_PROVIDER = 'ADFS';

export async function startSigninProvider(options: SigninProviderOptions = {}): Promise<SigninProvider> {
  const people = options.people ?? DEMO_PEOPLE;
  checkPeople(people);
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const identityProvider = options.identityProvider ?? DEFAULT_IDENTITY_PROVIDER;
  const now = options.now ?? Date.now;
  const privateKey = options.privateKey ?? (await newSigningKey());
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('The sign-in provider signs RS256: give it an RSA key.');
  const kid = jwkThumbprint(privateKey);
  const ledger = new Ledger(now);
  const peopleByKey = new Map(people.map((person) => [person.key, person]));

  let url = '';
  const parts = {
    ledger,
    people: peopleByKey,
    get issuer() {
      return url;
    },
    clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    identityProvider,
    privateKey,
    kid,
    now,
    client: {
      clientId,
      identityProvider,
      ...(options.callbackUrls ? { callbackUrls: options.callbackUrls } : {}),
    },
  };
  const served = await serve((req, res) => handleRequest(parts, req, res), options);
  url = served.url;

  const claimsFor = (personKey: string): IdTokenClaims => {
    const person = peopleByKey.get(personKey);
    if (!person) throw new Error(`The sign-in provider has no person "${personKey}".`);
    const at = now();
    const context: ClaimContext = {
      issuer: url,
      clientId,
      identityProvider,
      now: at,
      authTime: at,
      firstSignIn: ledger.firstSignIn(personKey),
      scope: 'openid email profile',
      originJti: randomUUID(),
    };
    return idTokenClaims(person, context);
  };

  return {
    url,
    issuer: url,
    jwksUri: `${url}${JWKS_PATH}`,
    authorizeUrl: `${url}${AUTHORIZE_PATH}`,
    tokenUrl: `${url}${TOKEN_PATH}`,
    clientId,
    identityProvider,
    people,
    privateKey,
    publicKey: createPublicKey(privateKey),
    kid,
    issued: () => ({
      codes: ledger.issuedCodes(),
      tokens: ledger.tokens.map((t) => ({ ...t })),
      refusals: ledger.refusals.map((r) => ({ ...r })),
    }),
    idTokenClaims: claimsFor,
    sign: (payload) => signRs256(payload, privateKey, kid),
    env: () => ({
      AUTH_DOMAIN_URL: url,
      AUTH_ISSUER: url,
      AUTH_CLIENT_ID: clientId,
      AUTH_IDENTITY_PROVIDER: identityProvider,
    }),
    reset: () => ledger.reset(),
    close: served.close,
  };
}

async function newSigningKey(): Promise<KeyObject> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return privateKey;
}
