/**
 * `oncall here`, `oncall` and `oncall off`, as an admin types them in chat, and the reaper's next report going to
 * (or no longer going to) the registered channel: signed slash commands to the real handler, the reaper with the
 * bot's own on-call channels against DynamoDB Local, the posts read from the Slack stand-in.
 */
import { oncallChannels } from '../../bot/oncall';
import { syncDeps } from '../../sync/deps';
import { runReaper } from '../../sync/reaper';
import { type BotFixture, startBot } from '../helpers/bot';
import { SMALL_FLEET } from '../helpers/simulator';
import { quietLog } from '../helpers/sync';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const CAROL = { id: 'U0CAROL', name: 'carol' };
const OPS = { id: 'C0OPS', name: 'ops' };
const DM = { id: 'D0CAROL', name: 'directmessage' };

let f: BotFixture;

beforeAll(async () => {
  // A daily digest from 00:00 UTC: with the reaper's memory forgotten, every run below has a report to post.
  f = await startBot(SMALL_FLEET, { ONCALL_DIGEST_HOUR_UTC: '0' });
  await f.link(ALICE.id, 'alice', ['user']);
  await f.link(CAROL.id, 'carol', ['user', 'admin']);
});
afterAll(() => f.close());

/** The reaper as its Lambda runs it: the bot's on-call channels, read at each report. */
async function reap() {
  const config = f.bot.services.config;
  const deps = syncDeps(config, oncallChannels(config, quietLog), quietLog);
  // The reaper's memory forgotten (today's digest not sent yet), so every run here has a report to post.
  await f.bot.services.sync.put('oncall-report', { reportedUnscanned: [], reportedAttention: [] });
  return runReaper(deps.reaper);
}

const postsTo = (channel: string) =>
  f.slack.calls('chat.postMessage').filter((call) => call.args.channel === channel).length;

describe('oncall', () => {
  it('is for admins only', async () => {
    const answer = await f.command(ALICE, 'oncall here', OPS);
    expect(answer.body.text).toBe('Only WorkSpaces admins choose where on-call reports go.');
    expect(await f.bot.services.sync.onCallChannels()).toEqual([]);
  });

  it('needs a channel: in a direct message nothing changes', async () => {
    const answer = await f.command(CAROL, 'oncall here', DM);
    expect(answer.body.text).toContain('Nothing changed');
    expect(await f.bot.services.sync.onCallChannels()).toEqual([]);
  });

  it('registers the channel it is typed in; the next report goes there; off stops it', async () => {
    expect((await f.command(CAROL, 'oncall', OPS)).body.text).toContain('No channel on this chat platform');

    const registered = await f.command(CAROL, 'oncall here', OPS);
    expect(registered.body.text).toContain('On-call reports come to this channel');
    expect((await f.command(CAROL, 'oncall', OPS)).body.text).toContain(
      'On-call reports go to this channel, registered by carol',
    );

    const before = postsTo(OPS.id);
    const first = await reap();
    expect(first.report).toBeDefined();
    expect(first.postedTo).toEqual(['slack:registered']);
    expect(postsTo(OPS.id)).toBeGreaterThan(before);

    expect((await f.command(CAROL, 'oncall off', OPS)).body.text).toContain('no longer come');
    const after = postsTo(OPS.id);
    const second = await reap();
    expect(second.report).toBeDefined();
    expect(second.postedTo).toEqual([]);
    expect(postsTo(OPS.id)).toBe(after);
    expect((await f.command(CAROL, 'oncall off', OPS)).body.text).toContain('nothing changed');
  });

  it('says what it takes when given something else', async () => {
    const answer = await f.command(CAROL, 'oncall everywhere', OPS);
    expect(answer.body.text).toContain('oncall takes “here” or “off”');
  });
});
