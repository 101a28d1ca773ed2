/**
 * The on-call report renderer: what each section says, the header's counts, and Block Kit limits for any size. The
 * limits are restated from Slack's documentation, and every rendering is also checked by the stand-in's validator.
 */
import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/web-api';
import fc from 'fast-check';
import { LINES_PER_CATEGORY, renderOnCallReport } from '../../../../bot/slack/oncall/render-report';
import type { AttentionEntry } from '../../../../core/fleet-summary';
import { messageBlockProblems } from '../../../../local/slack-api';
import type { OnCallReport, RemovedWorkspace, UnscannedTarget } from '../../../../sync/report';
import { onCallReport } from '../../../helpers/slack-api';

const MAX_BLOCKS = 50;
const MAX_TEXT = 3000;
const MAX_HEADER = 150;

const epoch = (iso: string) => Date.parse(iso) / 1000;
const dateToken = (iso: string) => `<!date^${epoch(iso)}^{date_short_pretty} {time}|`;

function header(blocks: KnownBlock[]): string {
  const [first] = blocks;
  expect(first?.type).toBe('header');
  return (first as HeaderBlock).text.text;
}

/** Every text a reader can see, block by block. */
function texts(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'header' || block.type === 'section') return [(block as SectionBlock).text?.text ?? ''];
    if (block.type === 'context') return (block as ContextBlock).elements.map((e) => ('text' in e ? e.text : ''));
    return [];
  });
}

/** The bullet lines, one per WorkSpace or region listed. */
function bullets(blocks: KnownBlock[]): string[] {
  return texts(blocks).flatMap((text) => text.split('\n').filter((line) => line.startsWith('• ')));
}

function attention(i: number, overrides: Partial<AttentionEntry> = {}): AttentionEntry {
  return {
    workspaceId: `ws-att${String(i).padStart(5, '0')}`,
    userName: `user${i}`,
    region: 'us-east-1',
    accountId: '123456789012',
    state: 'UNHEALTHY',
    since: new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000).toISOString(),
    reason: 'state',
    ...overrides,
  };
}

function removed(i: number, overrides: Partial<RemovedWorkspace> = {}): RemovedWorkspace {
  return {
    workspaceId: `ws-gone${String(i).padStart(5, '0')}`,
    userName: `user${i}`,
    region: 'eu-west-1',
    accountId: '123456789012',
    lastSeenAt: '2026-11-22T18:30:00.000Z',
    proof: 'two-complete-scans',
    ...overrides,
  };
}

function unscanned(i: number, overrides: Partial<UnscannedTarget> = {}): UnscannedTarget {
  return {
    accountId: String(100000000000 + i),
    region: 'ap-southeast-2',
    failingSince: '2026-11-23T06:00:00.000Z',
    lastError: 'ServiceUnavailableException: The service is unavailable.',
    ...overrides,
  };
}

function expectWithinLimits(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(header(blocks).length).toBeLessThanOrEqual(MAX_HEADER);
  for (const text of texts(blocks)) {
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT);
  }
  expect(messageBlockProblems(blocks)).toEqual([]);
}

describe('renderOnCallReport: the header', () => {
  it('says what changed, with the counts from the report', () => {
    const report = onCallReport({
      removed: [removed(1), removed(2)],
      attention: [attention(1), attention(2, { reason: 'stuck', state: 'REBOOTING' }), attention(3)],
    });
    expect(header(renderOnCallReport(report).blocks)).toBe(
      '2 WorkSpaces removed, 1 region not scanned, 3 need attention (1 stuck)',
    );
  });

  it('uses the singular for one, names the accounts when several are not scanned, and leaves out what is zero', () => {
    const report = onCallReport({
      removed: [removed(1)],
      unscanned: [unscanned(1), unscanned(2), unscanned(2, { region: 'us-west-2' })],
      attention: [],
    });
    expect(header(renderOnCallReport(report).blocks)).toBe('1 WorkSpace removed, 3 regions in 2 accounts not scanned');
  });

  it('says the daily digest is the daily digest, in the header, the context and the fallback', () => {
    const { text, blocks } = renderOnCallReport(onCallReport({ kind: 'digest' }));
    expect(header(blocks)).toBe('Daily digest: 1 WorkSpace removed, 1 region not scanned, 1 needs attention');
    expect(texts(blocks)).toContain(`Daily digest of ${dateToken('2026-11-23T12:00:00.000Z')}2026-11-23 12:00 UTC>`);
    expect(text.startsWith('WorkSpaces daily digest: 1 WorkSpace removed')).toBe(true);
  });
});

describe('renderOnCallReport: the sections', () => {
  it('shows the fleet counts and the scan time as context', () => {
    const { blocks } = renderOnCallReport(onCallReport());
    expect(blocks[1]).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Fleet: *412 WorkSpaces*: 380 Available · 31 Stopped · 1 Unhealthy' },
        {
          type: 'mrkdwn',
          text: `Counted at the scan of ${dateToken('2026-11-23T11:55:00.000Z')}2026-11-23 11:55 UTC>`,
        },
        { type: 'mrkdwn', text: `Report of ${dateToken('2026-11-23T12:00:00.000Z')}2026-11-23 12:00 UTC>` },
      ],
    });
  });

  it('lists each removed WorkSpace with its user, region, account, last sighting and proof', () => {
    const report = onCallReport({
      removed: [removed(1), removed(2, { lastSeenAt: undefined, proof: 'describe-by-id', region: 'us-west-2' })],
    });
    const lines = bullets(renderOnCallReport(report).blocks);
    expect(texts(renderOnCallReport(report).blocks)).toContain('*2 WorkSpaces removed from the cache*');
    expect(lines).toContain(
      `• \`ws-gone00001\` user1 · eu-west-1, account 123456789012 · last seen ${dateToken('2026-11-22T18:30:00.000Z')}2026-11-22 18:30 UTC> · absent from two complete scans`,
    );
    expect(lines).toContain(
      '• `ws-gone00002` user2 · us-west-2, account 123456789012 · last seen: unknown · not found when described by id',
    );
  });

  it('lists each region that could not be scanned with since when, the last complete scan and the last error', () => {
    const report = onCallReport({
      unscanned: [unscanned(1, { lastCompleteAt: '2026-11-23T05:00:00.000Z' }), unscanned(2)],
    });
    const lines = bullets(renderOnCallReport(report).blocks);
    expect(lines).toContain(
      `• ap-southeast-2, account 100000000001 · failing since ${dateToken('2026-11-23T06:00:00.000Z')}2026-11-23 06:00 UTC> · last complete scan ${dateToken('2026-11-23T05:00:00.000Z')}2026-11-23 05:00 UTC> · last error: ServiceUnavailableException: The service is unavailable.`,
    );
    expect(lines.find((line) => line.includes('100000000002'))).toContain('never scanned completely');
  });

  it('lists each WorkSpace needing attention with user, state, since when and region, and flags the stuck ones', () => {
    const report = onCallReport({
      attention: [attention(1), attention(2, { state: 'REBOOTING', reason: 'stuck', region: 'eu-west-1' })],
    });
    const { blocks } = renderOnCallReport(report);
    expect(texts(blocks)).toContain('*2 WorkSpaces need attention (1 stuck)*');
    expect(bullets(blocks)).toEqual(
      expect.arrayContaining([
        `• \`ws-att00001\` user1 · Unhealthy since ${dateToken(attention(1).since)}2026-11-20 00:01 UTC> · us-east-1, account 123456789012`,
        `• \`ws-att00002\` user2 · *stuck* in Rebooting since ${dateToken(attention(2).since)}2026-11-20 00:02 UTC> · eu-west-1, account 123456789012`,
      ]),
    );
  });

  it('escapes what comes from data, so an AWS error or a user name cannot mention @channel or break the markup', () => {
    const report = onCallReport({
      unscanned: [unscanned(1, { lastError: 'Denied <!channel> & <https://evil.example|click>' })],
      attention: [attention(1, { userName: '<@U0BOSS>' })],
    });
    const all = texts(renderOnCallReport(report).blocks).join('\n');
    expect(all).toContain('Denied &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(all).toContain('&lt;@U0BOSS&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U0BOSS>');
  });

  it('shows a time it cannot read as it is, rather than a made-up one', () => {
    const report = onCallReport({ attention: [attention(1, { since: 'sometime yesterday' })] });
    expect(bullets(renderOnCallReport(report).blocks)[2]).toContain('Unhealthy since sometime yesterday');
  });

  it('gives a fallback text that summarises the report for notifications', () => {
    const report = onCallReport({ attention: [attention(1), attention(2, { state: 'STARTING', reason: 'stuck' })] });
    expect(renderOnCallReport(report).text).toBe(
      'WorkSpaces on-call: 1 WorkSpace removed, 1 region not scanned, 2 need attention (1 stuck). ' +
        'Fleet: 412 WorkSpaces. Removed: ws-gone1. Not scanned: ap-southeast-2 (111122223333). ' +
        'Needs attention: ws-att00001 (Unhealthy), ws-att00002 (stuck in Starting).',
    );
  });
});

describe('renderOnCallReport: sizes', () => {
  it('renders an empty report as all clear, with the fleet and no sections', () => {
    const report = onCallReport({ removed: [], unscanned: [], attention: [], fleet: { total: 0, byState: {} } });
    const { text, blocks } = renderOnCallReport(report);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context']);
    expect(header(blocks)).toBe('All clear — nothing removed, every region scanned, nothing needs attention');
    expect(texts(blocks)).toEqual(expect.arrayContaining(['Fleet: *0 WorkSpaces*', 'Scan time not recorded']));
    expect(text).toBe(
      'WorkSpaces on-call: All clear — nothing removed, every region scanned, nothing needs attention. Fleet: 0 WorkSpaces.',
    );
    expectWithinLimits(blocks);
  });

  it('stays within Block Kit limits with 5,000 WorkSpaces needing attention and says how many are not shown', () => {
    const items = Array.from({ length: 5000 }, (_, i) => attention(i, { reason: i % 4 === 0 ? 'stuck' : 'state' }));
    const { text, blocks } = renderOnCallReport(onCallReport({ removed: [], unscanned: [], attention: items }));
    expectWithinLimits(blocks);
    expect(header(blocks)).toBe('5,000 need attention (1,250 stuck)');
    const shown = bullets(blocks);
    expect(shown).toHaveLength(LINES_PER_CATEGORY);
    expect(texts(blocks)).toContain(
      `…and ${(5000 - shown.length).toLocaleString('en-US')} more, listed in the thread; \`/workspace fleet\` lists them all`,
    );
    // The longest in trouble come first.
    expect(shown[0]).toContain('`ws-att00000`');
    expect(text.length).toBeLessThan(1000);
  });

  it('stays within the limits when every list is huge and every string is long', () => {
    const long = 'x'.repeat(5000);
    const report = onCallReport({
      removed: Array.from({ length: 3000 }, (_, i) => removed(i, { userName: long })),
      unscanned: Array.from({ length: 500 }, (_, i) => unscanned(i, { lastError: long, region: long })),
      attention: Array.from({ length: 5000 }, (_, i) => attention(i, { state: long })),
      fleet: {
        total: 8500,
        byState: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`STATE_${i}_${long}`, i])),
        scannedAt: '2026-11-23T11:55:00.000Z',
      },
    });
    const { text, blocks } = renderOnCallReport(report);
    expectWithinLimits(blocks);
    expect(text.length).toBeLessThanOrEqual(1000);
  });

  it('for any report: within limits, header counts equal the lists, shown plus "more" equals each list', () => {
    const arbitraryReport = fc
      .record({
        removed: fc.nat(200),
        unscanned: fc.nat(60),
        attention: fc.nat(600),
        stuckEvery: fc.integer({ min: 1, max: 5 }),
        textLength: fc.integer({ min: 1, max: 4000 }),
        digest: fc.boolean(),
      })
      .map(({ removed: r, unscanned: u, attention: a, stuckEvery, textLength, digest }) =>
        onCallReport({
          kind: digest ? 'digest' : 'changes',
          removed: Array.from({ length: r }, (_, i) => removed(i)),
          unscanned: Array.from({ length: u }, (_, i) =>
            unscanned(i % 7, { region: `r${i}`, lastError: 'e'.repeat(textLength) }),
          ),
          attention: Array.from({ length: a }, (_, i) =>
            attention(i, { reason: i % stuckEvery === 0 ? 'stuck' : 'state' }),
          ),
        }),
      );
    fc.assert(
      fc.property(arbitraryReport, (report: OnCallReport) => {
        const { blocks } = renderOnCallReport(report);
        expectWithinLimits(blocks);
        const head = header(blocks);
        const count = (n: number) => n.toLocaleString('en-US');
        if (report.removed.length > 0) expect(head).toContain(`${count(report.removed.length)} WorkSpace`);
        if (report.attention.length > 0) expect(head).toContain(`${count(report.attention.length)} need`);
        if (report.unscanned.length > 0) expect(head).toContain(`${count(report.unscanned.length)} region`);
        const lines = bullets(blocks);
        const hidden = texts(blocks)
          .map((t) => /^…and ([\d,]+) more/.exec(t)?.[1])
          .filter((n) => n !== undefined)
          .reduce((sum, n) => sum + Number(n.replace(/,/g, '')), 0);
        expect(lines.length + hidden).toBe(report.removed.length + report.unscanned.length + report.attention.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe('renderOnCallReport: removals still waiting', () => {
  it('says how many proven removals follow in the next reports, and says nothing when none do', () => {
    const paged = renderOnCallReport(onCallReport({ removed: [removed(1), removed(2)], removedStillPending: 2300 }));
    expect(texts(paged.blocks).join('\n')).toContain(
      '2 WorkSpaces removed from the cache; 2,300 more follow in the next reports',
    );
    const whole = renderOnCallReport(onCallReport({ removed: [removed(1)] }));
    expect(texts(whole.blocks).join('\n')).not.toContain('follow in the next reports');
  });
});
