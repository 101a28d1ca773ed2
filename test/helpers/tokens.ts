/**
 * Crafted ID tokens and sign-in steps for tests that drive the local sign-in provider: a valid token for a person
 * with claims changed (expired, another audience or issuer, an access token, no groups), and tokens the verifier
 * must refuse whatever their claims (tampered after signing, `alg: none`, signed by a stranger's key under the
 * provider's kid). Plus the browser's part of the code flow, over real HTTP.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import {
  base64url,
  decodeJwt,
  type JwtPayload,
  type SigninProvider,
  s256Challenge,
  signingInput,
  signRs256,
} from '../../local/signin-provider';

/** Claim changes: a value replaces the claim, `undefined` removes it. */
export type ClaimChanges = Record<string, unknown>;

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function withClaims(claims: object, changes: ClaimChanges): JwtPayload {
  const payload: JwtPayload = { ...claims };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete payload[name];
    else payload[name] = value;
  }
  return payload;
}

/** A token the provider itself signed for this person, with these claims changed. */
export function idTokenFor(provider: SigninProvider, personKey = 'alice', changes: ClaimChanges = {}): string {
  return provider.sign(withClaims(provider.idTokenClaims(personKey), changes));
}

/** Signed correctly, but it expired an hour ago. */
export function expiredIdToken(provider: SigninProvider, personKey = 'alice'): string {
  const now = nowSeconds();
  return idTokenFor(provider, personKey, { auth_time: now - 7200, iat: now - 7200, exp: now - 3600 });
}

/** Signed correctly, for another app client. */
export function wrongAudienceIdToken(provider: SigninProvider, personKey = 'alice'): string {
  return idTokenFor(provider, personKey, { aud: 'some-other-client' });
}

/** Signed with the provider's key, yet claiming another issuer (a pool that is not ours). */
export function wrongIssuerIdToken(provider: SigninProvider, personKey = 'alice'): string {
  return idTokenFor(provider, personKey, { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_NotOurs' });
}

/** Signed correctly, but an access token offered as an ID token. */
export function accessUseIdToken(provider: SigninProvider, personKey = 'alice'): string {
  return idTokenFor(provider, personKey, { token_use: 'access' });
}

/** Valid in every way the verifier checks, with no groups claim: the bot itself must refuse to link it. */
export function noGroupsIdToken(provider: SigninProvider, personKey = 'alice'): string {
  return idTokenFor(provider, personKey, { 'custom:ADGroups': undefined });
}

/** Alice's genuine token with the payload rewritten after signing, to make her an admin. */
export function tamperedIdToken(
  provider: SigninProvider,
  personKey = 'alice',
  changes: ClaimChanges = { 'custom:ADGroups': '[UserGroupMember, AdminGroupMember]' },
): string {
  const genuine = idTokenFor(provider, personKey);
  const [header, , signature] = genuine.split('.');
  const payload = withClaims(decodeJwt(genuine).payload, changes);
  return `${header}.${base64url(JSON.stringify(payload))}.${signature}`;
}

/**
 * An `alg: none` token naming the provider's kid: with an empty signature (the classic forgery), or with the
 * signature of a genuine token left on, for verifiers that only look at the signature's presence.
 */
export function unsignedIdToken(provider: SigninProvider, personKey = 'alice', keepSignature = false): string {
  const input = signingInput({ kid: provider.kid, alg: 'none' }, { ...provider.idTokenClaims(personKey) });
  return `${input}.${keepSignature ? idTokenFor(provider, personKey).split('.')[2] : ''}`;
}

let strangerKey: KeyObject | undefined;

/** Signed RS256 by a key the provider never published, while claiming the provider's kid. */
export function strangerSignedIdToken(provider: SigninProvider, personKey = 'alice'): string {
  strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return signRs256({ ...provider.idTokenClaims(personKey) }, strangerKey, provider.kid);
}

/** Every token a verifier configured for this provider must refuse, by name, for table-driven tests. */
export function refusedIdTokens(provider: SigninProvider, personKey = 'alice'): Record<string, string> {
  return {
    expired: expiredIdToken(provider, personKey),
    'wrong audience': wrongAudienceIdToken(provider, personKey),
    'wrong issuer': wrongIssuerIdToken(provider, personKey),
    "token_use 'access'": accessUseIdToken(provider, personKey),
    'tampered payload': tamperedIdToken(provider, personKey),
    'alg none': unsignedIdToken(provider, personKey),
    'alg none with a signature left on': unsignedIdToken(provider, personKey, true),
    "stranger's key under the provider's kid": strangerSignedIdToken(provider, personKey),
  };
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

/** An `/oauth2/authorize` URL as the bot builds it; `changes` sets (or, with undefined, drops) parameters. */
export function authorizeUrl(
  provider: SigninProvider,
  redirectUri: string,
  pkce: Pkce,
  changes: Record<string, string | undefined> = {},
): string {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: redirectUri,
    state: randomBytes(16).toString('base64url'),
    scope: 'openid email profile',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    identity_provider: provider.identityProvider,
    ...changes,
  };
  const url = new URL(provider.authorizeUrl);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * Plays the browser on the sign-in page: opens `url` (an authorize URL), presses the person's button (or Deny),
 * and returns where the provider redirected. Throws when a step does not answer as a working page would.
 */
export async function chooseOnSigninPage(url: string, choice: string): Promise<URL> {
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the authorize page answered HTTP ${page.status}: ${html.slice(0, 200)}`);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const request = /<input type="hidden" name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !request) throw new Error('the authorize page has no sign-in form');
  const form = new URLSearchParams({ request });
  if (choice === 'deny') form.set('deny', 'deny');
  else form.set('person', choice);
  const answer = await fetch(new URL(action, url), { method: 'POST', body: form, redirect: 'manual' });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`choosing ${choice} answered HTTP ${answer.status}`);
  return new URL(location);
}

/** Posts a token request as the bot does; `changes` sets (or, with undefined, drops) form fields. */
export async function requestTokens(
  provider: SigninProvider,
  fields: Record<string, string | undefined>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries({
    grant_type: 'authorization_code',
    client_id: provider.clientId,
    ...fields,
  })) {
    if (value !== undefined) form.set(name, value);
  }
  const answer = await fetch(provider.tokenUrl, { method: 'POST', body: form, redirect: 'manual' });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}
