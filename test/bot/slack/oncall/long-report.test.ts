/**
 * A long on-call report, posted through the real WebClient to the Slack stand-in (which refuses, as Slack does, a
 * message whose blocks' text passes 12,000 characters: msg_blocks_too_long): a message plus thread replies, every
 * message within the limits, and every entry in exactly one of them.
 */
import type { KnownBlock, WebClient } from '@slack/web-api';
import { SLACK_LIMITS } from '../../../../bot/slack/blocks/limits';
import { renderOnCallMessages } from '../../../../bot/slack/oncall/render-report';
import { SlackOnCallChannel } from '../../../../bot/slack/oncall/slack-oncall-channel';
import type { SlackApiStandIn } from '../../../../local/slack-api';
import { messageBlockProblems } from '../../../../local/slack-api';
import type { OnCallReport } from '../../../../sync/report';
import { ONCALL_CHANNEL, onCallReport, startSlackStandIn, webClientFor } from '../../../helpers/slack-api';
import { texts } from '../render/block-checks';

/** What AWS says when the scanner's role may not describe WorkSpaces in a member account: about 300 characters. */
const ACCESS_DENIED = (account: string, region: string) =>
  `AccessDeniedException: User: arn:aws:sts::${account}:assumed-role/WorkSpacesBotMember/workspaces-bot-scanner is not authorized to perform: workspaces:DescribeWorkspaces on resource: arn:aws:workspaces:${region}:${account}:workspace/* because no identity-based policy allows the workspaces:DescribeWorkspaces action`;

const N = 200;

function longReport(): OnCallReport {
  return onCallReport({
    removed: Array.from({ length: N }, (_, i) => ({
      workspaceId: `ws-gone${String(i).padStart(5, '0')}`,
      userName: `departed.user.${i}`,
      region: 'eu-west-1',
      accountId: '123456789012',
      lastSeenAt: '2026-11-22T18:30:00.000Z',
      proof: 'two-complete-scans' as const,
    })),
    unscanned: Array.from({ length: N }, (_, i) => {
      const accountId = String(900000000000 + i);
      return {
        accountId,
        region: 'ap-southeast-2',
        failingSince: '2026-11-23T06:00:00.000Z',
        lastError: ACCESS_DENIED(accountId, 'ap-southeast-2'),
        lastCompleteAt: '2026-11-23T05:00:00.000Z',
      };
    }),
    attention: Array.from({ length: N }, (_, i) => ({
      workspaceId: `ws-sick${String(i).padStart(5, '0')}`,
      userName: `user.${i}`,
      region: 'us-east-1',
      accountId: '123456789012',
      state: i % 3 ? 'UNHEALTHY' : 'ADMIN_MAINTENANCE',
      since: new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000).toISOString(),
      reason: 'state' as const,
    })),
  });
}

/** Every entry's key as it appears in a line: the WorkSpace id, or the account of a region not scanned. */
const entryKeys = (text: string) => text.match(/ws-(?:gone|sick)\d{5}|account 9\d{11}/g) ?? [];

let standIn: SlackApiStandIn;
let client: WebClient;

beforeAll(async () => {
  standIn = await startSlackStandIn();
  client = webClientFor(standIn).client;
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

describe('a report with 200 entries in each category', () => {
  it('is posted as a message and thread replies, each accepted by the stand-in, with no entry lost or repeated', async () => {
    await new SlackOnCallChannel(client, ONCALL_CHANNEL).post(longReport());
    const posts = standIn.calls('chat.postMessage');
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.every((post) => post.answer.ok === true)).toBe(true);
    const firstTs = (posts[0]!.answer as unknown as { ts: string }).ts;
    expect(posts[0]!.args.thread_ts).toBeUndefined();
    for (const reply of posts.slice(1)) expect(reply.args.thread_ts).toBe(firstTs);

    const keys = posts.flatMap((post) => entryKeys(texts(post.args.blocks as KnownBlock[]).join('\n')));
    expect(keys).toHaveLength(3 * N);
    expect(new Set(keys).size).toBe(3 * N);
  });

  it('keeps every message within 12,000 characters of block text, 50 blocks and the other limits', () => {
    const messages = renderOnCallMessages(longReport());
    for (const { blocks, text } of messages) {
      const chars = texts(blocks).reduce((sum, t) => sum + t.length, 0);
      expect(chars).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocksText);
      expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(messageBlockProblems(blocks)).toEqual([]);
      expect(text.length).toBeGreaterThan(0);
    }
    // The first message says how many more of each category the thread holds, and the thread says which lines.
    const first = texts(messages[0]!.blocks).join('\n');
    expect(first).toMatch(/…and [\d,]+ more removed, listed in the thread/);
    expect(first).toMatch(/…and [\d,]+ more not scanned, listed in the thread/);
    expect(first).toMatch(/…and [\d,]+ more, listed in the thread; `\/workspace fleet` lists them all/);
    expect(texts(messages[1]!.blocks)[0]).toMatch(/^\*200 WorkSpaces removed from the cache, continued \(\d+–\d+\)\*$/);
    // State names as people read them, never raw.
    expect(messages.map((m) => texts(m.blocks).join('\n')).join('\n')).not.toContain('ADMIN_MAINTENANCE');
  });

  it('would have been refused by Slack as one message', () => {
    const all = renderOnCallMessages(longReport()).flatMap((m) => texts(m.blocks));
    expect(all.reduce((sum, t) => sum + t.length, 0)).toBeGreaterThan(SLACK_LIMITS.messageBlocksText);
  });
});

it('the stand-in refuses a message whose blocks hold more than 12,000 characters, as Slack does', async () => {
  const blocks = Array.from({ length: 5 }, () => ({
    type: 'section',
    text: { type: 'mrkdwn', text: 'x'.repeat(2500) },
  }));
  await expect(client.chat.postMessage({ channel: ONCALL_CHANNEL, text: 'long', blocks })).rejects.toThrow(
    /msg_blocks_too_long/,
  );
});
