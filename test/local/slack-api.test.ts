/**
 * The Slack Web API stand-in, driven by the real WebClient from @slack/web-api (and by plain fetch where WebClient
 * cannot send what is tested). Limits are restated from Slack's documentation on purpose, not read from limits.ts.
 */
import { type WebAPIPlatformError, WebClient } from '@slack/web-api';
import type { SlackApiEvent, SlackApiStandIn } from '../../local/slack-api';
import { BOT_TOKEN, startSlackStandIn, webClientFor } from '../helpers/slack-api';

let standIn: SlackApiStandIn;
let client: WebClient;

beforeAll(async () => {
  standIn = await startSlackStandIn([
    { id: 'U0ALICE', name: 'alice', realName: 'Alice Doe', email: 'alice@corp.example.com', tz: 'UTC' },
  ]);
  client = webClientFor(standIn).client;
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

/** The platform error WebClient threw, so a test can assert on what Slack answered. */
async function slackRefusal(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as WebAPIPlatformError | undefined;
  if (!error?.data) throw new Error(`expected Slack to refuse the call, got ${String(error)}`);
  return error.data;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('Web API calls through the real WebClient', () => {
  it('records a chat.postMessage with its decoded blocks and answers channel, ts and message', async () => {
    const blocks = [section('*Rebooting* `ws-1`'), { type: 'divider' }];
    const answer = await client.chat.postMessage({ channel: 'C0ONCALL', text: 'Rebooting ws-1', blocks });

    expect(answer).toMatchObject({ ok: true, channel: 'C0ONCALL', message: { text: 'Rebooting ws-1', blocks } });
    expect(answer.ts).toMatch(/^\d+\.\d{6}$/);
    const [call] = standIn.calls('chat.postMessage');
    expect(call).toMatchObject({
      contentType: 'form',
      token: BOT_TOKEN,
      args: { channel: 'C0ONCALL', text: 'Rebooting ws-1', blocks },
      answer: { ok: true, ts: answer.ts },
      warnings: [],
    });
  });

  it('answers auth.test with the bot identity', async () => {
    const answer = await client.auth.test();
    expect(answer).toMatchObject({ ok: true, user_id: expect.stringMatching(/^U/), team_id: expect.any(String) });
    expect(answer.url).toBe(`${standIn.url}/`);
  });

  it('refuses a token it was not given with invalid_auth, and a call with no token with not_authed', async () => {
    const stranger = new WebClient('xoxb-not-ours', { slackApiUrl: standIn.apiUrl });
    expect(await slackRefusal(stranger.chat.postMessage({ channel: 'C1', text: 'hi' }))).toMatchObject({
      ok: false,
      error: 'invalid_auth',
    });
    const anonymous = await fetch(`${standIn.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(standIn.calls().map((c) => c.answer.error)).toEqual(['invalid_auth', 'not_authed']);
  });

  it('answers a method it does not know with unknown_method', async () => {
    expect(await slackRefusal(client.apiCall('workspaces.frobnicate', { x: 1 }))).toMatchObject({
      ok: false,
      error: 'unknown_method',
      req_method: 'workspaces.frobnicate',
    });
  });

  it('answers HTTP 429 with Retry-After; WebClient waits, retries, and the call is recorded once', async () => {
    const heard: SlackApiEvent[] = [];
    const unsubscribe = standIn.subscribe((event) => heard.push(event));
    standIn.rateLimitNext(1, 1);
    const started = Date.now();
    const answer = await client.chat.postMessage({ channel: 'C0ONCALL', text: 'after the limit' });
    unsubscribe();

    expect(answer.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(standIn.calls('chat.postMessage')).toHaveLength(1);
    expect(heard.map((e) => e.type)).toEqual(['rate-limited', 'call']);
    expect(heard[0]).toEqual({ type: 'rate-limited', method: 'chat.postMessage', retryAfterSeconds: 1 });
  });

  it('shows the 429 on the wire as Slack sends it', async () => {
    standIn.rateLimitNext(1, 7);
    const response = await fetch(`${standIn.apiUrl}auth.test`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${BOT_TOKEN}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(standIn.calls()).toHaveLength(0);
  });

  it('fails the next call of a method with the armed error, then answers normally', async () => {
    standIn.failNext('chat.postMessage', 'channel_not_found');
    expect(await slackRefusal(client.chat.postMessage({ channel: 'C404', text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    expect((await client.chat.postMessage({ channel: 'C404', text: 'x' })).ok).toBe(true);
  });

  it('takes application/json bodies with the token in the Authorization header', async () => {
    const blocks = [section('from JSON')];
    const response = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${BOT_TOKEN}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0ONCALL', text: 'json', blocks }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C0ONCALL' });
    expect(standIn.calls('chat.postMessage')[0]).toMatchObject({ contentType: 'json', args: { blocks } });
  });

  it('updates and deletes a posted message, and refuses one it never posted', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Rebooting ws-1' });
    const updated = await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'Rebooted ws-1' });
    expect(updated).toMatchObject({ ok: true, channel: 'C1', ts: posted.ts, text: 'Rebooted ws-1' });
    expect(await client.chat.delete({ channel: 'C1', ts: posted.ts! })).toMatchObject({ ok: true, ts: posted.ts });
    expect(await slackRefusal(client.chat.delete({ channel: 'C1', ts: posted.ts! }))).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('posts ephemerals to people it knows, opens DMs and answers users.info from its directory', async () => {
    expect(await client.chat.postEphemeral({ channel: 'C1', user: 'U0ALICE', text: 'only you' })).toMatchObject({
      ok: true,
      message_ts: expect.any(String),
    });
    const dm = await client.conversations.open({ users: 'U0ALICE' });
    expect(dm.channel?.id).toMatch(/^D/);
    const posted = await client.chat.postMessage({ channel: 'U0ALICE', text: 'hello' });
    expect(posted.channel).toBe(dm.channel?.id);
    // What the playground asks to place a message in a person's DMs.
    expect(standIn.dmChannel('U0ALICE')).toBe(dm.channel?.id);
    expect(standIn.dmUser(String(dm.channel?.id))).toBe('U0ALICE');
    expect(standIn.dmUser('C0GENERAL')).toBeUndefined();
    expect(await client.users.info({ user: 'U0ALICE' })).toMatchObject({
      user: {
        id: 'U0ALICE',
        name: 'alice',
        real_name: 'Alice Doe',
        tz: 'UTC',
        profile: { email: 'alice@corp.example.com' },
      },
    });
    expect(await slackRefusal(client.users.info({ user: 'U0NOBODY' }))).toMatchObject({ error: 'user_not_found' });
  });

  it('opens, updates and publishes views, giving each an id', async () => {
    const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Reboot' }, blocks: [] };
    const opened = await client.views.open({ trigger_id: '123.456', view: modal });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal', title: modal.title });
    const updated = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal });
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(
      await slackRefusal(client.views.update({ view_id: opened.view!.id!, hash: 'stale', view: modal })),
    ).toMatchObject({
      error: 'hash_conflict',
    });
    const home = await client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [] } });
    const again = await client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [] } });
    expect(home.view?.id).toMatch(/^V/);
    expect(again.view?.id).toBe(home.view?.id);
  });
});

describe('Block Kit limits, refused the way Slack refuses them', () => {
  const button = (value: string) => ({ type: 'button', text: { type: 'plain_text', text: 'Go' }, value });
  const option = (value: string) => ({ text: { type: 'plain_text', text: 'Pick' }, value });
  const overflow = (count: number) => ({
    type: 'overflow',
    action_id: 'more',
    options: Array.from({ length: count }, (_, i) => option(`o${i}`)),
  });
  const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
  const actions = (elements: unknown[]) => ({ type: 'actions', elements });

  const cases: { name: string; blocks: unknown[]; pointer: string; message: string }[] = [
    {
      name: 'more than 50 blocks',
      blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })),
      pointer: '/blocks',
      message: 'no more than 50 items allowed',
    },
    {
      name: 'a section text over 3000 characters',
      blocks: [section('x'.repeat(3001))],
      pointer: '/blocks/0/text/text',
      message: 'must be less than 3001 characters',
    },
    {
      name: 'a context text over 3000 characters',
      blocks: [{ type: 'divider' }, context('x'.repeat(3001))],
      pointer: '/blocks/1/elements/0/text',
      message: 'must be less than 3001 characters',
    },
    {
      name: 'more than 25 elements in an actions block',
      blocks: [actions(Array.from({ length: 26 }, (_, i) => button(`b${i}`)))],
      pointer: '/blocks/0/elements',
      message: 'no more than 25 items allowed',
    },
    {
      name: 'more than 5 overflow options',
      blocks: [{ ...section('menu'), accessory: overflow(6) }],
      pointer: '/blocks/0/accessory/options',
      message: 'no more than 5 items allowed',
    },
    {
      name: 'a button value over 2000 characters',
      blocks: [actions([button('v'.repeat(2001))])],
      pointer: '/blocks/0/elements/0/value',
      message: 'must be less than 2001 characters',
    },
    {
      name: 'an option value over 150 characters',
      blocks: [actions([{ type: 'static_select', action_id: 's', options: [option('v'.repeat(151))] }])],
      pointer: '/blocks/0/elements/0/options/0/value',
      message: 'must be less than 151 characters',
    },
  ];

  it.each(cases)('refuses $name with invalid_blocks and says where', async ({ blocks, pointer, message }) => {
    const refusal = await slackRefusal(
      client.chat.postMessage({ channel: 'C1', text: 'fallback', blocks: blocks as [] }),
    );
    expect(refusal).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(refusal.response_metadata?.messages).toEqual([`[ERROR] ${message} [json-pointer:${pointer}]`]);
  });

  it('accepts every limit when it is met exactly', async () => {
    const blocks = [
      section('x'.repeat(3000)),
      context('y'.repeat(3000)),
      actions(Array.from({ length: 25 }, (_, i) => button(i === 0 ? 'v'.repeat(2000) : `b${i}`))),
      { ...section('menu'), accessory: overflow(5) },
      actions([{ type: 'static_select', action_id: 's', options: [option('v'.repeat(150))] }]),
      ...Array.from({ length: 45 }, () => ({ type: 'divider' })),
    ];
    expect(blocks).toHaveLength(50);
    expect((await client.chat.postMessage({ channel: 'C1', text: 'fallback', blocks: blocks as [] })).ok).toBe(true);
  });

  it('refuses a view with more than 100 blocks and takes one with 100', async () => {
    const view = (count: number) => ({
      type: 'home' as const,
      blocks: Array.from({ length: count }, () => ({ type: 'divider' as const })),
    });
    expect((await client.views.publish({ user_id: 'U0ALICE', view: view(100) })).ok).toBe(true);
    const refusal = await slackRefusal(client.views.publish({ user_id: 'U0ALICE', view: view(101) }));
    expect(refusal.error).toBe('invalid_arguments');
    expect(refusal.response_metadata?.messages).toEqual([
      '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
  });

  it('refuses a message text over 40,000 characters with msg_too_long', async () => {
    expect(await slackRefusal(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }))).toMatchObject({
      error: 'msg_too_long',
    });
  });

  it('takes blocks without a fallback text but records a warning', async () => {
    const { client: quiet, log } = webClientFor(standIn);
    const answer = await quiet.chat.postMessage({ channel: 'C1', blocks: [section('no fallback')] } as never);
    expect(answer.ok).toBe(true);
    expect(standIn.calls('chat.postMessage')[0]?.warnings).toEqual([expect.stringMatching(/^missing_text/)]);
    expect(log.warnings.join('\n')).toMatch(/`text` argument is missing/);
  });
});

describe('response_url posts', () => {
  it('records what is posted to a response URL under its id', async () => {
    const url = standIn.responseUrl('cmd-42');
    expect(url.startsWith(standIn.url)).toBe(true);
    const body = { text: 'Rebooted ws-1', blocks: [section('Rebooted `ws-1`')], replace_original: true };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

    expect(response.status).toBe(200);
    expect(standIn.responses('cmd-42')).toEqual([{ id: 'cmd-42', body, ok: true, problems: [], at: expect.any(Date) }]);
    expect(standIn.calls()).toHaveLength(0);
  });

  it('refuses blocks over the limits with HTTP 400 invalid_blocks, and records the refusal', async () => {
    const body = { response_type: 'ephemeral', text: 'x', blocks: [section('x'.repeat(3001))] };
    const response = await fetch(standIn.responseUrl('cmd-43'), { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(standIn.responses('cmd-43')[0]).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      problems: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
    });
  });

  it('takes a delete_original with no text', async () => {
    const response = await fetch(standIn.responseUrl('cmd-44'), {
      method: 'POST',
      body: JSON.stringify({ delete_original: true }),
    });
    expect(response.status).toBe(200);
    expect(standIn.responses('cmd-44')[0]?.body).toEqual({ delete_original: true });
  });
});

describe('waitForCall', () => {
  it('resolves with a call made after it started waiting, matching the predicate', async () => {
    const waiting = standIn.waitForCall('chat.postMessage', (call) => call.args.channel === 'C2');
    setTimeout(() => {
      void client.chat.postMessage({ channel: 'C1', text: 'not this one' });
      void client.chat.postMessage({ channel: 'C2', text: 'this one' });
    }, 20);
    expect((await waiting).args).toMatchObject({ channel: 'C2', text: 'this one' });
  });

  it('resolves at once with a call already made', async () => {
    await client.auth.test();
    expect((await standIn.waitForCall('auth.test', undefined, 10)).answer.ok).toBe(true);
  });

  it('rejects after the timeout, naming the calls it saw', async () => {
    await client.auth.test();
    await expect(standIn.waitForCall('chat.postMessage', undefined, 50)).rejects.toThrow(
      'No matching chat.postMessage call within 50 ms (calls seen: auth.test).',
    );
  });
});

describe('reset', () => {
  it('forgets calls, posts, messages and armed faults', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'x' });
    standIn.failNext('auth.test', 'account_inactive');
    standIn.rateLimitNext(3);
    standIn.reset();

    expect(standIn.calls()).toEqual([]);
    expect((await client.auth.test()).ok).toBe(true);
    expect(await slackRefusal(client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'y' }))).toMatchObject({
      error: 'message_not_found',
    });
  });
});
