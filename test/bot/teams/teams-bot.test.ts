/**
 * The Teams bot over HTTP, as Teams drives it: activities signed by the Bot Framework stand-in POSTed to
 * /teams/messages, checked by botbuilder's own validation, answered at once; the worker's answers read from the
 * Connector API calls the stand-in records, and the actions from the WorkSpaces simulator.
 */
import { oncallChannels } from '../../../bot/oncall';
import { CARD_DATA_VERSION } from '../../../bot/teams/card-actions';
import { createTeamsFunction } from '../../../bot/teams-function';
import { TOKEN_FAULTS } from '../../../local/botframework';
import { startLambdaServer } from '../../../local/http/lambda-server';
import { syncDeps } from '../../../sync/deps';
import { runReaper } from '../../../sync/reaper';
import { signInThroughBrowser } from '../../helpers/browser-signin';
import { SMALL_FLEET } from '../../helpers/simulator';
import { quietLog } from '../../helpers/sync';
import { CHANNEL, executeAction, personalText, postSigned } from '../../helpers/teams';
import { type Card, startTeamsBot, type TeamsBotFixture } from '../../helpers/teams-bot';

let f: TeamsBotFixture;
type Person = TeamsBotFixture['people'][string];
let alice: Person;
let bob: Person;
let carol: Person;
let dave: Person;

beforeAll(async () => {
  const fleet = structuredClone(SMALL_FLEET);
  // Enough in eu-west-1 for three pages of the fleet overview (10 rows a page).
  for (let i = 0; i < 25; i++) {
    fleet.workspaces.push({
      workspaceId: `ws-page${i}`,
      directoryId: 'd-west',
      userName: 'paged',
      state: 'AVAILABLE',
      runningMode: 'AUTO_STOP',
    });
  }
  // Bob's for the schedule, touched by no other test.
  fleet.workspaces.push({
    workspaceId: 'ws-bob4',
    directoryId: 'd-east',
    userName: 'bob',
    state: 'STOPPED',
    runningMode: 'AUTO_STOP',
  });
  // A daily digest from 00:00 UTC: the reaper then always has a report for the on-call channel.
  f = await startTeamsBot(fleet, { ONCALL_DIGEST_HOUR_UTC: '0' });
  const person = (key: string): Person => {
    const found = f.people[key];
    if (!found) throw new Error(`no demo person ${key}`);
    return found;
  };
  [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map(person) as [Person, Person, Person, Person];
  await f.linkTeams(alice, 'alice', ['user']);
  await f.linkTeams(bob, 'bob', ['user']);
  await f.linkTeams(carol, 'carol', ['user', 'admin']);
});
afterAll(() => f.close());

const only = (cards: Card[]): Card => {
  expect(cards).toHaveLength(1);
  return cards[0]!;
};
const button = (card: Card, title: string, workspaceId?: string) => {
  const found = card.buttons.find((b) => b.title === title && (!workspaceId || b.data.w === workspaceId));
  if (!found) throw new Error(`no button “${title}” among ${card.buttons.map((b) => b.title).join(', ')}`);
  return found;
};

describe('a person not linked yet', () => {
  it('gets help with what anyone can ask, and a sign-in link for anything else', async () => {
    const help = only((await f.say({ person: dave }, 'help')).cards);
    expect(help.text).toContain('link');
    const list = only((await f.say({ person: dave }, 'list')).cards);
    expect(JSON.stringify(list.content)).toContain('/auth/start?state=');
  });
});

describe('signing in from Teams', () => {
  it('links the Teams account through the same sign-in, checks the email Teams has for it, and says so in the personal chat', async () => {
    const erin = f.people.erin!;
    const prompt = only((await f.say({ person: erin }, 'list')).cards);
    const url = /"url":"([^"]*\/auth\/start\?state=[^"]+)"/.exec(JSON.stringify(prompt.content))?.[1];
    expect(url).toBeDefined();
    const before = f.bf.calls().length;
    const { result } = await signInThroughBrowser(f.provider.url, url!, 'erin');
    expect(result.status).toBe(200);
    await f.bot.drain();
    const told = f.bf
      .calls()
      .slice(before)
      .flatMap((call) => JSON.stringify(call.body ?? ''));
    expect(told.join('\n')).toContain('Linked as erin: WorkSpaces user. Your Teams account now acts as erin.');
    const link = await f.bot.services.links.get(
      { platform: 'teams', tenantId: f.bf.tenantId, userId: erin.aadObjectId },
      new Date(),
    );
    expect(link?.adUserName).toBe('erin');
    // The same person on Slack is a link of their own: still not linked there.
    expect(
      await f.bot.services.links.get({ platform: 'slack', tenantId: 'T0TEST', userId: 'U0ERIN' }, new Date()),
    ).toBeUndefined();
  });
});

describe('an end user in their personal chat', () => {
  it('lists their WorkSpaces with the actions valid now, as buttons', async () => {
    const turn = await f.say({ person: alice }, 'list');
    expect(turn.answer.status).toBe(200);
    const card = only(turn.cards);
    expect(card.text).toContain('ws-alice');
    expect(card.text).not.toContain('ws-bob1');
    expect(button(card, 'Reboot').data).toMatchObject({ v: CARD_DATA_VERSION, a: 'reboot', w: 'ws-alice' });
  });

  it('reboots on a click: the invoke is answered at once, the card says Rebooting and then the outcome, once', async () => {
    const list = only((await f.say({ person: alice }, 'list')).cards);
    const reboot = button(list, 'Reboot');
    const before = f.simulator.sim.callCount('RebootWorkspaces');
    const turn = await f.click({ person: alice }, reboot.data, list.activityId!, reboot.verb);
    expect(turn.answer.status).toBe(200);
    expect(turn.answer.json).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    const updates = turn.sent.filter((call) => call.operation === 'updateActivity');
    expect(updates.every((call) => call.activityId === list.activityId)).toBe(true);
    expect(turn.cards.map((card) => card.text).join('\n')).toMatch(/Rebooting ws-alice/);
    expect(turn.cards.at(-1)!.text).toContain('requested by');
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(before + 1);
  });

  it('acts once when Teams retries the same activity', async () => {
    const list = only((await f.say({ person: bob }, 'list')).cards);
    const reboot = button(list, 'Reboot', 'ws-bob1');
    const activity = executeAction(
      f.bf,
      { person: bob },
      { verb: reboot.verb!, data: reboot.data, replyToId: list.activityId! },
    );
    const before = f.simulator.sim.callCount('RebootWorkspaces');
    await f.send(activity);
    await f.send(activity);
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(before + 1);
  });

  it('answers a message once when Teams delivers the same activity again', async () => {
    const activity = personalText(f.bf, { person: bob }, 'list');
    const first = await f.send(activity);
    expect(only(first.cards).text).toContain('ws-bob1');
    const again = await f.send(activity);
    expect(again.answer.status).toBe(200);
    expect(again.sent).toEqual([]);
    // Another message with the same words is another request, answered as such.
    expect(only((await f.say({ person: bob }, 'list')).cards).text).toContain('ws-bob1');
  });

  it('answers a re-delivered message whose first delivery failed before it could answer', async () => {
    const links = f.bot.services.links;
    const get = links.get.bind(links);
    let failures = 1;
    links.get = async (...args) => {
      if (failures-- > 0) throw new Error('DynamoDB is unavailable');
      return get(...args);
    };
    try {
      const activity = personalText(f.bf, { person: bob }, 'list');
      const failed = await f.send(activity);
      expect(failed.cards).toEqual([]);
      const again = await f.send(activity);
      expect(only(again.cards).text).toContain('ws-bob1');
    } finally {
      links.get = get;
    }
  });

  it("refuses a card whose data names another person's WorkSpace, and does nothing", async () => {
    const list = only((await f.say({ person: alice }, 'list')).cards);
    const forged = { v: CARD_DATA_VERSION, k: 'click', a: 'start', w: 'ws-bob3' };
    const before = f.simulator.sim.callCount('StartWorkspaces');
    const turn = await f.click({ person: alice }, forged, list.activityId!);
    // Said as of any id she cannot see: nothing about bob's WorkSpace, and the list she clicked on stays as it was.
    const answer = only(turn.cards);
    expect(answer.text).toBe("I don't know a WorkSpace ws-bob3 among those you can see.");
    expect(turn.sent.some((call) => call.operation === 'updateActivity')).toBe(false);
    expect(f.simulator.sim.callCount('StartWorkspaces')).toBe(before);
  });

  it('says a button no longer works when its data cannot be read', async () => {
    const list = only((await f.say({ person: alice }, 'list')).cards);
    const turn = await f.click({ person: alice }, { v: 0, k: 'click', a: 'reboot', w: 'ws-alice' }, list.activityId!);
    expect(turn.cards.map((card) => card.text).join('\n')).toContain('That button no longer works');
  });

  it('asks before a rebuild with a card of its own, and rebuilds only after the confirmation is clicked', async () => {
    const before = f.simulator.sim.callCount('RebuildWorkspaces');
    const question = only((await f.say({ person: alice }, 'rebuild')).cards);
    expect(question.text).toMatch(/Rebuild ws-alice\?/);
    expect(f.simulator.sim.callCount('RebuildWorkspaces')).toBe(before);
    const confirm = button(question, 'Rebuild');
    expect(confirm.data).toMatchObject({ ok: 1 });
    await f.click({ person: alice }, confirm.data, question.activityId!, confirm.verb);
    expect(f.simulator.sim.callCount('RebuildWorkspaces')).toBe(before + 1);
  });

  it('answers an unknown command with a suggestion and the help', async () => {
    const card = only((await f.say({ person: alice }, 'rebot')).cards);
    expect(card.text).toContain('I don');
    expect(card.text).toContain('reboot');
  });

  it('answers status, whoami and unlink (after which the sign-in is offered again)', async () => {
    const status = only((await f.say({ person: alice }, 'status ws-alice')).cards);
    expect(status.text).toContain('ws-alice');
    expect(status.text).toContain('Region: us-east-1');
    const whoami = only((await f.say({ person: alice }, 'whoami')).cards);
    expect(whoami.text).toContain('alice');
    const unlinked = only((await f.say({ person: alice }, 'unlink')).cards);
    expect(unlinked.text.toLowerCase()).toContain('unlinked');
    const list = only((await f.say({ person: alice }, 'list')).cards);
    expect(JSON.stringify(list.content)).toContain('/auth/start?state=');
    await f.linkTeams(alice, 'alice', ['user']);
  });

  it('refuses terminate to a user', async () => {
    const before = f.simulator.sim.callCount('TerminateWorkspaces');
    const card = only((await f.say({ person: alice }, 'terminate ws-alice')).cards);
    expect(card.text.toLowerCase()).toContain('admin');
    expect(f.simulator.sim.callCount('TerminateWorkspaces')).toBe(before);
  });
});

describe('an admin', () => {
  it('terminates only after the exact id is typed into the card', async () => {
    const before = f.simulator.sim.callCount('TerminateWorkspaces');
    const ask = only((await f.say({ person: carol }, 'terminate ws-bob3')).cards);
    const terminate = button(ask, 'Terminate');
    const wrong = await f.click(
      { person: carol },
      { ...terminate.data, 'typed-ws-bob3': 'ws-bob' },
      ask.activityId!,
      terminate.verb,
    );
    expect(JSON.stringify(wrong.answer.json)).toContain('That is not ws-bob3');
    expect(f.simulator.sim.callCount('TerminateWorkspaces')).toBe(before);
    await f.click(
      { person: carol },
      { ...terminate.data, 'typed-ws-bob3': 'ws-bob3' },
      ask.activityId!,
      terminate.verb,
    );
    expect(f.simulator.sim.callCount('TerminateWorkspaces')).toBe(before + 1);
  });

  it('asks before a restore, and restores only after the confirmation is clicked', async () => {
    const before = f.simulator.sim.callCount('RestoreWorkspace');
    const question = only((await f.say({ person: carol }, 'restore ws-bob2')).cards);
    expect(question.text).toMatch(/Restore ws-bob2\?/);
    expect(f.simulator.sim.callCount('RestoreWorkspace')).toBe(before);
    const confirm = button(question, 'Restore');
    await f.click({ person: carol }, confirm.data, question.activityId!, confirm.verb);
    expect(f.simulator.sim.callCount('RestoreWorkspace')).toBe(before + 1);
  });

  it('pages the fleet overview with Next: the card updates to the next rows', async () => {
    const first = only((await f.say({ person: carol }, 'fleet region:eu-west-1')).cards);
    expect(first.text).toContain('Fleet, page 1 ·');
    const next = button(first, 'Next');
    const turn = await f.click({ person: carol }, next.data, first.activityId!, next.verb);
    const second = turn.cards.at(-1)!;
    expect(second.call.operation).toBe('updateActivity');
    expect(second.activityId).toBe(first.activityId);
    expect(second.text).toContain('Fleet, page 2 ·');
    const rows = (card: typeof first) => new Set(card.text.match(/ws-page\d+/g));
    expect([...rows(second)].some((id) => rows(first).has(id))).toBe(false);
  });
});

describe('schedules in Teams', () => {
  it('reads the time in the zone Teams sends, asks with Confirm, schedules, and fires into the same conversation', async () => {
    const ask = only((await f.say({ person: bob, timezone: 'Asia/Tokyo' }, 'start ws-bob4 in 30m')).cards);
    expect(ask.text).toMatch(/Start .*ws-bob4.* at \d\d:\d\d Asia\/Tokyo\?/);
    const mine = () => f.scheduler.standIn.model.pending().filter((s) => s.Name.startsWith('start-ws-bob4'));
    expect(mine()).toHaveLength(0);
    const confirm = button(ask, 'Confirm');
    await f.click({ person: bob }, confirm.data, ask.activityId!, confirm.verb);
    expect(mine()).toHaveLength(1);
    const before = f.simulator.sim.callCount('StartWorkspaces');
    const sentBefore = f.bf.calls().length;
    await f.scheduler.standIn.advance(31 * 60_000);
    await f.bot.drain();
    expect(f.simulator.sim.callCount('StartWorkspaces')).toBe(before + 1);
    const told = f.bf.calls().slice(sentBefore);
    expect(told.some((call) => call.conversationId === ask.conversationId)).toBe(true);
  });
});

describe('in a channel', () => {
  it('answers an @mention; a private answer goes to the personal chat, not the channel', async () => {
    const turn = await f.say({ person: bob, chat: CHANNEL }, 'list');
    const card = only(turn.cards);
    expect(card.text).toContain('ws-bob1');
    expect(turn.sent.some((call) => call.operation === 'createConversation')).toBe(true);
    expect(card.conversationId).not.toBe(CHANNEL.id);
  });

  it('opens the personal chat once: the next private answer goes to the same chat without opening it again', async () => {
    const first = only((await f.say({ person: alice, chat: CHANNEL }, 'list')).cards);
    const turn = await f.say({ person: alice, chat: CHANNEL }, 'list');
    expect(turn.sent.some((call) => call.operation === 'createConversation')).toBe(false);
    expect(only(turn.cards).conversationId).toBe(first.conversationId);
    expect(only(turn.cards).text).toContain('ws-alice');
  });

  it('registers the channel for on-call reports with oncall here (admins only)', async () => {
    const refused = only((await f.say({ person: bob, chat: CHANNEL }, 'oncall here')).cards);
    expect(refused.text).toContain('Only WorkSpaces admins');
    await f.say({ person: carol, chat: CHANNEL }, 'oncall here');
    // Another admin in the same channel, in another thread, is told it is this channel.
    await f.linkTeams(dave, 'dave', ['user', 'admin']);
    const shown = only((await f.say({ person: dave, chat: CHANNEL }, 'oncall')).cards);
    expect(shown.text).toContain('On-call reports go to this channel, registered by carol');
    await f.bot.services.links.delete({ platform: 'teams', tenantId: f.bf.tenantId, userId: dave.aadObjectId });
    const channels = await f.bot.services.sync.onCallChannels();
    expect(channels).toEqual([
      expect.objectContaining({ platform: 'teams', address: expect.objectContaining({ conversationId: CHANNEL.id }) }),
    ]);

    // The reaper's next report goes there, through the Connector, as a proactive message in the channel.
    const config = f.bot.services.config;
    await f.bot.services.sync.put('oncall-report', { reportedUnscanned: [], reportedAttention: [] });
    const before = f.bf.calls().length;
    const reaped = await runReaper(syncDeps(config, oncallChannels(config, quietLog), quietLog).reaper);
    expect(reaped.report).toBeDefined();
    expect(reaped.postedTo).toEqual(['teams:registered']);
    const posted = f.bf
      .calls()
      .slice(before)
      .filter((call) => call.conversationId === CHANNEL.id);
    expect(posted.length).toBeGreaterThan(0);
    expect(JSON.stringify(posted[0]!.body)).toContain('WorkSpaces');
  });
});

describe('a hand-off that fails', () => {
  it('answers the click with "nothing was done", never "working on it"', async () => {
    const failing = createTeamsFunction({
      config: f.bot.services.config,
      log: quietLog,
      queue: { enqueue: () => Promise.reject(new Error('Lambda refused the job')) },
    });
    const server = await startLambdaServer(failing.handler);
    try {
      const activity = executeAction(
        f.bf,
        { person: alice },
        {
          verb: 'workspaceAction',
          data: { v: CARD_DATA_VERSION, k: 'click', a: 'status', w: 'ws-alice' },
        },
      );
      const answer = await postSigned(f.bf, `${server.url}/teams/messages`, activity);
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.json)).toContain('Nothing was done');
      expect(JSON.stringify(answer.json)).not.toContain('Working on it');
    } finally {
      await server.close();
    }
  });
});

describe('bad requests', () => {
  it.each(TOKEN_FAULTS)('refuses a %s token with 401, and nothing is done', async (fault) => {
    const before = f.bf.calls().length;
    // A click the bot would answer, were the token good.
    const click = { v: CARD_DATA_VERSION, k: 'click', a: 'status', w: 'ws-alice' };
    const answer = await postSigned(
      f.bf,
      f.teamsUrl,
      executeAction(f.bf, { person: alice }, { verb: 'workspaceAction', data: click }),
      fault,
    );
    expect(answer.status).toBe(401);
    await f.bot.drain();
    expect(f.bf.calls().length).toBe(before);
  });
});
