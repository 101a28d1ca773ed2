/**
 * RS256 JSON Web Tokens and keys with node:crypto alone, so the stand-in adds no dependency and its tokens are
 * checked only by the verifier the bot really uses.
 */
import { createHash, createPublicKey, type JsonWebKey, type KeyObject, sign } from 'node:crypto';

export type JwtHeader = Record<string, unknown> & { alg: string; kid?: string };
export type JwtPayload = Record<string, unknown>;

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** `header.payload`, the part a signature covers. */
export function signingInput(header: JwtHeader, payload: JwtPayload): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
}

/** Signs with RSASSA-PKCS1-v1_5 over SHA-256, which is what RS256 means. */
export function signRs256(payload: JwtPayload, privateKey: KeyObject, kid: string): string {
  const input = signingInput({ kid, alg: 'RS256' }, payload);
  return `${input}.${base64url(sign('sha256', Buffer.from(input), privateKey))}`;
}

/** The header and payload of a compact JWT, unverified: for tests and records, never for trust. */
export function decodeJwt(token: string): { header: JwtHeader; payload: JwtPayload } {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) throw new Error('not a compact JWT');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as JwtHeader,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtPayload,
  };
}

/** The public half as a JWK, marked for RS256 signatures, as Cognito's JWKS lists it. */
export function publicJwk(privateOrPublicKey: KeyObject, kid: string): JsonWebKey {
  const { kty, n, e } = createPublicKey(privateOrPublicKey).export({ format: 'jwk' });
  return { alg: 'RS256', e, kid, kty, n, use: 'sig' };
}

/**
 * The RFC 7638 thumbprint of the public key: a kid that names the key itself, so a key passed in options keeps the
 * same kid across restarts and a different key can never share it by accident.
 */
export function jwkThumbprint(privateOrPublicKey: KeyObject): string {
  const { e, kty, n } = createPublicKey(privateOrPublicKey).export({ format: 'jwk' });
  return base64url(createHash('sha256').update(JSON.stringify({ e, kty, n })).digest());
}

/** OIDC `at_hash`: the left half of the SHA-256 of the access token, base64url. */
export function accessTokenHash(accessToken: string): string {
  return base64url(createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16));
}
