/**
 * Verifies ID tokens with aws-jwt-verify: signature against the issuer's cached JWKS, issuer, audience
 * (our app client), expiry, and token_use = id. Cognito and the local provider differ only by URLs.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { AuthSettings } from '../config';
import { FetchJwksFetcher } from './jwks-fetcher';

export interface IdTokenVerifier {
  verify(idToken: string): Promise<JwtPayload>;
}

export function idTokenVerifier(auth: Pick<AuthSettings, 'issuer' | 'clientId'>): IdTokenVerifier {
  const verifier = JwtVerifier.create(
    {
      issuer: auth.issuer,
      audience: auth.clientId,
      jwksUri: `${auth.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id')
          throw new Error(`expected an ID token, got token_use ${String(payload.token_use)}`);
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: new FetchJwksFetcher() }) },
  );
  return { verify: (idToken) => verifier.verify(idToken) };
}
