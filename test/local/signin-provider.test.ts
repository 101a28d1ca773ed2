/**
 * The local sign-in provider over real HTTP, and its ID tokens checked by the verifier production uses:
 * aws-jwt-verify's JwtVerifier with FetchJwksFetcher. Expected values are restated from Cognito's and the OAuth
 * RFCs' behaviour on purpose, not read from the provider's code.
 */
import { createHash } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import {
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtParseError,
  KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { FetchJwksFetcher } from '../../core/auth/jwks-fetcher';
import { parseAdUser, rolesFromGroups } from '../../core/identity';
import { DEMO_PEOPLE, decodeJwt, type SigninProvider, startSigninProvider } from '../../local/signin-provider';
import {
  accessUseIdToken,
  authorizeUrl,
  chooseOnSigninPage,
  idTokenFor,
  newPkce,
  noGroupsIdToken,
  type Pkce,
  refusedIdTokens,
  requestTokens,
} from '../helpers/tokens';

const CALLBACK = 'http://localhost:3000/auth/callback';
const GROUPS = { user: 'UserGroupMember', admin: 'AdminGroupMember' };

let provider: SigninProvider;

beforeAll(async () => {
  provider = await startSigninProvider();
});
afterAll(() => provider.close());
beforeEach(() => provider.reset());

/** The verifier as the bot builds it: Cognito and the stand-in differ only by issuer, client id and JWKS URL. */
function idTokenVerifier(p: SigninProvider, check = true) {
  return JwtVerifier.create(
    {
      issuer: p.issuer,
      audience: p.clientId,
      jwksUri: p.jwksUri,
      customJwtCheck: ({ payload }) => {
        if (check && payload.token_use !== 'id') throw new Error(`token_use is ${String(payload.token_use)}, not id`);
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: new FetchJwksFetcher() }) },
  );
}

/** Signs a person in through the page and returns the code, the state and the PKCE pair used. */
async function signIn(personKey: string, p = provider, redirectUri = CALLBACK, extra: Record<string, string> = {}) {
  const pkce = newPkce();
  const url = authorizeUrl(p, redirectUri, pkce, extra);
  const state = new URL(url).searchParams.get('state');
  const location = await chooseOnSigninPage(url, personKey);
  return { location, code: location.searchParams.get('code') ?? '', state, pkce };
}

function exchange(code: string, pkce: Pkce, p = provider, fields: Record<string, string | undefined> = {}) {
  return requestTokens(p, { code, redirect_uri: CALLBACK, code_verifier: pkce.verifier, ...fields });
}

/** Problems a browser or a screen reader would trip on: unbalanced tags, duplicate ids, dangling references. */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const voids = new Set(['meta', 'input', 'br', 'hr', 'img', 'link']);
  const open: string[] = [];
  for (const [, closing, name] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const tag = name!.toLowerCase();
    if (voids.has(tag)) continue;
    if (!closing) open.push(tag);
    else if (open.pop() !== tag) problems.push(`</${tag}> closes something else`);
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(', ')}`);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  if (new Set(ids).size !== ids.length) problems.push('duplicate ids');
  for (const [, ref] of html.matchAll(/aria-describedby="([^"]+)"/g)) {
    if (!ids.includes(ref!)) problems.push(`aria-describedby="${ref}" names no element`);
  }
  return problems;
}

const buttons = (html: string) =>
  [...html.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)].map(([, attributes, inner]) => ({
    attributes: attributes!,
    text: inner!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  }));

describe('the authorize page', () => {
  it('lists every demo person with their AD name and groups as labelled buttons, in valid accessible HTML', async () => {
    const answer = await fetch(authorizeUrl(provider, CALLBACK, newPkce()), { redirect: 'manual' });
    const html = await answer.text();

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Sign in to WorkSpaces Bot (local AD FS stand-in)</title>');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<main>');
    expect(html).not.toContain('<script');
    expect(html).toMatch(/<form method="post" action="\/login">/);
    expect(htmlProblems(html)).toEqual([]);

    const found = buttons(html);
    expect(found).toHaveLength(DEMO_PEOPLE.length + 1);
    for (const button of found) {
      expect(button.attributes).toContain('type="submit"');
      expect(button.text).not.toBe('');
    }
    expect(found.map((b) => b.text)).toEqual([
      'Alice Doe AD account: CORP\\alice (alice@corp.example.com) Groups: UserGroupMember',
      'Bob Stone AD account: CORP\\bob (bob@corp.example.com) Groups: UserGroupMember',
      'Carol Reyes AD account: CORP\\carol (carol@corp.example.com) Groups: UserGroupMember, AdminGroupMember',
      'Dave Kim AD account: CORP\\dave (dave@corp.example.com) Groups: Domain Users',
      'Erin Walsh AD account: erin (erin@corp.example.com) Groups: UserGroupMember',
      'Deny',
    ]);
  });

  it('escapes what it shows', async () => {
    const odd = await startSigninProvider({
      people: [
        { key: 'x', displayName: '<script>alert(1)</script>', adUserId: 'CORP\\"x"', email: 'x@corp.example.com' },
      ],
    });
    try {
      const html = await (await fetch(authorizeUrl(odd, CALLBACK, newPkce()))).text();
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('CORP\\&quot;x&quot;');
      expect(html).toContain('Groups: none sent');
      expect(htmlProblems(html)).toEqual([]);
    } finally {
      await odd.close();
    }
  });

  describe('refuses, on an error page and without redirecting, a request whose client or callback is not trusted', () => {
    it.each([
      ['no client_id', { client_id: undefined }],
      ['an unknown client_id', { client_id: 'someone-else' }],
      ['no redirect_uri', { redirect_uri: undefined }],
      ['a relative redirect_uri', { redirect_uri: '/auth/callback' }],
      ['a plain-http redirect_uri off localhost', { redirect_uri: 'http://evil.example/auth/callback' }],
      ['a redirect_uri with a fragment', { redirect_uri: `${CALLBACK}#x` }],
    ])('%s', async (_, changes) => {
      const answer = await fetch(authorizeUrl(provider, CALLBACK, newPkce(), changes), { redirect: 'manual' });
      const html = await answer.text();
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
      expect(html).toMatch(/<title>Sign-in error: [^<]+<\/title>/);
      expect(html).toContain('<html lang="en">');
      expect(htmlProblems(html)).toEqual([]);
    });

    it('a redirect_uri that is not one of the configured callback URLs', async () => {
      const strict = await startSigninProvider({ callbackUrls: ['https://bot.example.com/auth/callback'] });
      try {
        const refused = await fetch(authorizeUrl(strict, CALLBACK, newPkce()), { redirect: 'manual' });
        expect(refused.status).toBe(400);
        const accepted = await fetch(authorizeUrl(strict, 'https://bot.example.com/auth/callback', newPkce()));
        expect(accepted.status).toBe(200);
      } finally {
        await strict.close();
      }
    });
  });

  describe('sends every other bad request back to the callback with error= and the state', () => {
    it.each([
      ['the implicit grant (response_type=token)', { response_type: 'token' }, 'unauthorized_client'],
      ['no response_type', { response_type: undefined }, 'invalid_request'],
      ['response_type=id_token', { response_type: 'id_token' }, 'unsupported_response_type'],
      ['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
      ['no code_challenge_method', { code_challenge_method: undefined }, 'invalid_request'],
      ['code_challenge_method=plain', { code_challenge_method: 'plain' }, 'invalid_request'],
      ['a code_challenge that is no SHA-256 digest', { code_challenge: 'short' }, 'invalid_request'],
      ['no scope', { scope: undefined }, 'invalid_scope'],
      ['a scope without openid', { scope: 'email profile' }, 'invalid_scope'],
      ['an unknown scope', { scope: 'openid admin' }, 'invalid_scope'],
      ['another identity_provider', { identity_provider: 'Google' }, 'invalid_request'],
    ])('%s: %s', async (_, changes, error) => {
      const url = authorizeUrl(provider, `${CALLBACK}?from=chat`, newPkce(), changes);
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).toBe(302);
      const location = new URL(answer.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(location.searchParams.get('from')).toBe('chat');
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('error_description')).toBeTruthy();
      expect(location.searchParams.get('state')).toBe(new URL(url).searchParams.get('state'));
      expect(location.searchParams.has('code')).toBe(false);
    });

    it('a parameter given twice', async () => {
      const url = new URL(authorizeUrl(provider, CALLBACK, newPkce()));
      url.searchParams.append('scope', 'openid');
      const answer = await fetch(url, { redirect: 'manual' });
      expect(new URL(answer.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    });

    it('issues no code for any of them', () => {
      expect(provider.issued().codes).toEqual([]);
    });
  });

  it('redirects to the callback with a code and the state when a person is chosen, keeping its query', async () => {
    const { location, code, state } = await signIn('bob', provider, `${CALLBACK}?from=chat`);

    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('from')).toBe('chat');
    expect(location.searchParams.get('state')).toBe(state);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(provider.issued().codes).toEqual([
      expect.objectContaining({
        code,
        personKey: 'bob',
        clientId: 'local-bot-client',
        redirectUri: `${CALLBACK}?from=chat`,
      }),
    ]);
  });

  it('redirects with access_denied and the state on Deny, and issues nothing', async () => {
    const url = authorizeUrl(provider, CALLBACK, newPkce());
    const location = await chooseOnSigninPage(url, 'deny');

    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe(new URL(url).searchParams.get('state'));
    expect(location.searchParams.has('code')).toBe(false);
    expect(provider.issued().codes).toEqual([]);
  });

  it('accepts one choice per page: a replayed form and an unknown person get an error page', async () => {
    const html = await (await fetch(authorizeUrl(provider, CALLBACK, newPkce()))).text();
    const request = /name="request" value="([^"]+)"/.exec(html)![1]!;
    const post = (person: string) =>
      fetch(`${provider.url}/login`, {
        method: 'POST',
        body: new URLSearchParams({ request, person }),
        redirect: 'manual',
      });

    const unknown = await post('mallory');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Unknown person');
    expect((await post('alice')).status).toBe(302);
    const replay = await post('alice');
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used or has expired');
    expect(provider.issued().codes).toHaveLength(1);
  });
});

describe('the token endpoint', () => {
  it('exchanges a code once, with PKCE, for an ID token and an access token; the second exchange is refused', async () => {
    const { code, pkce } = await signIn('alice');

    const first = await exchange(code, pkce);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      id_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expires_in: 3600,
      token_type: 'Bearer',
    });
    expect(await exchange(code, pkce)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(provider.issued().tokens).toHaveLength(1);
    expect(provider.issued().refusals).toEqual([expect.objectContaining({ description: 'the code was already used' })]);
  });

  it('answers with no-store caching, as OAuth requires for tokens', async () => {
    const { code, pkce } = await signIn('alice');
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: provider.clientId,
      code,
      redirect_uri: CALLBACK,
      code_verifier: pkce.verifier,
    });
    const answer = await fetch(provider.tokenUrl, { method: 'POST', body: form });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('refuses a wrong code_verifier with invalid_grant, and the code is spent by the attempt', async () => {
    const { code, pkce } = await signIn('alice');
    expect(await exchange(code, newPkce())).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(await exchange(code, pkce)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(provider.issued().refusals.map((r) => r.description)).toEqual([
      'code_verifier does not match the code_challenge',
      'the code was already used',
    ]);
  });

  it('refuses a redirect_uri other than the one the code was issued for with invalid_grant', async () => {
    const { code, pkce } = await signIn('alice');
    const answer = await exchange(code, pkce, provider, { redirect_uri: 'http://localhost:3000/other' });
    expect(answer).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a code older than five minutes with invalid_grant', async () => {
    let clock = Date.now();
    const timed = await startSigninProvider({ now: () => clock });
    try {
      const fresh = await signIn('alice', timed);
      const stale = await signIn('alice', timed);
      clock += 5 * 60_000 - 1000;
      expect((await exchange(fresh.code, fresh.pkce, timed)).status).toBe(200);
      clock += 1000;
      expect(await exchange(stale.code, stale.pkce, timed)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
      expect(timed.issued().refusals).toEqual([expect.objectContaining({ description: 'the code has expired' })]);
    } finally {
      await timed.close();
    }
  });

  it.each([
    ['an unknown code', { code: 'not-a-code' }, 'invalid_grant'],
    ['no code', { code: undefined }, 'invalid_request'],
    ['no redirect_uri', { redirect_uri: undefined }, 'invalid_request'],
    ['no code_verifier', { code_verifier: undefined }, 'invalid_request'],
    ['no grant_type', { grant_type: undefined }, 'invalid_request'],
    ['grant_type=client_credentials', { grant_type: 'client_credentials' }, 'unsupported_grant_type'],
    ['grant_type=password', { grant_type: 'password' }, 'unsupported_grant_type'],
    ['no client_id', { client_id: undefined }, 'invalid_client'],
    ['an unknown client_id', { client_id: 'someone-else' }, 'invalid_client'],
    ['a client_secret for a public client', { client_secret: 'guess' }, 'invalid_client'],
  ])('refuses %s with %s', async (_, fields, error) => {
    const { code, pkce } = await signIn('alice');
    expect(await exchange(code, pkce, provider, fields)).toEqual({ status: 400, body: { error } });
  });

  it('refuses a body that is not a form with invalid_request, and a GET with 405', async () => {
    const json = await fetch(provider.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code' }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({ error: 'invalid_request' });
    const get = await fetch(provider.tokenUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('authenticates a confidential client by HTTP Basic, and refuses it without the right secret', async () => {
    const confidential = await startSigninProvider({ clientSecret: 'local-secret' });
    try {
      const basic = (secret: string) => `Basic ${Buffer.from(`${confidential.clientId}:${secret}`).toString('base64')}`;
      const post = async (authorization: string | undefined) => {
        const { code, pkce } = await signIn('alice', confidential);
        const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
        form.set('code_verifier', pkce.verifier);
        const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
        if (!authorization) form.set('client_id', confidential.clientId);
        const answer = await fetch(confidential.tokenUrl, { method: 'POST', body: form, headers });
        return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
      };
      expect((await post(basic('local-secret'))).status).toBe(200);
      expect(await post(basic('wrong'))).toEqual({ status: 400, body: { error: 'invalid_client' } });
      expect(await post(undefined)).toEqual({ status: 400, body: { error: 'invalid_client' } });
    } finally {
      await confidential.close();
    }
  });
});

describe('keys and discovery', () => {
  it('serves the public key as an RS256 JWKS under the kid of its tokens, and nothing private', async () => {
    const answer = await fetch(provider.jwksUri);
    const jwks = (await answer.json()) as { keys: Record<string, unknown>[] };
    expect(answer.status).toBe(200);
    expect(jwks.keys).toEqual([
      { kty: 'RSA', alg: 'RS256', use: 'sig', kid: provider.kid, e: 'AQAB', n: expect.stringMatching(/^[\w-]{342}$/) },
    ]);
  });

  it('serves an OpenID configuration naming the endpoints, code flow only and S256 only', async () => {
    const config = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.url}/oauth2/authorize`,
      token_endpoint: `${provider.url}/oauth2/token`,
      jwks_uri: provider.jwksUri,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('answers 404 for paths it does not serve', async () => {
    expect((await fetch(`${provider.url}/oauth2/userInfo`)).status).toBe(404);
  });
});

describe('the issued ID token', () => {
  async function idTokenOf(personKey: string, extra: Record<string, string> = {}) {
    const { code, pkce } = await signIn(personKey, provider, CALLBACK, extra);
    const { body } = await exchange(code, pkce);
    return { idToken: body.id_token as string, accessToken: body.access_token as string };
  }

  it('is shaped like a Cognito ID token for a SAML-federated user', async () => {
    const { idToken, accessToken } = await idTokenOf('carol', { nonce: 'n-123' });
    const { header, payload } = decodeJwt(idToken);
    const now = Math.floor(Date.now() / 1000);

    expect(header).toEqual({ kid: provider.kid, alg: 'RS256' });
    expect(payload).toEqual({
      at_hash: createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url'),
      sub: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'cognito:groups': ['us-east-1_LocalPool_ADFS'],
      email_verified: false,
      iss: provider.issuer,
      'cognito:username': 'ADFS_carol@corp.example.com',
      nonce: 'n-123',
      origin_jti: expect.any(String),
      aud: 'local-bot-client',
      identities: [
        {
          userId: 'CORP\\carol',
          providerName: 'ADFS',
          providerType: 'SAML',
          issuer: null,
          primary: 'true',
          dateCreated: expect.stringMatching(/^\d{13}$/),
        },
      ],
      token_use: 'id',
      auth_time: expect.any(Number),
      exp: (payload.iat as number) + 3600,
      iat: expect.any(Number),
      jti: expect.any(String),
      email: 'carol@corp.example.com',
      'custom:ADGroups': '[UserGroupMember, AdminGroupMember]',
    });
    expect(Math.abs((payload.iat as number) - now)).toBeLessThanOrEqual(2);
    expect(decodeJwt(accessToken).payload).toMatchObject({
      token_use: 'access',
      client_id: 'local-bot-client',
      scope: 'openid email profile',
      sub: payload.sub,
      origin_jti: payload.origin_jti,
    });
  });

  it('keeps sub stable per person, across sign-ins and provider restarts, and distinct between people', async () => {
    const first = decodeJwt((await idTokenOf('alice')).idToken).payload;
    const again = decodeJwt((await idTokenOf('alice')).idToken).payload;
    const bob = decodeJwt((await idTokenOf('bob')).idToken).payload;
    const restarted = await startSigninProvider();
    try {
      expect(again.sub).toBe(first.sub);
      expect(again.identities).toEqual(first.identities);
      expect(restarted.idTokenClaims('alice').sub).toBe(first.sub);
      expect(bob.sub).not.toBe(first.sub);
    } finally {
      await restarted.close();
    }
  });

  it('verifies with aws-jwt-verify and FetchJwksFetcher, and reads as each demo person should', async () => {
    const verifier = idTokenVerifier(provider);
    const expected: Record<string, { user: ReturnType<typeof parseAdUser>; roles: string[] }> = {
      alice: { user: { userName: 'alice', domain: 'corp' }, roles: ['user'] },
      bob: { user: { userName: 'bob', domain: 'corp' }, roles: ['user'] },
      carol: { user: { userName: 'carol', domain: 'corp' }, roles: ['user', 'admin'] },
      dave: { user: { userName: 'dave', domain: 'corp' }, roles: [] },
      erin: { user: { userName: 'erin' }, roles: ['user'] },
    };
    for (const [personKey, { user, roles }] of Object.entries(expected)) {
      const payload = await verifier.verify((await idTokenOf(personKey)).idToken);
      const identities = payload.identities as { userId: string }[];
      expect(parseAdUser(identities[0]!.userId)).toEqual(user);
      expect([...rolesFromGroups(payload['custom:ADGroups'], GROUPS)]).toEqual(roles);
    }
  });

  it('is refused by a verifier configured for another provider, whose JWKS lacks this kid', async () => {
    const other = await startSigninProvider({ clientId: 'other-client' });
    try {
      const { idToken } = await idTokenOf('alice');
      await expect(idTokenVerifier(other).verify(idToken)).rejects.toThrow(KidNotFoundInJwksError);
    } finally {
      await other.close();
    }
  });

  it('refuses the issued access token offered as an ID token', async () => {
    const { accessToken } = await idTokenOf('alice');
    await expect(idTokenVerifier(provider).verify(accessToken)).rejects.toThrow(JwtInvalidAudienceError);
  });
});

describe('crafted tokens from test/helpers/tokens.ts', () => {
  it('a token crafted with no changes verifies, so each refusal below is down to its one fault', async () => {
    await expect(idTokenVerifier(provider).verify(idTokenFor(provider, 'alice'))).resolves.toMatchObject({
      'cognito:username': 'ADFS_alice@corp.example.com',
    });
  });

  const expectedErrors: Record<string, unknown> = {
    expired: JwtExpiredError,
    'wrong audience': JwtInvalidAudienceError,
    'wrong issuer': JwtInvalidIssuerError,
    "token_use 'access'": /token_use is access, not id/,
    'tampered payload': JwtInvalidSignatureError,
    // aws-jwt-verify refuses an empty signature while parsing, before it looks at alg.
    'alg none': JwtParseError,
    'alg none with a signature left on': JwtInvalidSignatureAlgorithmError,
    "stranger's key under the provider's kid": JwtInvalidSignatureError,
  };

  it.each(Object.entries(expectedErrors))('the verifier refuses a token that is %s', async (name, error) => {
    const token = refusedIdTokens(provider)[name];
    expect(token).toBeDefined();
    await expect(idTokenVerifier(provider).verify(token!)).rejects.toThrow(error as Error);
  });

  it('names every refused token with an expectation here', () => {
    expect(Object.keys(refusedIdTokens(provider)).sort()).toEqual(Object.keys(expectedErrors).sort());
  });

  it('a token without groups verifies, carries no groups claim, and grants no role', async () => {
    const payload = await idTokenVerifier(provider).verify(noGroupsIdToken(provider, 'alice'));
    expect(payload).not.toHaveProperty('custom:ADGroups');
    expect(rolesFromGroups(payload['custom:ADGroups'], GROUPS).size).toBe(0);
  });

  it('JwtVerifier alone does not check token_use: the customJwtCheck is what refuses an access token', async () => {
    await expect(idTokenVerifier(provider, false).verify(accessUseIdToken(provider))).resolves.toMatchObject({
      token_use: 'access',
    });
  });
});
