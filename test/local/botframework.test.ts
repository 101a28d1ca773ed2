/**
 * The Bot Framework stand-in on its own: the keys it publishes and the tokens it signs with them (each fault wrong
 * in exactly one way), its token endpoint's client credentials grant, and the Connector API, first over plain HTTP
 * and then through botbuilder's own clients (TurnContext, TeamsInfo, createConversationAsync).
 */
import { createPublicKey, verify } from 'node:crypto';
import { type ConversationParameters, TeamsInfo, type TurnContext } from 'botbuilder';
import { createTeamsAdapter, type TeamsAdapter } from '../../bot/teams/adapter';
import { parseTeamsSettings } from '../../bot/teams/settings';
import type { Log } from '../../core/logger';
import {
  type BotFramework,
  type ConnectorCall,
  startBotFramework,
  TOKEN_FAULTS,
  type TokenFault,
} from '../../local/botframework';
import { decodeJwt } from '../../local/signin-provider';
import { personalText, teamsPeople } from '../helpers/teams';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

let bf: BotFramework;
let people: ReturnType<typeof teamsPeople>;

beforeAll(async () => {
  bf = await startBotFramework();
  people = teamsPeople(bf);
});
afterAll(() => bf?.close());
beforeEach(() => bf.reset());

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

interface Jwk {
  kid: string;
  kty: string;
  n: string;
  e: string;
  endorsements: string[];
}

async function jwks(): Promise<Jwk[]> {
  const metadata = await getJson(bf.env().TEAMS_OPENID_METADATA_URL!);
  return (await getJson(String(metadata.jwks_uri))).keys as Jwk[];
}

function signatureVerifies(token: string, key: Jwk): boolean {
  const [header, payload, signature] = token.split('.');
  const publicKey = createPublicKey({ key: { kty: key.kty, n: key.n, e: key.e }, format: 'jwk' });
  return verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, 'base64url'));
}

describe('the channel service: keys and tokens', () => {
  it('publishes RSA keys with the channels each is endorsed for, one of them msteams', async () => {
    const keys = await jwks();
    expect(keys.map((key) => [key.kty, key.endorsements])).toEqual([
      ['RSA', ['msteams']],
      ['RSA', ['webchat']],
    ]);
  });

  it('signs a good token with the msteams key: the issuer, the app id, the activity’s service URL', async () => {
    const activity = personalText(bf, { person: people.alice! }, 'hi');
    const token = bf.tokenFor(activity);
    const { header, payload } = decodeJwt(token);
    const [teamsKey] = await jwks();
    expect(header).toMatchObject({ alg: 'RS256', kid: teamsKey!.kid });
    expect(signatureVerifies(token, teamsKey!)).toBe(true);
    expect(payload).toMatchObject({ iss: bf.url, aud: bf.appId, serviceurl: bf.serviceUrl });
    expect(Number(payload.exp) * 1000).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(payload.ver).toBeUndefined();
  });

  it.each(TOKEN_FAULTS.map((fault) => [fault]))('the fault %s makes exactly one thing wrong', async (fault) => {
    const activity = personalText(bf, { person: people.alice! }, 'hi');
    const good = decodeJwt(bf.tokenFor(activity));
    const token = bf.tokenFor(activity, fault);
    const { header, payload } = decodeJwt(token);
    const [teamsKey, webchatKey] = await jwks();
    const changed = Object.keys({ ...good.payload, ...payload }).filter(
      (claim) => JSON.stringify(good.payload[claim]) !== JSON.stringify(payload[claim]),
    );
    const expected: Record<TokenFault, () => void> = {
      unsigned: () => expect([token.endsWith('.'), header.alg, changed]).toEqual([true, 'RS256', []]),
      'alg-none': () => expect([token.endsWith('.'), header.alg, changed]).toEqual([true, 'none', []]),
      expired: () => {
        expect(changed.sort()).toEqual(['exp', 'nbf']);
        expect(Number(payload.exp) * 1000).toBeLessThan(Date.now() - 30 * 60_000);
      },
      'wrong-audience': () => expect([changed, payload.aud === bf.appId]).toEqual([['aud'], false]),
      'wrong-issuer': () => expect([changed, payload.iss === bf.url]).toEqual([['iss'], false]),
      'forged-service-url': () =>
        expect([changed, payload.serviceurl === bf.serviceUrl]).toEqual([['serviceurl'], false]),
      'unknown-key': () => {
        expect(changed).toEqual([]);
        expect([teamsKey!.kid, webchatKey!.kid]).not.toContain(header.kid);
      },
      'no-endorsement': () => {
        expect([changed, header.kid]).toEqual([[], webchatKey!.kid]);
        expect(signatureVerifies(token, webchatKey!)).toBe(true);
      },
      'bad-signature': () => {
        expect([changed, header.kid]).toEqual([[], teamsKey!.kid]);
        expect(signatureVerifies(token, teamsKey!)).toBe(false);
      },
    };
    expected[fault]();
  });
});

async function requestToken(
  form: Record<string, string>,
  options: { tenant?: string; contentType?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${bf.url}/${options.tenant ?? bf.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const GRANT = () => ({
  grant_type: 'client_credentials',
  client_id: bf.appId,
  client_secret: bf.env().TEAMS_APP_PASSWORD!,
  scope: `${bf.url}/.default`,
});

describe('the token endpoint (client credentials)', () => {
  it('issues a bearer token for the app id and password', async () => {
    const answer = await requestToken(GRANT());
    expect(answer).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3599 } });
    expect(decodeJwt(String(answer.body.access_token)).payload).toMatchObject({
      aud: bf.url,
      appid: bf.appId,
      tid: bf.tenantId,
    });
    expect(bf.tokenRequests()).toEqual([expect.objectContaining({ clientId: bf.appId, granted: true })]);
  });

  it.each([
    ['a wrong password', { client_secret: 'guessed' }, {}, 401, 'invalid_client'],
    ['another app id', { client_id: '00000000-0000-4000-8000-000000000001' }, {}, 400, 'unauthorized_client'],
    ['another scope', { scope: 'https://graph.microsoft.com/.default' }, {}, 400, 'invalid_scope'],
    ['another grant', { grant_type: 'password' }, {}, 400, 'unsupported_grant_type'],
    ['another tenant', {}, { tenant: 'common' }, 400, 'invalid_request'],
    ['a JSON body', {}, { contentType: 'application/json' }, 400, 'invalid_request'],
  ])('refuses %s', async (_case, change, options, status, error) => {
    const answer = await requestToken({ ...GRANT(), ...change }, options);
    expect([answer.status, answer.body.error]).toEqual([status, error]);
    expect(answer.body.access_token).toBeUndefined();
    expect(bf.tokenRequests()).toEqual([expect.objectContaining({ granted: false, error })]);
    expect(JSON.stringify(bf.tokenRequests())).not.toContain(bf.env().TEAMS_APP_PASSWORD!);
  });
});

async function connector(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${bf.serviceUrl}${path.replace(/^\//, '')}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const conversation = 'a:1conversation';
const activities = `/v3/conversations/${encodeURIComponent(conversation)}/activities`;

describe('the Connector API over HTTP', () => {
  let token: string;
  beforeAll(async () => {
    token = String((await requestToken(GRANT())).body.access_token);
  });

  it('refuses a call without a token it issued, recording what was tried', async () => {
    const channelToken = bf.tokenFor({ serviceUrl: bf.serviceUrl });
    for (const attempt of [undefined, 'made-up', channelToken]) {
      const answer = await connector('POST', activities, { body: { type: 'message', text: 'hi' }, token: attempt });
      expect(answer).toEqual({ status: 401, body: { message: 'Authorization has been denied for this request.' } });
    }
    expect(bf.calls().map((c) => [c.operation, c.status, c.conversationId, c.appId])).toEqual([
      ['sendToConversation', 401, conversation, undefined],
      ['sendToConversation', 401, conversation, undefined],
      ['sendToConversation', 401, conversation, undefined],
    ]);
  });

  it('sends, replies, updates and deletes activities of a conversation; an unknown one is 404', async () => {
    const sent = await connector('POST', activities, { token, body: { type: 'message', text: 'one' } });
    expect(sent.status).toBe(201);
    const id = (sent.body as { id: string }).id;
    const reply = await connector('POST', `${activities}/${id}`, { token, body: { type: 'message', text: 'two' } });
    expect(reply.status).toBe(201);
    expect(
      (await connector('PUT', `${activities}/${id}`, { token, body: { type: 'message', text: 'uno' } })).status,
    ).toBe(200);
    expect(bf.activities(conversation).map((a) => a.text)).toEqual(['uno', 'two']);
    expect((await connector('DELETE', `${activities}/${id}`, { token })).status).toBe(200);
    expect(bf.activities(conversation).map((a) => a.text)).toEqual(['two']);
    expect((await connector('DELETE', `${activities}/${id}`, { token })).status).toBe(404);
    const stale = await connector('PUT', `${activities}/${id}`, { token, body: { type: 'message', text: 'late' } });
    expect(stale).toMatchObject({ status: 404, body: { error: { code: 'ActivityNotFoundInConversation' } } });

    const replyId = (reply.body as { id: string }).id;
    expect(bf.calls().map((c) => [c.operation, c.status, c.activityId, c.replyToId ?? null, c.appId])).toEqual([
      ['sendToConversation', 201, id, null, bf.appId],
      ['replyToActivity', 201, replyId, id, bf.appId],
      ['updateActivity', 200, id, null, bf.appId],
      ['deleteActivity', 200, id, null, bf.appId],
      ['deleteActivity', 404, id, null, bf.appId],
      ['updateActivity', 404, id, null, bf.appId],
    ]);
  });

  it('refuses a body that is no activity', async () => {
    expect((await connector('POST', activities, { token, body: { text: 'no type' } })).status).toBe(400);
    expect((await connector('POST', activities, { token, body: '{"type":' })).status).toBe(400);
    expect(bf.activities(conversation)).toEqual([]);
  });

  it('answers the members set with setMember, and 404 for anyone else', async () => {
    const { key: _key, ...alice } = people.alice!;
    bf.setMember(conversation, alice);
    const members = `/v3/conversations/${encodeURIComponent(conversation)}/members`;
    expect(await connector('GET', members, { token })).toEqual({ status: 200, body: [alice] });
    expect(await connector('GET', `${members}/${encodeURIComponent(alice.id)}`, { token })).toEqual({
      status: 200,
      body: alice,
    });
    const stranger = await connector('GET', `${members}/${encodeURIComponent('29:1stranger')}`, { token });
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } });
  });

  it('creates the same 1:1 conversation for the same member, and no group one', async () => {
    const body = { bot: { id: `28:${bf.appId}` }, members: [{ id: people.bob!.id }], tenantId: bf.tenantId };
    const first = await connector('POST', '/v3/conversations', { token, body });
    const again = await connector('POST', '/v3/conversations', { token, body });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((first.body as { id: string }).id).toMatch(/^a:1/);
    const group = await connector('POST', '/v3/conversations', { token, body: { ...body, isGroup: true } });
    expect(group.status).toBe(400);
  });

  it('lets a test hear each call and wait for one still to come', async () => {
    const heard: ConnectorCall[] = [];
    const stop = bf.subscribe((call) => heard.push(call));
    const waiting = bf.waitForCall('sendToConversation', (call) => call.body?.text === 'later');
    await connector('POST', activities, { token, body: { type: 'message', text: 'later' } });
    stop();
    await connector('POST', activities, { token, body: { type: 'message', text: 'unheard' } });
    expect((await waiting).status).toBe(201);
    expect(heard.map((call) => call.body?.text)).toEqual(['later']);
  });

  it('answers Connector calls after the latency set, the keys and the token endpoint at once; reset clears it', async () => {
    const timed = async (call: () => Promise<unknown>) => {
      const started = performance.now();
      await call();
      return performance.now() - started;
    };
    const send = () => connector('POST', activities, { token, body: { type: 'message', text: 'slow' } });
    bf.setLatency(300);
    expect(await timed(send)).toBeGreaterThanOrEqual(290);
    expect(await timed(() => jwks())).toBeLessThan(250);
    expect(await timed(() => requestToken(GRANT()))).toBeLessThan(250);
    bf.reset();
    expect(await timed(send)).toBeLessThan(250);
  });
});

describe('the Connector API through botbuilder', () => {
  let teams: TeamsAdapter;
  beforeAll(async () => {
    teams = await createTeamsAdapter(parseTeamsSettings(bf.env()), { log: quiet });
  });

  /** A proactive turn in the person's 1:1 chat, as the bot runs one later. */
  async function inChatWith(person: string, logic: (context: TurnContext) => Promise<void>): Promise<string> {
    const activity = personalText(bf, { person: people[person]! }, 'hi');
    const reference = {
      channelId: activity.channelId,
      serviceUrl: activity.serviceUrl,
      conversation: {
        id: activity.conversation.id,
        conversationType: 'personal',
        tenantId: bf.tenantId,
        isGroup: false,
        name: '',
      },
      bot: { id: `28:${bf.appId}`, name: 'WorkSpaces' },
      user: { id: people[person]!.id, name: people[person]!.name },
    };
    await teams.continueConversation(reference, logic);
    return activity.conversation.id;
  }

  it('sendActivity, updateActivity and deleteActivity reach it with the bot token', async () => {
    const conversationId = await inChatWith('alice', async (context) => {
      const sent = await context.sendActivity('Rebooting ws-1…');
      await context.updateActivity({ id: sent!.id, type: 'message', text: 'ws-1 rebooted.' });
      const gone = await context.sendActivity('temporary');
      await context.deleteActivity(gone!.id);
    });
    expect(bf.activities(conversationId).map((a) => a.text)).toEqual(['ws-1 rebooted.']);
    expect(bf.calls().map((c) => [c.operation, c.status, c.appId])).toEqual([
      ['replyToActivity', 201, bf.appId],
      ['updateActivity', 200, bf.appId],
      ['replyToActivity', 201, bf.appId],
      ['deleteActivity', 200, bf.appId],
    ]);
  });

  it('TeamsInfo.getMember answers the member with email and UPN; an unknown one fails', async () => {
    const { key: _key, ...carol } = people.carol!;
    let member: Awaited<ReturnType<typeof TeamsInfo.getMember>> | undefined;
    let unknown: unknown;
    const conversationId = await inChatWith('carol', async (context) => {
      bf.setMember(context.activity.conversation.id, carol);
      member = await TeamsInfo.getMember(context, carol.id);
      unknown = await TeamsInfo.getMember(context, '29:1nobody').catch((error: unknown) => error);
    });
    expect(member).toMatchObject({
      id: carol.id,
      aadObjectId: carol.aadObjectId,
      email: 'carol@corp.example.com',
      userPrincipalName: 'carol@corp.example.com',
    });
    expect(unknown).toBeInstanceOf(Error);
    expect(bf.calls('getConversationMember').map((c) => [c.status, c.conversationId])).toEqual([
      [200, conversationId],
      [404, conversationId],
    ]);
  });

  it('createConversationAsync opens the 1:1 chat with a person and posts in it', async () => {
    let created: string | undefined;
    // Teams opens a 1:1 chat without a first activity; botbuilder's type makes the field required all the same.
    const parameters = {
      isGroup: false,
      bot: { id: `28:${bf.appId}`, name: 'WorkSpaces' },
      members: [{ id: people.dave!.id, name: '' }],
      tenantId: bf.tenantId,
      channelData: { tenant: { id: bf.tenantId } },
    } as ConversationParameters;
    await teams.adapter.createConversationAsync(
      bf.appId,
      'msteams',
      bf.serviceUrl,
      bf.env().TEAMS_OAUTH_SCOPE!,
      parameters,
      async (context) => {
        created = context.activity.conversation.id;
        await context.sendActivity('Hello Dave.');
      },
    );
    expect(created).toMatch(/^a:1/);
    expect(bf.calls().map((c) => [c.operation, c.status, c.conversationId])).toEqual([
      ['createConversation', 201, created],
      [expect.stringMatching(/^(sendToConversation|replyToActivity)$/), 201, created],
    ]);
  });
});
