/**
 * Checks a `/oauth2/authorize` request the way Cognito and RFC 6749 4.1.2.1 do: a bad client or callback URL is
 * shown on an error page (redirecting there would hand the error to a stranger); every other fault goes back to the
 * callback URL as `error=...`, with the state.
 */
import { isS256Challenge } from './pkce';

/** The scopes a Cognito app client can be allowed; the stand-in's client is allowed them all. */
export const SUPPORTED_SCOPES = ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'] as const;

export interface ClientSettings {
  clientId: string;
  identityProvider: string;
  /** The app client's callback URLs; undefined accepts any URL Cognito would accept as one. */
  callbackUrls?: readonly string[];
}

/** A request that passed every check, kept while the person chooses who they are. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  state?: string;
  nonce?: string;
}

export type AuthorizeOutcome =
  | { kind: 'sign-in'; request: AuthorizeRequest }
  | { kind: 'error-page'; title: string; message: string }
  | { kind: 'redirect-error'; redirectUri: string; error: string; description: string; state?: string };

/** One value of a parameter: undefined when absent, null when repeated (RFC 6749 forbids repeats). */
function single(params: URLSearchParams, name: string): string | undefined | null {
  const values = params.getAll(name);
  if (values.length > 1) return null;
  return values[0];
}

export function checkAuthorizeRequest(params: URLSearchParams, client: ClientSettings): AuthorizeOutcome {
  const clientId = single(params, 'client_id');
  if (!clientId) {
    return { kind: 'error-page', title: 'Missing client', message: 'The request names no single client_id.' };
  }
  if (clientId !== client.clientId) {
    return { kind: 'error-page', title: 'Unknown client', message: `There is no app client "${clientId}".` };
  }
  const redirectUri = single(params, 'redirect_uri');
  if (!redirectUri) {
    return { kind: 'error-page', title: 'Missing callback URL', message: 'The request names no single redirect_uri.' };
  }
  const callbackProblem = callbackUrlProblem(redirectUri, client);
  if (callbackProblem) return { kind: 'error-page', title: 'Callback URL refused', message: callbackProblem };

  const state = single(params, 'state');
  const refuse = (error: string, description: string): AuthorizeOutcome => ({
    kind: 'redirect-error',
    redirectUri,
    error,
    description,
    ...(typeof state === 'string' ? { state } : {}),
  });
  if (state === null) return refuse('invalid_request', 'state was given more than once');
  for (const name of [
    'response_type',
    'scope',
    'code_challenge',
    'code_challenge_method',
    'identity_provider',
    'nonce',
  ]) {
    if (single(params, name) === null) return refuse('invalid_request', `${name} was given more than once`);
  }

  const responseType = params.get('response_type');
  if (!responseType) return refuse('invalid_request', 'response_type is required');
  // Cognito answers unauthorized_client when the app client is not allowed the implicit grant; this one never is.
  if (responseType === 'token') return refuse('unauthorized_client', 'the implicit grant is not allowed; use code');
  if (responseType !== 'code') return refuse('unsupported_response_type', 'response_type must be code');

  const scope = params.get('scope');
  const scopes = (scope ?? '').split(' ').filter(Boolean);
  const unknown = scopes.filter((s) => !(SUPPORTED_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return refuse('invalid_scope', `unknown scope ${unknown.join(', ')}`);
  if (!scopes.includes('openid')) return refuse('invalid_scope', 'scope must include openid to get an ID token');

  const method = params.get('code_challenge_method');
  const challenge = params.get('code_challenge');
  if (!challenge || !method)
    return refuse('invalid_request', 'PKCE is required: code_challenge and code_challenge_method=S256');
  if (method !== 'S256') return refuse('invalid_request', 'code_challenge_method must be S256');
  if (!isS256Challenge(challenge)) return refuse('invalid_request', 'code_challenge is not a base64url SHA-256 digest');

  const identityProvider = params.get('identity_provider');
  if (identityProvider !== null && identityProvider !== client.identityProvider) {
    return refuse('invalid_request', `identity_provider "${identityProvider}" is not configured for this client`);
  }

  const nonce = params.get('nonce');
  return {
    kind: 'sign-in',
    request: {
      clientId,
      redirectUri,
      scope: scopes.join(' '),
      codeChallenge: challenge,
      ...(typeof state === 'string' ? { state } : {}),
      ...(nonce !== null ? { nonce } : {}),
    },
  };
}

/**
 * Why Cognito would refuse this callback URL, if it would: it must be absolute, without a fragment, https unless it
 * is http on localhost, and one of the app client's callback URLs exactly.
 */
function callbackUrlProblem(redirectUri: string, client: ClientSettings): string | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return `redirect_uri "${redirectUri}" is not an absolute URL.`;
  }
  if (url.hash || redirectUri.includes('#')) return 'redirect_uri must not have a fragment.';
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'redirect_uri must use https, or http on localhost.';
  }
  if (client.callbackUrls && !client.callbackUrls.includes(redirectUri)) {
    return `redirect_uri "${redirectUri}" is not one of this app client's callback URLs.`;
  }
  return undefined;
}
