/**
 * The whole sign-in over real HTTP: the bot's routes as its function URL serves them, the local sign-in
 * provider (the same aws-jwt-verify code path as Cognito), DynamoDB Local, and the Slack stand-in that
 * receives the "Linked as ..." message. Then every bad input: each gets a clear page and links nothing.
 */

import { type Bot, createBot } from '../../../bot/app';
import { callbackRoute } from '../../../bot/auth/routes';
import { router } from '../../../bot/http/router';
import type { HttpHandler } from '../../../bot/http/types';
import { createSigninLink, type SigninDeps } from '../../../core/auth/signin';
import { loadConfig } from '../../../core/config';
import type { Log } from '../../../core/logger';
import type { ChatIdentity } from '../../../core/policy';
import { type LambdaServer, startLambdaServer } from '../../../local/http/lambda-server';
import { type SigninProvider, startSigninProvider } from '../../../local/signin-provider';
import type { SlackApiStandIn } from '../../../local/slack-api';
import { get, signInThroughBrowser as signInAs } from '../../helpers/browser-signin';
import { testTables } from '../../helpers/dynamo';
import { BOT_TOKEN, startSlackStandIn } from '../../helpers/slack-api';
import * as tokens from '../../helpers/tokens';

let provider: SigninProvider;
let slack: SlackApiStandIn;
let bot: LambdaServer;
let deps: SigninDeps;
let created: Bot;
const logged: string[] = [];
const log: Log = {
  debug: () => {},
  info: (...args: unknown[]) => void logged.push(JSON.stringify(args)),
  warn: (...args: unknown[]) => void logged.push(JSON.stringify(args)),
  error: (...args: unknown[]) => void logged.push(JSON.stringify(args)),
};

let handler: HttpHandler = async () => ({ statusCode: 503 });

beforeAll(async () => {
  provider = await startSigninProvider();
  slack = await startSlackStandIn();
  bot = await startLambdaServer((event) => handler(event));
  const tables = await testTables();
  const config = loadConfig({
    ...process.env,
    TABLE_PREFIX: tables.prefix,
    AUTH_CLIENT_ID: provider.clientId,
    AUTH_DOMAIN_URL: provider.url,
    AUTH_ISSUER: provider.issuer,
    AUTH_IDENTITY_PROVIDER: provider.identityProvider,
    PUBLIC_URL: bot.url,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  });
  created = createBot({ config, log });
  handler = created.handler;
  // The bot's own sign-in, with its platforms' notifiers: what a person is told in chat comes through them.
  deps = created.signin;
});
afterAll(async () => {
  await Promise.all([bot.close(), provider.close(), slack.close()]);
});

const chatOf = (userId: string): ChatIdentity => ({ platform: 'slack', tenantId: 'T0TEST', userId });

/** A sign-in link as the conversation makes it for a Slack user: their DM is where the outcome is told. */
const signinLink = (signin: SigninDeps, chat: ChatIdentity, chatEmail?: string) =>
  createSigninLink(signin, chat, {
    ...(chatEmail ? { chatEmail } : {}),
    notify: { platform: 'slack', kind: 'message', channel: chat.userId },
  });

/** Follows the sign-in as a browser would, choosing `person` (or Deny) on the provider's page. */
const signInThroughBrowser = (startUrl: string, person: string | 'deny') => signInAs(provider.url, startUrl, person);

describe('signing in', () => {
  it('links a chat user to their AD identity through the code grant with PKCE, and says so in chat', async () => {
    const chat = chatOf('U0ALICE');
    const startUrl = await signinLink(deps, chat, 'alice@corp.example.com');
    expect(startUrl).toMatch(new RegExp(`^${bot.url}/auth/start\\?state=[\\w-]{43}$`));

    const { start, callback, result } = await signInThroughBrowser(startUrl, 'alice');

    const authorize = new URL(start.location);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.url}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${bot.url}/auth/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      identity_provider: 'ADFS',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(start.location).not.toContain('verifier');
    expect(callback).not.toMatch(/token/);

    expect(result.status).toBe(200);
    expect(result.body).toContain('Linked as alice');
    expect(result.body).toContain('WorkSpaces user');
    expect(result.body).toContain('You can close this tab');
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.body).toMatch(/<html lang="en">/);

    const link = await deps.linkStore.get(chat, new Date());
    expect(link).toMatchObject({
      adUserName: 'alice',
      adDomain: 'corp',
      roles: ['user'],
      email: 'alice@corp.example.com',
    });
    expect(Date.parse(link!.expiresAt) - Date.parse(link!.linkedAt)).toBe(30 * 86_400_000);
    const dm = await slack.waitForCall('chat.postMessage', (call) => call.args.channel === 'U0ALICE');
    expect(String(dm.args.text)).toContain('Linked as alice: WorkSpaces user');
    // Written the way whoami writes it.
    expect(String(dm.args.text)).toMatch(/acts as (CORP\\alice|alice@corp\.example\.com)\./);
  });

  it('links an admin with both roles, and a user whose AD name has no domain', async () => {
    await signInThroughBrowser(await signinLink(deps, chatOf('U0CAROL')), 'carol');
    expect((await deps.linkStore.get(chatOf('U0CAROL'), new Date()))?.roles).toEqual(['user', 'admin']);
    const { result } = await signInThroughBrowser(await signinLink(deps, chatOf('U0ERIN')), 'erin');
    expect(result.status).toBe(200);
    expect(await deps.linkStore.get(chatOf('U0ERIN'), new Date())).toMatchObject({ adUserName: 'erin' });
    expect((await deps.linkStore.get(chatOf('U0ERIN'), new Date()))?.adDomain).toBeUndefined();
  });
});

describe('the sign-in DM', () => {
  it('escapes the names from the claims, so a claim like <!channel> or <@U…> pings nobody', async () => {
    const token = tokens.idTokenFor(provider, 'alice', {
      identities: [{ userId: 'CORP\\<!channel><@U0BOSS>', primary: 'true' }],
    });
    const crafted = router({
      '/auth/callback': { GET: (event) => callbackRoute({ ...deps, exchange: async () => token }, event) },
    });
    const server = await startLambdaServer(crafted);
    try {
      const chat = chatOf('U0HOSTILE');
      const state = new URL(await signinLink(deps, chat)).searchParams.get('state');
      const result = await get(`${server.url}/auth/callback?state=${state}&code=anything`);
      expect(result.status).toBe(200);
      // The outcome was handed to the worker; in one process, its work starts once released.
      await created.drain();
      // The page is HTML-escaped.
      expect(result.body).not.toContain('<!channel>');
      const dm = await slack.waitForCall('chat.postMessage', (call) => call.args.channel === 'U0HOSTILE');
      const all = JSON.stringify([dm.args.text, dm.args.blocks]);
      expect(all.toLowerCase()).toContain('&lt;!channel&gt;&lt;@u0boss&gt;');
      expect(all).not.toMatch(/<!channel>|<@U0BOSS>/i);
      expect(String(dm.args.text)).toContain('Try /workspace list.');
    } finally {
      await server.close();
    }
  });
});

describe('bad input gets a clear page and links nothing', () => {
  it('refuses an unknown state at either route', async () => {
    for (const path of ['/auth/start?state=nope', '/auth/callback?state=nope&code=x', '/auth/start']) {
      const result = await get(`${bot.url}${path}`);
      expect(result.status).toBe(410);
      expect(result.body).toContain('expired or was already used');
    }
  });

  it('refuses a state used twice', async () => {
    const { callback } = await signInThroughBrowser(await signinLink(deps, chatOf('U0TWICE')), 'bob');
    await deps.linkStore.delete(chatOf('U0TWICE'));
    const again = await get(callback);
    expect(again.status).toBe(410);
    expect(await deps.linkStore.get(chatOf('U0TWICE'), new Date())).toBeUndefined();
  });

  it('refuses an expired state', async () => {
    const old = { ...deps, now: () => new Date(Date.now() - 11 * 60_000) };
    const startUrl = await signinLink(old, chatOf('U0LATE'));
    const result = await get(startUrl);
    expect(result.status).toBe(410);
  });

  it("refuses another person's link (the chat account's email differs from the AD account's)", async () => {
    const { result } = await signInThroughBrowser(
      await signinLink(deps, chatOf('U0BOB'), 'bob@corp.example.com'),
      'alice',
    );
    expect(result.status).toBe(403);
    // Which two addresses were compared, masked, and what to do about it.
    expect(result.body).toContain(
      'You signed in with the company account a***@corp.example.com, but your Slack account is b***@corp.example.com',
    );
    expect(result.body).toContain('sign out of it at the company sign-in page and start again with /workspace link');
    expect(result.body).toContain('ask IT');
    expect(result.body).not.toContain('alice@corp.example.com');
    expect(result.body).not.toContain('another chat account');
    expect(await deps.linkStore.get(chatOf('U0BOB'), new Date())).toBeUndefined();
    expect(logged.some((line) => line.includes('EMAIL_MISMATCH'))).toBe(true);
  });

  it("refuses a link made for a chat account's email when the token carries no email", async () => {
    const token = tokens.idTokenFor(provider, 'alice', { email: undefined });
    const crafted = router({
      '/auth/callback': { GET: (event) => callbackRoute({ ...deps, exchange: async () => token }, event) },
    });
    const server = await startLambdaServer(crafted);
    try {
      const chat = chatOf('U0NOMAIL');
      const state = new URL(await signinLink(deps, chat, 'alice@corp.example.com')).searchParams.get('state');
      const result = await get(`${server.url}/auth/callback?state=${state}&code=anything`);
      expect(result.status).toBe(403);
      expect(result.body).toContain('did not say which e-mail address it belongs to');
      expect(result.body).toContain('your Slack account (a***@corp.example.com)');
      expect(result.body).toContain('Ask IT');
      expect(await deps.linkStore.get(chat, new Date())).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('says the sign-in was cancelled when the provider answers access_denied', async () => {
    const { result } = await signInThroughBrowser(await signinLink(deps, chatOf('U0DENY')), 'deny');
    expect(result.status).toBe(403);
    expect(result.body).toContain('cancelled or refused');
    expect(await deps.linkStore.get(chatOf('U0DENY'), new Date())).toBeUndefined();
  });

  it('refuses a person in no WorkSpaces group', async () => {
    const { result } = await signInThroughBrowser(await signinLink(deps, chatOf('U0DAVE')), 'dave');
    expect(result.status).toBe(403);
    expect(result.body).toContain(
      'You signed in as CORP\\dave, who is in neither UserGroupMember nor AdminGroupMember',
    );
    expect(result.body).toContain('Ask IT to add you to UserGroupMember');
    expect(result.body).toContain('sign in again with /workspace link');
    expect(await deps.linkStore.get(chatOf('U0DAVE'), new Date())).toBeUndefined();
    // The chat hears of it too, so the person is not left with the same sign-in prompt on every command.
    const dm = slack.calls('chat.postMessage').find((call) => call.args.channel === 'U0DAVE');
    expect(String(dm?.args.text)).toContain('You signed in as CORP\\dave, who is in neither UserGroupMember');
    expect(JSON.stringify(dm?.args.blocks)).toContain('Ask IT to add you to UserGroupMember');
  });

  describe('tokens that must not verify', () => {
    // The same callback route, handed a crafted token instead of what the provider's token endpoint gives.
    const cases: [string, () => string, string][] = [
      ['tampered', () => tokens.tamperedIdToken(provider), 'could not be verified'],
      ['expired', () => tokens.expiredIdToken(provider), 'could not be verified'],
      ['for another audience', () => tokens.wrongAudienceIdToken(provider), 'could not be verified'],
      ['from another issuer', () => tokens.wrongIssuerIdToken(provider), 'could not be verified'],
      ['alg none', () => tokens.unsignedIdToken(provider), 'could not be verified'],
      ['signed with another key', () => tokens.strangerSignedIdToken(provider), 'could not be verified'],
      ['an access token', () => tokens.accessUseIdToken(provider), 'could not be verified'],
      ['without groups', () => tokens.noGroupsIdToken(provider), 'is in neither'],
      [
        'without a user name',
        () => tokens.idTokenFor(provider, 'alice', { identities: [{ userId: 'CORP\\', primary: 'true' }] }),
        'did not say which Active Directory user',
      ],
    ];

    it.each(cases)('refuses a token %s', async (_name, craft, words) => {
      const token = craft();
      const crafted = router({
        '/auth/callback': { GET: (event) => callbackRoute({ ...deps, exchange: async () => token }, event) },
      });
      const server = await startLambdaServer(crafted);
      try {
        const chat = chatOf(`U0BAD${_name.length}`);
        const startUrl = await signinLink(deps, chat);
        const state = new URL(startUrl).searchParams.get('state')!;
        const result = await get(`${server.url}/auth/callback?state=${state}&code=anything`);
        expect(result.status).toBe(403);
        expect(result.body).toContain(words);
        expect(await deps.linkStore.get(chat, new Date())).toBeUndefined();
        expect(logged.join('\n')).not.toContain(token.split('.')[1]!);
      } finally {
        await server.close();
      }
    });
  });

  it('says the sign-in service failed when the code cannot be traded, and what it answered otherwise', async () => {
    const failing = router({
      '/auth/callback': {
        GET: (event) =>
          callbackRoute(
            {
              ...deps,
              exchange: async () => {
                throw new Error('token endpoint answered HTTP 500');
              },
            },
            event,
          ),
      },
    });
    const server = await startLambdaServer(failing);
    try {
      const exchange = new URL(await signinLink(deps, chatOf('U0EXCH'))).searchParams.get('state');
      const failed = await get(`${server.url}/auth/callback?state=${exchange}&code=anything`);
      expect(failed.status).toBe(403);
      expect(failed.body).toContain('did not finish the sign-in');
      expect(failed.body).toContain('Try again in a minute with /workspace link');
      expect(failed.body).not.toContain('HTTP 500');

      const answered = new URL(await signinLink(deps, chatOf('U0PROV'))).searchParams.get('state');
      const provider = await get(`${server.url}/auth/callback?state=${answered}&error=server_error`);
      expect(provider.status).toBe(403);
      expect(provider.body).toContain('answered “server_error”');
      expect(provider.body).toContain('tell IT what it said');
      expect(await deps.linkStore.get(chatOf('U0PROV'), new Date())).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('tells a link that expired to ask the bot for a new one, naming the command in words', async () => {
    const result = await get(`${bot.url}/auth/start?state=gone`);
    expect(result.status).toBe(410);
    expect(result.body).toContain(
      'Ask the bot for a new one with the link command (/workspace link in Slack) in chat.',
    );
  });

  it('logs refusals without tokens or codes', () => {
    expect(logged.some((line) => line.includes('Sign-in refused'))).toBe(true);
    expect(logged.join('\n')).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
