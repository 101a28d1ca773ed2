/**
 * Routes HTTP requests to the provider's endpoints, at the same paths as Cognito's hosted UI and user pool:
 * `/oauth2/authorize`, `/login` (the sign-in page's form), `/oauth2/token` and `/.well-known/*`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body';
import { type ClientSettings, checkAuthorizeRequest, SUPPORTED_SCOPES } from './authorize';
import { publicJwk } from './jwt';
import { errorPage, LOGIN_PATH, signinPage } from './pages';
import { answerTokenRequest, type TokenEndpointParts } from './token';

export const AUTHORIZE_PATH = '/oauth2/authorize';
export const TOKEN_PATH = '/oauth2/token';
export const JWKS_PATH = '/.well-known/jwks.json';
export const DISCOVERY_PATH = '/.well-known/openid-configuration';

export interface ServerParts extends TokenEndpointParts {
  client: ClientSettings;
}

const ROUTES: Record<string, { method: 'GET' | 'POST'; handle: (parts: ServerParts, req: Request) => Answer }> = {
  [AUTHORIZE_PATH]: { method: 'GET', handle: authorize },
  [LOGIN_PATH]: { method: 'POST', handle: login },
  [TOKEN_PATH]: { method: 'POST', handle: token },
  [JWKS_PATH]: { method: 'GET', handle: (parts) => json(200, { keys: [publicJwk(parts.privateKey, parts.kid)] }) },
  [DISCOVERY_PATH]: { method: 'GET', handle: (parts) => json(200, discovery(parts)) },
};

interface Request {
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function handleRequest(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const body = (await readBody(req)).toString('utf8');
  const route = ROUTES[url.pathname];
  let answer: Answer;
  if (!route) answer = json(404, { error: 'not_found' });
  else if (req.method !== route.method) answer = methodNotAllowed(route.method);
  else answer = route.handle(parts, { url, headers: req.headers, body });
  if (res.destroyed) return;
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

function authorize(parts: ServerParts, req: Request): Answer {
  const outcome = checkAuthorizeRequest(req.url.searchParams, parts.client);
  switch (outcome.kind) {
    case 'error-page':
      return html(400, errorPage(outcome.title, outcome.message));
    case 'redirect-error':
      return redirect(outcome.redirectUri, {
        error: outcome.error,
        error_description: outcome.description,
        state: outcome.state,
      });
    case 'sign-in': {
      const page = parts.ledger.openPage(outcome.request);
      return html(200, signinPage(page.id, [...parts.people.values()], parts.client.identityProvider));
    }
  }
}

/** The sign-in page's choice: a person (a code for the callback) or Deny (access_denied for the callback). */
function login(parts: ServerParts, req: Request): Answer {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return html(400, errorPage('Unreadable form', 'The sign-in form must be posted as a form.'));
  }
  const form = new URLSearchParams(req.body);
  const personKey = form.get('person');
  const denied = form.has('deny');
  if (!denied && (personKey === null || !parts.people.has(personKey))) {
    return html(400, errorPage('Unknown person', 'Choose one of the people listed on the sign-in page.'));
  }
  const page = parts.ledger.takePage(form.get('request') ?? '');
  if (!page) {
    return html(
      400,
      errorPage('Sign-in page expired', 'This sign-in page was already used or has expired. Nobody was signed in.'),
    );
  }
  const { request } = page;
  if (denied) {
    return redirect(request.redirectUri, {
      error: 'access_denied',
      error_description: 'The person declined to sign in.',
      state: request.state,
    });
  }
  const code = parts.ledger.issueCode(personKey!, request);
  return redirect(request.redirectUri, { code: code.code, state: request.state });
}

function token(parts: ServerParts, req: Request): Answer {
  const { headers, body } = req;
  const answer = answerTokenRequest(parts, {
    contentType: headers['content-type'],
    authorization: headers.authorization,
    body,
  });
  return json(answer.status, answer.body);
}

/** Enough of OpenID Connect Discovery for a client or a person to find every endpoint from the issuer. */
function discovery(parts: ServerParts): Record<string, unknown> {
  return {
    issuer: parts.issuer,
    authorization_endpoint: `${parts.issuer}${AUTHORIZE_PATH}`,
    token_endpoint: `${parts.issuer}${TOKEN_PATH}`,
    jwks_uri: `${parts.issuer}${JWKS_PATH}`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: [...SUPPORTED_SCOPES],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported:
      parts.clientSecret === undefined ? ['none'] : ['client_secret_basic', 'client_secret_post'],
  };
}

/** A 302 to the callback with these parameters added to its own query, leaving out the undefined ones. */
function redirect(redirectUri: string, params: Record<string, string | undefined>): Answer {
  const location = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) location.searchParams.set(name, value);
  return { status: 302, headers: { Location: location.toString(), 'Cache-Control': 'no-store' }, body: '' };
}

function html(status: number, body: string): Answer {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // No scripts, no framing (click-jacking the sign-in), no referrer carrying the query to other sites.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
}

function json(status: number, payload: unknown): Answer {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    body: JSON.stringify(payload),
  };
}

function methodNotAllowed(allowed: string): Answer {
  const answer = json(405, { error: 'method_not_allowed' });
  return { ...answer, headers: { ...answer.headers, Allow: allowed } };
}
