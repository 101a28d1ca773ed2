/**
 * The ack never waits for the work, and nothing is lost after it: through the signed HTTP entry point and the real
 * worker (the in-process queue, run as the Lambda hand-off would run it), against the WorkSpaces simulator, DynamoDB
 * Local and the Slack stand-in.
 */
import { type BotFixture, startBot } from '../../helpers/bot';
import { SMALL_FLEET } from '../../helpers/simulator';
import { blockAction, FORM, post, signed, slashCommand } from '../../helpers/slack-requests';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const CAROL = { id: 'U0CAROL', name: 'carol' };

let f: BotFixture;
/** Work handed off waits for this gate: what happened before it opens happened in the ack path. */
let gate: { open(): void; wait: Promise<void> } | undefined;

function closeGate() {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  gate = { open, wait };
  return gate;
}

beforeAll(async () => {
  f = await startBot(
    structuredClone(SMALL_FLEET),
    {},
    {
      beforeWork: async () => gate?.wait,
      delivery: { retryDelaysMs: [10, 20], responseUrlTimeoutMs: 300 },
    },
  );
  await f.link(ALICE.id, 'alice', ['user']);
  await f.link(CAROL.id, 'carol', ['user', 'admin']);
});
afterAll(() => f.close());

beforeEach(async () => {
  gate = undefined;
  f.slack.reset();
  f.simulator.sim.setState('ws-alice', 'AVAILABLE');
  await f.scan();
  f.simulator.sim.resetStats();
});

let replies = 0;
function reply() {
  const id = `ack${++replies}`;
  return { id, url: f.slack.responseUrl(id) };
}

function texts(id: string): string[] {
  return f.slack.responses(id).map((r) => (r.body as { text: string }).text);
}

/** What the bot said in Alice's DM: the messages it posted there, then its updates of them. */
function dmTexts(): string[] {
  const posted = f.slack.calls('chat.postMessage').filter((c) => c.args.channel === ALICE.id);
  const ts = new Set(posted.map((c) => c.answer.ts));
  const updated = f.slack.calls('chat.update').filter((c) => ts.has(c.args.ts));
  return [...posted, ...updated].map((c) => String(c.args.text));
}

describe('the ack', () => {
  it.each([
    ['a slash command', (url: string) => slashCommand(ALICE, 'restart', url)],
    [
      'a button click',
      (url: string) => blockAction(ALICE, { action_id: 'workspace_action:reboot', value: 'reboot:ws-alice' }, url),
    ],
  ])('answers %s with 200 before any WorkSpaces call, Slack post or Web API call starts', async (_, body) => {
    const g = closeGate();
    const r = reply();
    const response = await post(f.url, signed(body(r.url), FORM));
    // What had happened when the 200 arrived: nothing downstream at all.
    const before = {
      status: response.status,
      workspacesCalls: f.simulator.sim.stats().total,
      posts: f.slack.responses().length,
      webApiCalls: f.slack.calls().length,
    };
    g.open();
    await f.bot.drain();
    expect(before).toEqual({ status: 200, workspacesCalls: 0, posts: 0, webApiCalls: 0 });
    // And then the worker did the work and answered.
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
    expect(texts(r.id).at(-1)).toBe('Rebooting ws-alice, requested by @alice.');
  });

  it('acts once for a Slack retry of the same slash command (X-Slack-Retry-Num)', async () => {
    const r = reply();
    const body = slashCommand(ALICE, 'restart', r.url);
    expect((await post(f.url, signed(body, FORM))).status).toBe(200);
    expect((await post(f.url, signed(body, FORM, { retryNum: 1 }))).status).toBe(200);
    await f.bot.drain();
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
    expect(texts(r.id).filter((t) => t.includes('requested by'))).not.toHaveLength(0);
  });
});

describe('a response_url that cannot take the answer', () => {
  it.each([
    ['answers 404 (expired)', 404 as const],
    ['answers 500', 500 as const],
    ['never answers', 'hang' as const],
  ])('%s: the person is told in their DM, and the reboot is made once', async (_, fault) => {
    const r = reply();
    f.slack.failResponseUrl(r.id, fault);
    // A message of its own, so no earlier click on the same button counts as this one.
    const click = blockAction(ALICE, { action_id: 'workspace_action:reboot', value: 'reboot:ws-alice' }, r.url, {
      ts: `1700000002.${String(replies).padStart(6, '0')}`,
    });
    expect((await post(f.url, signed(click, FORM))).status).toBe(200);
    await f.bot.drain();
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('REBOOTING');
    expect(texts(r.id)).toEqual([]);
    // One DM, posted with the interim note and updated with the outcome, saying why it came there.
    const posted = f.slack.calls('chat.postMessage').filter((c) => c.args.channel === ALICE.id);
    expect(posted).toHaveLength(1);
    expect(dmTexts().at(-1)).toBe('Rebooting ws-alice, requested by @alice.');
    expect(JSON.stringify(f.slack.calls('chat.update').at(-1)?.args.blocks)).toContain(
      "couldn't answer where you asked",
    );
  });
});

describe('a form that can no longer be opened', () => {
  it('asks for the typed id in a message when the trigger expired before the worker came, and terminates nothing', async () => {
    const r = reply();
    // The worker came after the 3 seconds a trigger_id lives: Slack refuses views.open.
    f.slack.failNext('views.open', 'expired_trigger_id');
    expect((await post(f.url, signed(slashCommand(CAROL, 'terminate ws-bob2', r.url), FORM))).status).toBe(200);
    await f.bot.drain();
    expect(f.slack.calls('views.open').map((call) => call.answer.ok)).toEqual([false]);
    const answer = f.slack.responses(r.id).at(-1)?.body as { text: string; blocks: unknown[] };
    expect(answer.text).toBe(
      'To terminate ws-bob2, its id must be typed to confirm. Click Terminate below to do that.',
    );
    // The one button left opens the form again, from a fresh click.
    expect(JSON.stringify(answer.blocks)).toContain('terminate:ws-bob2');
    expect(JSON.stringify(answer.blocks)).not.toContain('reboot:ws-bob2');
    expect(f.simulator.sim.callCount('TerminateWorkspaces')).toBe(0);
  });
});
