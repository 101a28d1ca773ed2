/**
 * Every view, fed hostile names (a user name, a computer name, an AWS error, an AD claim that says `<!channel>` or
 * `<@U…>`), rendered to Block Kit: no mrkdwn text and no fallback holds markup that came from data, so nobody is
 * pinged and no link is forged. The only `<` the bot writes itself is a date token. Every text is non-empty, and
 * every message passes the Slack stand-in's checks.
 */

import type { KnownBlock } from '@slack/web-api';
import { renderWithControls } from '../../../../bot/slack/controls';
import { renderOnCallMessages } from '../../../../bot/slack/oncall/render-report';
import { renderHome, renderMessage } from '../../../../bot/slack/render/message';
import { renderTerminateModal } from '../../../../bot/slack/render/terminate-modal';
import { linkedNotice, list, type MessageView, workspaceView } from '../../../../bot/views';
import type { Link } from '../../../../core/data/links';
import { DEFAULT_ROLE_ACTIONS } from '../../../../core/policy';
import type { WorkspaceRecord } from '../../../../core/workspace';
import { everyView } from '../../../helpers/every-view';
import { actor, T0, workspace } from '../../../helpers/fleet';
import { onCallReport } from '../../../helpers/slack-api';
import { messageProblems, surfaceProblems } from './block-checks';

const HOSTILE = [
  '<!channel>',
  '<!here|here>',
  '<@U0BOSS>',
  '<#C0GENERAL>',
  '<https://evil.example|click here>',
  '<mailto:x@evil.example|mail>',
  '&lt;!channel&gt;',
  '*bold* _it_ `code` ~s~',
];
const hostile = HOSTILE.join(' ');

const admin = actor(`root${hostile}`, ['admin'], `CORP${hostile}`);
const user = actor(hostile, ['user']);
const record = (overrides: Partial<WorkspaceRecord> = {}): WorkspaceRecord =>
  workspace({
    workspaceId: 'ws-h0stile1',
    userName: hostile,
    computerName: hostile,
    region: `us-east-1${hostile}`,
    ipAddress: hostile,
    registrationCode: hostile,
    directoryDomain: undefined,
    lastUserConnection: '2026-11-23T08:00:00.000Z',
    ...overrides,
  });
const mine = { actor: user, roleActions: DEFAULT_ROLE_ACTIONS, now: T0, scanIntervalMinutes: 5 };
// An admin may act on any WorkSpace, whatever its owner's name parses to.
const _admins = { ...mine, actor: admin };
const link: Link = {
  chat: { platform: 'slack', tenantId: 'T0', userId: 'U0ME' },
  adUserName: hostile,
  adDomain: hostile,
  email: `${hostile}@corp.example.com`,
  groups: [hostile],
  roles: ['user', 'admin'],
  linkedAt: T0.toISOString(),
  expiresAt: new Date(T0.getTime() + 86_400_000).toISOString(),
};

const records = [record(), record({ workspaceId: 'ws-h0stile2', state: 'ERROR' })];
/** Every view the bot sends, with hostile data wherever data goes in: the list the Teams renderer is checked with. */
const VIEWS: [string, MessageView][] = everyView(hostile);

/** The mrkdwn a reader's client parses: mrkdwn text objects, anywhere in the blocks. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = object.type === 'mrkdwn' && typeof object.text === 'string' ? [object.text] : [];
  return [...own, ...Object.values(object).flatMap(mrkdwnTexts)];
}

/** Every text object's text, plain or mrkdwn. */
function allTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = typeof object.text === 'string' ? [object.text] : [];
  return [...own, ...Object.values(object).flatMap(allTexts)];
}

/** Markup that did not come from the bot: any `<` but the bot's own date tokens. */
const FOREIGN_MARKUP = /<(?!!date\^\d+\^\{date_short_pretty\} \{time\}\|[\d-]+ [\d:]+ UTC>)/;

function expectSafe(texts: string[]): void {
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).not.toMatch(FOREIGN_MARKUP);
}

describe.each(VIEWS)('the %s view with hostile names', (_name, view) => {
  it('renders as a message that pings nobody, forges no link, and has no empty text', () => {
    // As the deliverer sends it: with its control rows (a schedule's Cancel, Confirm) under the sections.
    const { text, blocks } = renderWithControls(view);
    expectSafe([text, ...mrkdwnTexts(blocks)]);
    expect(text.trim()).not.toBe('');
    for (const t of allTexts(blocks)) expect(t.trim()).not.toBe('');
    expect(messageProblems(blocks)).toEqual([]);
  });

  // The home tab shows the list and the fleet overview, never a view with control rows (schedules).
  if (!view.controls) {
    it('renders on the home tab the same way', () => {
      const home = renderHome([view]);
      expectSafe(mrkdwnTexts(home.blocks));
      expect(surfaceProblems(home)).toEqual([]);
    });
  }
});

it('shows a hostile name escaped, not dropped', () => {
  const shown = mrkdwnTexts(renderMessage(list(records, mine)).blocks).join('\n');
  expect(shown).toContain('&lt;!channel&gt; &lt;!here|here&gt; &lt;@U0BOSS&gt;');
  expect(renderMessage(linkedNotice(link)).text).toContain('Linked as &lt;!channel&gt;');
});

it('the terminate form escapes the WorkSpace it names', () => {
  const modal = renderTerminateModal(workspaceView(record(), admin, DEFAULT_ROLE_ACTIONS, T0), '{}');
  expectSafe(mrkdwnTexts(modal.blocks));
  expect(surfaceProblems(modal as unknown as { blocks: unknown[] })).toEqual([]);
});

it('the on-call report, message and thread, escapes names, states and AWS errors', () => {
  const report = onCallReport({
    removed: [
      { workspaceId: hostile, userName: hostile, region: hostile, accountId: hostile, proof: 'describe-by-id' },
    ],
    unscanned: [{ accountId: hostile, region: hostile, failingSince: T0.toISOString(), lastError: hostile }],
    attention: Array.from({ length: 300 }, (_, i) => ({
      workspaceId: `ws-${i}`,
      userName: hostile,
      region: hostile,
      accountId: hostile,
      state: hostile,
      since: T0.toISOString(),
      reason: 'stuck' as const,
    })),
    fleet: { total: 3, byState: { [hostile]: 3 }, scannedAt: T0.toISOString() },
  });
  const messages = renderOnCallMessages(report);
  expect(messages.length).toBeGreaterThan(1);
  for (const { text, blocks } of messages) {
    expectSafe([text, ...mrkdwnTexts(blocks)]);
    expect(messageProblems(blocks as KnownBlock[])).toEqual([]);
  }
});
