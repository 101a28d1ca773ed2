/**
 * The Slack bot over HTTP, as Slack drives it: signed slash commands, clicks, modal submissions and events
 * POSTed to the function URL handler; answers read from the HTTP response, the response_url (the Slack
 * stand-in records those) and the Web API calls the stand-in records.
 */

import type { RecordedCall } from '../../../local/slack-api';
import { generateFleet } from '../../../local/workspaces-sim';
import { type BotFixture, startBot } from '../../helpers/bot';
import { SMALL_FLEET } from '../../helpers/simulator';
import {
  appHomeOpened,
  blockAction,
  FORM,
  homeTabAction,
  JSON_TYPE,
  post,
  signed,
  slashCommand,
  viewSubmission,
} from '../../helpers/slack-requests';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };
const CAROL = { id: 'U0CAROL', name: 'carol' };
const STRANGER = { id: 'U0NEW', name: 'newbie' };

let f: BotFixture;

// The small fleet, plus 300 generated WorkSpaces so the fleet overview pages far past one message.
function fleet() {
  const extra = generateFleet({
    workspaces: 300,
    regions: ['us-east-1', 'eu-west-1'],
    directoriesPerRegion: 1,
    seed: 7,
  });
  const spec = structuredClone(SMALL_FLEET);
  spec.directories.push(...extra.directories);
  spec.workspaces.push(...extra.workspaces);
  return spec;
}

beforeAll(async () => {
  f = await startBot(fleet());
  await f.link(ALICE.id, 'alice', ['user']);
  await f.link(BOB.id, 'bob', ['user']);
  await f.link(CAROL.id, 'carol', ['user', 'admin']);
});
afterAll(() => f.close());

let replyCount = 0;
function replyUrl(): { url: string; id: string } {
  const id = `r${++replyCount}`;
  return { url: f.slack.responseUrl(id), id };
}

const command = (user: typeof ALICE, text: string) => f.command(user, text);

async function click(
  user: typeof ALICE,
  actionId: string,
  value: string,
  ts = `${Date.now() / 1000}`,
  clickedAt?: number,
) {
  const reply = replyUrl();
  const response = await post(
    f.url,
    signed(blockAction(user, { action_id: actionId, value }, reply.url, { ts }, clickedAt), FORM),
  );
  return { ...response, reply };
}

function allText(value: unknown): string {
  return JSON.stringify(value);
}

async function lastResponse(id: string) {
  await f.bot.drain();
  return f.slack.responses(id).at(-1)?.body as
    | { text: string; blocks?: unknown[]; replace_original?: boolean }
    | undefined;
}

describe('request verification', () => {
  it.each([
    ['unsigned', { 'content-type': FORM }],
    ['forged', { ...signed('x', FORM).headers, 'x-slack-signature': 'v0=deadbeef' }],
    [
      'signed with another secret',
      signed(slashCommand(ALICE, 'restart', 'http://x'), FORM, { secret: 'wrong' }).headers,
    ],
    [
      'stale',
      signed(slashCommand(ALICE, 'restart', 'http://x'), FORM, { timestamp: Math.floor(Date.now() / 1000) - 600 })
        .headers,
    ],
  ])('answers 401 to a %s request and changes nothing', async (_name, headers) => {
    f.simulator.sim.resetStats();
    const body = slashCommand(ALICE, 'restart', f.slack.responseUrl('forged'));
    const response = await fetch(f.url, { method: 'POST', headers: headers as Record<string, string>, body });
    expect(response.status).toBe(401);
    await f.bot.drain();
    expect(f.simulator.sim.stats().total).toBe(0);
    expect(f.slack.responses('forged')).toEqual([]);
  });
});

describe('/workspace for a person not linked yet', () => {
  it('explains and offers a one-time sign-in link, only to them', async () => {
    const { status, body } = await command(STRANGER, 'list');
    expect(status).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('link your Slack account');
    expect(allText(body.blocks)).toContain(`${f.server.url}/auth/start?state=`);
    // The state carries the Slack account's email, so a forwarded link cannot sign in someone else.
    const state = /state=([\w-]+)/.exec(allText(body.blocks))![1]!;
    expect(await f.bot.services.signin.states.peek(state, new Date())).toMatchObject({
      chatEmail: 'newbie@corp.example.com',
    });
  });

  it('makes no sign-in link when Slack cannot tell the account email just now', async () => {
    f.slack.failNext('users.info', 'ratelimited');
    const { body } = await command(STRANGER, 'list');
    expect(body.text).toContain("I couldn't check your chat account just now");
    expect(allText(body.blocks)).not.toContain('/auth/start');
  });
});

describe('help and mistyped ids', () => {
  it('answers help for a person not linked (or in no group) with what anyone can ask, not a sign-in prompt', async () => {
    const { body } = await command(STRANGER, 'help');
    expect(body.text).toBe('WorkSpaces bot: what you can ask');
    expect(allText(body.blocks)).toContain('/workspace link');
    expect(allText(body.blocks)).not.toContain('/auth/start?state=');
  });

  it('offers the close matches among my own WorkSpaces for a mistyped id, for the same action', async () => {
    const { body } = await command(ALICE, 'reboot ws-alicf');
    expect(body.text).toContain("I don't know a WorkSpace ws-alicf among those you can see.");
    expect(allText(body.blocks)).toContain('reboot:ws-alice');
  });

  it("never offers another person's WorkSpace, even one a character away", async () => {
    const { body } = await command(ALICE, 'status ws-bob4');
    expect(body.text).toContain("I don't know a WorkSpace ws-bob4");
    expect(allText(body.blocks)).not.toMatch(/ws-bob[123]/);
    const own = await command(ALICE, 'status ws-bob1');
    expect(allText(own.body)).not.toContain('ws-bob1 is');
    expect(allText(own.body.blocks)).not.toMatch(/status:ws-bob/);
  });
});

describe('/workspace for an end user', () => {
  it('shows help with only the commands they may use', async () => {
    const { body } = await command(ALICE, '');
    expect(allText(body.blocks)).toContain('restart');
    expect(allText(body.blocks)).not.toContain('fleet');
    expect(allText(body.blocks)).not.toContain('terminate');
  });

  it('lists my WorkSpaces with the details and the actions valid now', async () => {
    const { body } = await command(ALICE, '  LIST ');
    const text = allText(body.blocks);
    expect(text).toContain('ws-alice');
    expect(text).toContain('SLiad+ABCDEF');
    expect(text).toContain('us-east-1');
    expect(text).toContain('reboot:ws-alice');
    expect(text).not.toContain('ws-bob1');
  });

  it('reboots the only WorkSpace without asking which, and updates the message in place', async () => {
    const { body, reply } = await command(ALICE, 'restart');
    expect(body.text).toBe('Rebooting ws-alice…');
    const outcome = await lastResponse(reply.id);
    expect(outcome?.replace_original).toBe(true);
    expect(outcome?.text).toContain('ws-alice');
    expect(outcome?.text).toContain('requested by @alice');
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('REBOOTING');
  });

  it('asks which WorkSpace when the person has several', async () => {
    const { body } = await command(BOB, 'reboot');
    expect(body.text).toContain('Which WorkSpace do you want to reboot?');
    expect(allText(body.blocks)).toContain('reboot:ws-bob1');
  });

  it('acts once for a double click', async () => {
    f.simulator.sim.resetStats();
    const ts = '1700000000.000200';
    const [first, second] = await Promise.all([
      click(BOB, 'workspace_action:reboot', 'reboot:ws-bob1', ts),
      click(BOB, 'workspace_action:reboot', 'reboot:ws-bob1', ts),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await f.bot.drain();
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
    expect(f.simulator.sim.get('ws-bob1')?.state).toBe('REBOOTING');
  });

  it('ends a double click on the first outcome, marked as handled, without a second "Rebooting…"', async () => {
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    await f.scan();
    f.simulator.sim.resetStats();
    const ts = '1700000000.000500';
    const first = await click(ALICE, 'workspace_action:reboot', 'reboot:ws-alice', ts);
    expect((await lastResponse(first.reply.id))?.text).toBe('Rebooting ws-alice, requested by @alice.');

    // The second click finds the first one handled: it says no "Rebooting…" of its own, and puts the outcome back.
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    await f.scan();
    const second = await click(ALICE, 'workspace_action:reboot', 'reboot:ws-alice', ts);
    await f.bot.drain();
    const shown = f.slack.responses(second.reply.id).map((r) => (r.body as { text: string }).text);
    const final = await lastResponse(second.reply.id);
    expect(shown).toEqual(['Rebooting ws-alice, requested by @alice.']);
    expect(final?.replace_original).toBe(true);
    expect(final?.text).toBe('Rebooting ws-alice, requested by @alice.');
    expect(allText(final?.blocks)).toContain('already been handled');
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
  });

  it('acts again when the same button is clicked well after the first click was handled', async () => {
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    await f.scan();
    f.simulator.sim.resetStats();
    const ts = '1700000000.000600';
    // The first click a minute ago.
    const first = await click(ALICE, 'workspace_action:reboot', 'reboot:ws-alice', ts, Date.now() - 60_000);
    expect((await lastResponse(first.reply.id))?.text).toBe('Rebooting ws-alice, requested by @alice.');

    // The reboot is over, the scanner has seen it, and the person clicks the same button again.
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    await f.scan();
    const again = await click(ALICE, 'workspace_action:reboot', 'reboot:ws-alice', ts);
    const outcome = await lastResponse(again.reply.id);
    expect(outcome?.text).toBe('Rebooting ws-alice, requested by @alice.');
    expect(allText(outcome?.blocks)).not.toContain('already been handled');
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(2);
  });

  it('goes by the time a click arrived when Slack sends no action_ts', async () => {
    const withoutActionTs = (reply: string) => {
      const form = new URLSearchParams(
        blockAction(ALICE, { action_id: 'workspace_action:reboot', value: 'reboot:ws-alice' }, reply, {
          ts: '1700000000.000700',
        }),
      );
      const payload = JSON.parse(form.get('payload')!) as { actions: Record<string, unknown>[] };
      delete payload.actions[0]!.action_ts;
      return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    };
    const clickNow = async () => {
      const reply = replyUrl();
      expect((await post(f.url, signed(withoutActionTs(reply.url), FORM))).status).toBe(200);
      return (await lastResponse(reply.id))?.text;
    };
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    await f.scan();
    f.simulator.sim.resetStats();
    expect(await clickNow()).toBe('Rebooting ws-alice, requested by @alice.');
    // Straight after: a double click.
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    await f.scan();
    await clickNow();
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
    // A minute on: a new click.
    const clock = f.bot.services.now;
    f.bot.services.now = () => new Date(Date.now() + 60_000);
    try {
      expect(await clickNow()).toBe('Rebooting ws-alice, requested by @alice.');
    } finally {
      f.bot.services.now = clock;
    }
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(2);
  });

  it('knows the person by their own name in any domain form (CORP\\alice, alice@corp.example.com)', async () => {
    for (const me of ['alice', 'CORP\\alice', 'alice@corp.example.com']) {
      const { body } = await command(ALICE, `status ${me}`);
      expect(body.text).not.toContain('Only admins');
      expect(allText(body.blocks)).toContain('ws-alice');
    }
    const { body } = await command(ALICE, 'status alice@other.example.com');
    expect(body.text).toContain('Only admins');
  });

  it("refuses another person's WorkSpace without saying anything about it", async () => {
    const { body } = await command(ALICE, 'reboot ws-bob2');
    expect(body.text).toContain("I don't know a WorkSpace ws-bob2");
    const clicked = await click(ALICE, 'workspace_action:reboot', 'reboot:ws-bob2');
    expect(clicked.status).toBe(200);
    expect((await lastResponse(clicked.reply.id))?.text).toContain("I don't know a WorkSpace ws-bob2");
  });

  it('says why an action is invalid in the live state, which the cache did not know yet', async () => {
    f.simulator.sim.setState('ws-bob1', 'AVAILABLE');
    await f.scan();
    // Stopped since the scan: the cache still says Available, so the request is handed off, and the live re-read
    // before acting refuses it.
    f.simulator.sim.setState('ws-bob1', 'STOPPED');
    f.simulator.sim.resetStats();
    const { body, reply } = await command(BOB, 'stop ws-bob1');
    expect(body.text).toBe('Stopping ws-bob1…');
    expect((await lastResponse(reply.id))?.text).toMatch(/ws-bob1 is Stopped/);
    expect(f.simulator.sim.callCount('StopWorkspaces')).toBe(0);
    expect(f.simulator.sim.callCount('DescribeWorkspaces')).toBe(1);
  });

  it('asks before a rebuild, with a dialog that says what will be lost, then rebuilds after the click', async () => {
    const { body } = await command(BOB, 'rebuild ws-bob3');
    const blocks = allText(body.blocks);
    expect(blocks).toContain('"confirm"');
    expect(blocks).toContain('replaced by the bundle image');
    const clicked = await click(BOB, 'workspace_action:rebuild', 'rebuild:ws-bob3');
    expect((await lastResponse(clicked.reply.id))?.text).toContain('ws-bob3');
    expect(f.simulator.sim.get('ws-bob3')?.state).toBe('REBUILDING');
  });

  it('offers a did-you-mean for a typo', async () => {
    const { body } = await command(ALICE, 'rebot');
    expect(body.text).toContain('Did you mean');
    expect(body.text).toContain('reboot');
  });

  it('answers whoami, and unlink ends the link', async () => {
    await f.link('U0TEMP', 'alice', ['user']);
    const who = await command({ id: 'U0TEMP', name: 'temp' }, 'whoami');
    expect(who.body.text).toContain('CORP\\alice');
    const gone = await command({ id: 'U0TEMP', name: 'temp' }, 'unlink');
    expect(gone.body.text).toContain('Unlinked');
    expect((await command({ id: 'U0TEMP', name: 'temp' }, 'list')).body.text).toContain('link your Slack account');
  });

  it('refuses terminate to a user', async () => {
    const { body } = await command(BOB, 'terminate ws-bob1');
    expect(body.text).toContain('Only admins can terminate');
  });
});

describe('/workspace for an admin', () => {
  it('shows the fleet commands in help', async () => {
    const { body } = await command(CAROL, 'help');
    expect(allText(body.blocks)).toContain('fleet');
    expect(allText(body.blocks)).toContain('terminate');
  });

  it("acts on another person's WorkSpaces by their name", async () => {
    const { body } = await command(CAROL, 'status bob');
    expect(body.text).toContain("Which of bob's WorkSpaces");
  });

  it('terminates only after the id is typed into the modal', async () => {
    const { status } = await command(CAROL, 'terminate ws-bob2');
    expect(status).toBe(200);
    const opened = await f.slack.waitForCall('views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('terminate_modal');
    expect(allText(view)).toContain('cannot be undone');

    const wrong = await post(f.url, signed(submitted(view, 'ws-bob'), FORM));
    expect(wrong.json).toMatchObject({ response_action: 'errors' });
    await f.bot.drain();
    expect(f.simulator.sim.get('ws-bob2')?.state).toBe('AVAILABLE');

    const right = await post(f.url, signed(submitted(view, ' ws-bob2 '), FORM));
    expect(right.status).toBe(200);
    await f.bot.drain();
    expect(f.simulator.sim.get('ws-bob2')?.state).toBe('TERMINATING');
  });

  it('shows the fleet overview within Block Kit limits and pages through 300+ WorkSpaces', async () => {
    const { body } = await command(CAROL, 'fleet');
    expect(body.text).toMatch(/WorkSpaces/);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    const seen = new Set<string>();
    let next = cursorOf(body.blocks, 'next');
    const firstIds = idsIn(body.blocks);
    for (const id of firstIds) seen.add(id);
    let pages = 1;
    while (next && pages < 40) {
      const clicked = await click(CAROL, 'fleet_page:next', next);
      const page = await lastResponse(clicked.reply.id);
      expect(page?.replace_original).toBe(true);
      expect(page?.blocks?.length).toBeLessThanOrEqual(50);
      for (const id of idsIn(page?.blocks)) seen.add(id);
      next = cursorOf(page?.blocks, 'next');
      pages++;
    }
    expect(pages).toBeGreaterThan(30);
    expect(seen.size).toBeGreaterThanOrEqual(300);
  });

  it('filters the fleet: every row of the page matches every filter', async () => {
    const { body } = await command(CAROL, 'fleet state:stopped region:eu-west-1');
    const rows = pageRowIds(body.blocks);
    expect(rows.length).toBeGreaterThan(0);
    for (const id of rows) expect(f.simulator.sim.get(id)).toMatchObject({ state: 'STOPPED', region: 'eu-west-1' });
  });

  it('filters the fleet by a mentioned chat user through their link', async () => {
    const { body } = await command(CAROL, `fleet user:<@${BOB.id}|bob>`);
    const rows = pageRowIds(body.blocks);
    expect(rows.length).toBeGreaterThan(0);
    for (const id of rows) expect(f.simulator.sim.get(id)?.userName).toBe('bob');
    const unknown = await command(CAROL, 'fleet user:<@U0NOBODY|nobody>');
    expect(unknown.body.text).toContain('@nobody has not linked a company account');
  });

  it('pages back with Previous to the same rows', async () => {
    const first = await command(CAROL, 'fleet');
    const second = await lastResponse(
      (await click(CAROL, 'fleet_page:next', cursorOf(first.body.blocks, 'next')!)).reply.id,
    );
    const back = await lastResponse(
      (await click(CAROL, 'fleet_page:previous', cursorOf(second?.blocks, 'previous')!)).reply.id,
    );
    expect(pageRowIds(back?.blocks)).toEqual(pageRowIds(first.body.blocks));
  });

  it.each([
    ['a fleet row menu', { action_id: 'workspace_action:menu', selected_option: { value: 'terminate:ws-bob3' } }],
    ['a Terminate button', { action_id: 'workspace_action:terminate', value: 'terminate:ws-bob3' }],
  ])(
    'asks for the typed id when terminate is chosen from %s: the modal opens, nothing is terminated',
    async (_, action) => {
      f.slack.reset();
      f.simulator.sim.resetStats();
      const reply = replyUrl();
      expect((await post(f.url, signed(blockAction(CAROL, action, reply.url), FORM))).status).toBe(200);
      const opened = await f.slack.waitForCall('views.open');
      // The modal knows the WorkSpace and where to report, so its outcome replaces the message clicked.
      expect(JSON.parse((opened.args.view as { private_metadata: string }).private_metadata)).toEqual({
        workspaceId: 'ws-bob3',
        reply: expect.objectContaining({
          inPlace: { platform: 'slack', kind: 'response-url', url: reply.url, replaceOriginal: true },
        }),
      });
      await f.bot.drain();
      expect(f.simulator.sim.callCount('TerminateWorkspaces')).toBe(0);
    },
  );
});

describe('clicks', () => {
  it('shows the chosen WorkSpace from a chooser entry', async () => {
    const clicked = await click(BOB, 'choose_workspace:0', 'status:ws-bob1');
    const shown = await lastResponse(clicked.reply.id);
    expect(shown?.replace_original).toBe(true);
    expect(allText(shown?.blocks)).toContain('ws-bob1');
  });

  it('acts on an overflow menu selection', async () => {
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    const reply = replyUrl();
    const payload = blockAction(
      ALICE,
      { action_id: 'workspace_action:menu', selected_option: { value: 'stop:ws-alice' } },
      reply.url,
    );
    await post(f.url, signed(payload, FORM));
    expect((await lastResponse(reply.id))?.text).toContain('requested by @alice');
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('STOPPING');
  });

  it('acknowledges a click on the sign-in button (a link Slack opens itself), and says nothing', async () => {
    f.slack.reset();
    const reply = replyUrl();
    const response = await post(f.url, signed(blockAction(STRANGER, { action_id: 'signin_open' }, reply.url), FORM));
    // Without a listener Bolt answers 404, and Slack shows the person an error next to the button.
    expect(response.status).toBe(200);
    await f.bot.drain();
    expect(f.slack.responses(reply.id)).toEqual([]);
    expect(f.slack.calls()).toEqual([]);
  });

  it('says a button no longer works when its value cannot be read', async () => {
    const clicked = await click(ALICE, 'workspace_action:reboot', 'explode:ws-alice');
    expect((await lastResponse(clicked.reply.id))?.text).toContain('That button no longer works');
  });
});

describe('an admin whose sign-in is older than ADMIN_REAUTH_HOURS', () => {
  const STALE = { id: 'U0STALE', name: 'stale' };

  it('keeps user powers but is asked to sign in again for admin actions', async () => {
    await f.link(STALE.id, 'bob', ['user', 'admin'], 13);
    const fleetReply = await command(STALE, 'fleet');
    expect(fleetReply.body.text).toContain('Admin actions need a recent sign-in');
    expect(allText(fleetReply.body.blocks)).toContain('/auth/start?state=');
    const other = await command(STALE, 'status alice');
    expect(other.body.text).toContain('Admin actions need a recent sign-in');
    const mine = await command(STALE, 'list');
    expect(allText(mine.body.blocks)).toContain('ws-bob1');
    const next = await click(STALE, 'fleet_page:next', 'anything');
    expect((await lastResponse(next.reply.id))?.text).toContain('Admin actions need a recent sign-in');
    const help = await command(STALE, 'help');
    expect(allText(help.body.blocks)).not.toContain('terminate');
  });
});

describe('App Home', () => {
  it('publishes my WorkSpaces, and the fleet summary for an admin; a retried event is harmless', async () => {
    f.slack.reset();
    const event = appHomeOpened(CAROL, 'Ev0HOME');
    expect((await post(f.url, signed(event, JSON_TYPE))).status).toBe(200);
    expect((await post(f.url, signed(event, JSON_TYPE, { retryNum: 1 }))).status).toBe(200);
    await f.bot.drain();
    const published = f.slack.calls('views.publish');
    expect(published.length).toBeGreaterThanOrEqual(1);
    expect(published[0]?.args.user_id).toBe(CAROL.id);
    expect(allText(published[0]?.args.view)).toContain('WorkSpaces fleet');
    // An end user's Home tab has their WorkSpaces and no fleet.
    f.slack.reset();
    await post(f.url, signed(appHomeOpened(ALICE), JSON_TYPE));
    await f.bot.drain();
    const own = f.slack.calls('views.publish').at(-1);
    expect(own?.args.user_id).toBe(ALICE.id);
    expect(allText(own?.args.view)).toContain('ws-alice');
    expect(allText(own?.args.view)).not.toContain('WorkSpaces fleet');
  });

  it('answers a click on the home tab in the DM, updating that one message, and performs the action', async () => {
    f.slack.reset();
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    const response = await post(
      f.url,
      signed(homeTabAction(ALICE, { action_id: 'workspace_action:reboot', value: 'reboot:ws-alice' }), FORM),
    );
    expect(response.status).toBe(200);
    await f.bot.drain();
    const dms = f.slack.calls('chat.postMessage').filter((call) => call.args.channel === ALICE.id);
    expect(dms.map((call) => String(call.args.text))).toEqual(['Rebooting ws-alice…']);
    const updates = f.slack.calls('chat.update');
    expect(updates.map((call) => String(call.args.text))).toEqual(['Rebooting ws-alice, requested by @alice.']);
    expect(updates[0]?.args.ts).toBe(dms[0]?.answer.ts);
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('REBOOTING');
  });

  it('offers a sign-in on the home tab to a person not linked', async () => {
    f.slack.reset();
    await post(f.url, signed(appHomeOpened(STRANGER), JSON_TYPE));
    await f.bot.drain();
    const published: RecordedCall | undefined = f.slack.calls('views.publish')[0];
    expect(allText(published?.args.view)).toContain('/auth/start?state=');
  });
});

function submitted(view: { callback_id: string; private_metadata: string }, typed: string) {
  return viewSubmission(
    CAROL,
    { id: 'V0MODAL', callback_id: view.callback_id, private_metadata: view.private_metadata },
    {
      terminate_id_block: { terminate_id: { type: 'plain_text_input', value: typed } },
    },
  );
}

function cursorOf(blocks: unknown, which: 'next' | 'previous'): string | undefined {
  let found: string | undefined;
  JSON.stringify(blocks, (_key, value) => {
    if (value && typeof value === 'object' && (value as { action_id?: string }).action_id === `fleet_page:${which}`) {
      found = (value as { value: string }).value;
    }
    return value;
  });
  return found;
}

/** The WorkSpace ids of the fleet page's rows (the blocks after its "Fleet, page" title). */
function pageRowIds(blocks: unknown): string[] {
  const list = (blocks ?? []) as unknown[];
  const start = list.findIndex((block) => allText(block).includes('Fleet, page'));
  return start < 0 ? [] : idsIn(list.slice(start + 1));
}

function idsIn(blocks: unknown): string[] {
  return [...new Set(allText(blocks).match(/ws-[a-z0-9]{4,}/g) ?? [])];
}
