/**
 * Requests Slack would never send, refused at the signed HTTP entry point with a plain status and no internal text,
 * and nothing done: no WorkSpaces call, no post, no sign-in state, no hand-off.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { signRequest } from '../../../local/playground/slack-payloads';
import { type BotFixture, startBot } from '../../helpers/bot';
import { SMALL_FLEET } from '../../helpers/simulator';
import { FORM, JSON_TYPE, post, SIGNING_SECRET, signed, slashCommand } from '../../helpers/slack-requests';

const ALICE = { id: 'U0ALICE', name: 'alice' };
let f: BotFixture;

beforeAll(async () => {
  f = await startBot(structuredClone(SMALL_FLEET));
  await f.link(ALICE.id, 'alice', ['user']);
});
afterAll(() => f.close());

/** How many rows each table the bot writes for a person holds: the sign-in states, the links, the audit trail. */
async function rows(): Promise<Record<string, number>> {
  const db = new DynamoDBClient({});
  const { tables } = f.bot.services.config;
  const count = async (table: string) =>
    (await db.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count ?? 0;
  const counted = {
    signinStates: await count(tables.signinStates),
    links: await count(tables.links),
    audit: await count(tables.audit),
    idempotency: await count(tables.idempotency),
  };
  db.destroy();
  return counted;
}

/** Posts a request and checks that nothing at all came of it. */
async function refused(request: { headers: Record<string, string>; body: string }) {
  f.simulator.sim.resetStats();
  f.slack.reset();
  const before = await rows();
  const response = await fetch(f.url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  await f.bot.drain();
  expect({
    workspacesCalls: f.simulator.sim.stats().total,
    posts: f.slack.responses().length,
    webApiCalls: f.slack.calls().length,
    rows: await rows(),
  }).toEqual({ workspacesCalls: 0, posts: 0, webApiCalls: 0, rows: before });
  return { status: response.status, text };
}

const now = () => Math.floor(Date.now() / 1000);

describe('refused before anything is done', () => {
  it('a timestamp six minutes in the future: 401', async () => {
    const request = signed(slashCommand(ALICE, 'restart', f.slack.responseUrl('x')), FORM, { timestamp: now() + 360 });
    expect((await refused(request)).status).toBe(401);
  });

  it('a signature with another version than v0=: 401', async () => {
    const request = signed(slashCommand(ALICE, 'restart', f.slack.responseUrl('x')), FORM);
    const forged = {
      ...request.headers,
      'x-slack-signature': request.headers['x-slack-signature']!.replace(/^v0=/, 'v1='),
    };
    expect((await refused({ ...request, headers: forged })).status).toBe(401);
  });

  it.each([
    ['malformed JSON', '{"type":"event_callback",', JSON_TYPE],
    ['a payload that is not JSON', 'payload=%7Bnot-json', FORM],
    ['a content type Slack never sends', 'text=list', 'text/plain'],
  ])('%s, correctly signed: 400 with no internal text', async (_, body, contentType) => {
    const result = await refused(signRequest(SIGNING_SECRET, body, contentType, Date.now()));
    expect(result).toEqual({ status: 400, text: 'Bad request.' });
  });

  it('a signed request from a workspace the bot does not serve: 403, and no sign-in prompt or state row', async () => {
    const other = slashCommand({ id: 'U0OTHER', name: 'other' }, 'list', f.slack.responseUrl('x')).replace(
      'team_id=T0TEST',
      'team_id=T0ELSEWHERE',
    );
    expect(other).toContain('team_id=T0ELSEWHERE');
    expect((await refused(signed(other, FORM))).status).toBe(403);
  });

  it.each([
    ['1 MB', 1024 * 1024],
    ['10 MB', 10 * 1024 * 1024],
  ])('a %s signed body: 413', async (_, size) => {
    const body = `${slashCommand(ALICE, 'list', f.slack.responseUrl('x'))}&filler=${'a'.repeat(size)}`;
    expect((await refused(signed(body, FORM))).status).toBe(413);
  });

  it('a response_url on a host that is not Slack’s: acked, and nothing is posted there or anywhere', async () => {
    const request = signed(slashCommand(ALICE, 'restart', 'http://169.254.169.254/latest/meta-data'), FORM);
    expect((await refused(request)).status).toBe(200);
  });

  it('a button value naming no real WorkSpace id (3,000 characters): answered, nothing looked up in AWS', async () => {
    const { blockAction } = await import('../../helpers/slack-requests');
    const reply = f.slack.responseUrl('long');
    f.simulator.sim.resetStats();
    const click = blockAction(
      ALICE,
      { action_id: 'workspace_action:reboot', value: `reboot:ws-${'a'.repeat(3000)}` },
      reply,
    );
    const response = await post(f.url, signed(click, FORM));
    await f.bot.drain();
    expect(response.status).toBe(200);
    expect(f.simulator.sim.stats().total).toBe(0);
    expect(JSON.stringify(f.slack.responses('long').at(-1)?.body)).toContain('That button no longer works');
  });
});
