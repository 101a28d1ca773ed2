/**
 * `POST /oauth2/token` for the authorization code grant, answering as Cognito does: JSON tokens on success, HTTP
 * 400 with a bare `{ error }` otherwise. Why a request was refused is kept in the ledger for tests, not sent.
 */
import { type KeyObject, randomUUID, timingSafeEqual } from 'node:crypto';
import { accessTokenClaims, type ClaimContext, idTokenClaims, TOKEN_LIFETIME_SECONDS } from './claims';
import { accessTokenHash, signRs256 } from './jwt';
import type { Ledger } from './ledger';
import type { SigninPerson } from './people';
import { verifierMatches } from './pkce';

export type TokenError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

export interface TokenSuccess {
  id_token: string;
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

export type TokenAnswer = { status: 200; body: TokenSuccess } | { status: 400; body: { error: TokenError } };

export interface TokenEndpointParts {
  ledger: Ledger;
  people: ReadonlyMap<string, SigninPerson>;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  identityProvider: string;
  privateKey: KeyObject;
  kid: string;
  now: () => number;
}

export interface TokenRequest {
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
}

class Refusal extends Error {
  constructor(
    readonly error: TokenError,
    description: string,
  ) {
    super(description);
  }
}

export function answerTokenRequest(parts: TokenEndpointParts, request: TokenRequest): TokenAnswer {
  try {
    return { status: 200, body: exchangeCode(parts, request) };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    parts.ledger.refusals.push({ error: error.error, description: error.message, at: parts.now() });
    return { status: 400, body: { error: error.error } };
  }
}

function exchangeCode(parts: TokenEndpointParts, request: TokenRequest): TokenSuccess {
  const type = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new Refusal('invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams(request.body);
  for (const name of new Set(params.keys())) {
    if (params.getAll(name).length > 1) throw new Refusal('invalid_request', `${name} was given more than once`);
  }
  const grantType = params.get('grant_type');
  if (!grantType) throw new Refusal('invalid_request', 'grant_type is required');
  if (grantType !== 'authorization_code') {
    throw new Refusal('unsupported_grant_type', `grant_type ${grantType} is not served here`);
  }
  authenticateClient(parts, request.authorization, params);

  const code = params.get('code');
  const redirectUri = params.get('redirect_uri');
  const verifier = params.get('code_verifier');
  if (!code) throw new Refusal('invalid_request', 'code is required');
  if (!redirectUri) throw new Refusal('invalid_request', 'redirect_uri is required');
  if (!verifier) throw new Refusal('invalid_request', 'code_verifier is required: the code was issued with PKCE');

  const issued = parts.ledger.code(code);
  if (!issued) throw new Refusal('invalid_grant', 'unknown code');
  if (issued.redeemedAt !== undefined) throw new Refusal('invalid_grant', 'the code was already used');
  // Any attempt spends the code, so a stolen one cannot be tried against many guessed verifiers.
  const now = parts.now();
  issued.redeemedAt = now;
  if (now >= issued.expiresAt) throw new Refusal('invalid_grant', 'the code has expired');
  if (issued.clientId !== parts.clientId) throw new Refusal('invalid_grant', 'the code was issued to another client');
  if (issued.redirectUri !== redirectUri) {
    throw new Refusal('invalid_grant', 'redirect_uri differs from the one the code was issued for');
  }
  if (!verifierMatches(verifier, issued.codeChallenge)) {
    throw new Refusal('invalid_grant', 'code_verifier does not match the code_challenge');
  }
  const person = parts.people.get(issued.personKey);
  if (!person) throw new Refusal('invalid_grant', `person ${issued.personKey} is no longer known`);

  const context: ClaimContext = {
    issuer: parts.issuer,
    clientId: parts.clientId,
    identityProvider: parts.identityProvider,
    now,
    authTime: issued.issuedAt,
    firstSignIn: parts.ledger.firstSignIn(person.key),
    scope: issued.scope,
    originJti: randomUUID(),
    ...(issued.nonce !== undefined ? { nonce: issued.nonce } : {}),
  };
  const accessToken = signRs256({ ...accessTokenClaims(person, context) }, parts.privateKey, parts.kid);
  const claims = idTokenClaims(person, context, accessTokenHash(accessToken));
  const idToken = signRs256({ ...claims }, parts.privateKey, parts.kid);
  parts.ledger.tokens.push({ code, personKey: person.key, idToken, accessToken, idTokenClaims: claims, issuedAt: now });
  return { id_token: idToken, access_token: accessToken, expires_in: TOKEN_LIFETIME_SECONDS, token_type: 'Bearer' };
}

/**
 * The client is named by HTTP Basic or by client_id in the body. A public client (no secret configured) must not
 * present a secret, and a confidential one must present the right one, as Cognito insists.
 */
function authenticateClient(
  parts: TokenEndpointParts,
  authorization: string | undefined,
  params: URLSearchParams,
): void {
  let clientId = params.get('client_id') ?? undefined;
  let secret = params.get('client_secret') ?? undefined;
  if (authorization !== undefined) {
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization)?.[1];
    const decoded = basic ? Buffer.from(basic, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new Refusal('invalid_client', 'the Authorization header is not HTTP Basic client_id:secret');
    const headerId = formDecode(decoded.slice(0, colon));
    if (clientId !== undefined && clientId !== headerId) {
      throw new Refusal('invalid_client', 'client_id in the body and in the Authorization header differ');
    }
    if (secret !== undefined) throw new Refusal('invalid_request', 'the client authenticated in two ways');
    clientId = headerId;
    secret = formDecode(decoded.slice(colon + 1));
  }
  if (!clientId) throw new Refusal('invalid_client', 'no client_id');
  if (clientId !== parts.clientId) throw new Refusal('invalid_client', `unknown client ${clientId}`);
  if (parts.clientSecret === undefined) {
    if (secret) throw new Refusal('invalid_client', 'this public client has no secret, yet one was sent');
    return;
  }
  if (!secret || !sameSecret(secret, parts.clientSecret)) throw new Refusal('invalid_client', 'wrong client secret');
}

/** RFC 6749 2.3.1 form-encodes the id and secret before joining them; a malformed escape is a bad client. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new Refusal('invalid_client', 'the Authorization header is not form-encoded');
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
