/**
 * The Block Kit renderer: block shapes, action ids and values that the listeners decode, dialogs for destructive
 * actions, escaping, and Block Kit limits for any size of input.
 */
import type {
  ActionsBlock,
  Button,
  HeaderBlock,
  KnownBlock,
  Overflow,
  SectionBlock,
  StaticSelect,
} from '@slack/web-api';
import fc from 'fast-check';
import { blocksTextLength } from '../../../../bot/slack/blocks/limits';
import {
  actionIdPattern,
  CHOOSE_WORKSPACE,
  decodeActionValue,
  FLEET_PAGE,
  SIGNIN_OPEN,
  WORKSPACE_ACTION,
} from '../../../../bot/slack/ids';
import { renderHome, renderMessage } from '../../../../bot/slack/render/message';
import { MAX_BUTTONS } from '../../../../bot/slack/render/sections';
import { notLinked } from '../../../../bot/views/account';
import { help } from '../../../../bot/views/help';
import { chooser, list } from '../../../../bot/views/mine';
import type {
  ActionControl,
  FleetPageView,
  FleetRow,
  MessageView,
  Section,
  WorkspaceView,
} from '../../../../bot/views/model';
import { actionControl } from '../../../../bot/views/workspace';
import { DEFAULT_ROLE_ACTIONS } from '../../../../core/policy';
import { ACTION_RULES, ACTIONS, type Action } from '../../../../core/rules';
import { actor, T0, workspace } from '../../../helpers/fleet';
import { elements, LIMITS, messageProblems, surfaceProblems, texts } from './block-checks';

const alice = actor('alice', ['user']);
const admin = actor('root', ['admin']);
const mine = { actor: alice, roleActions: DEFAULT_ROLE_ACTIONS, now: T0, scanIntervalMinutes: 5 };

function wsView(overrides: Partial<WorkspaceView> = {}, actions: Action[] = ['reboot']): WorkspaceView {
  const workspaceId = overrides.workspaceId ?? 'ws-abc123';
  const merged = {
    workspaceId,
    userName: 'alice',
    state: 'AVAILABLE' as const,
    stateLabel: 'Available',
    region: 'us-east-1',
    accountId: '123456789012',
    runningMode: 'AUTO_STOP' as const,
    runningModeLabel: 'Auto stop',
    observedAt: T0.toISOString(),
    connection: { kind: 'none' as const, text: 'None recorded' },
    actions: actions.map((action) => actionControl(action, workspaceId)),
    ...overrides,
  };
  return {
    ...merged,
    facts: overrides.facts ?? [
      { label: 'State', text: merged.stateLabel },
      { label: 'Region', text: merged.region },
      ...(merged.registrationCode ? [{ label: 'Registration code', text: merged.registrationCode, code: true }] : []),
      { label: 'Running mode', text: merged.runningModeLabel },
      ...(merged.ipAddress ? [{ label: 'IP address', text: merged.ipAddress }] : []),
      { label: 'Last connection', text: 'None recorded' },
    ],
  };
}

const fleetRow = (workspace: WorkspaceView, attention?: FleetRow['attention']): FleetRow => ({
  workspace,
  ...(attention ? { attention } : {}),
  stateText: attention === 'stuck' ? `stuck in ${workspace.stateLabel}` : workspace.stateLabel,
});

const pageView = (
  page: Omit<FleetPageView, 'title' | 'emptyText' | 'nextLabel' | 'previousLabel'> & { title?: string },
): FleetPageView => ({
  title: `Fleet, page ${page.page}`,
  emptyText: 'No WorkSpaces on this page.',
  nextLabel: 'Next',
  previousLabel: 'Previous',
  ...page,
});

const chooserSection = (prompt: string, options: { workspaceId: string; label: string }[]): Section => ({
  type: 'chooser',
  prompt,
  action: 'reboot',
  options,
  placeholder: 'Choose a WorkSpace',
  byIdText: 'Name the WorkSpace by its id.',
  moreText: (hidden) => `…and ${hidden} more`,
});

const view = (sections: Section[], text = 'WorkSpaces'): MessageView => ({ text, sections, private: true });

function buttons(blocks: KnownBlock[]): Button[] {
  return elements(blocks)
    .map(({ element }) => element as unknown as Button)
    .filter((e) => e.type === 'button');
}

describe('a list of my WorkSpaces', () => {
  const records = [
    workspace({
      workspaceId: 'ws-alice1',
      registrationCode: 'SLiad+ABC123',
      ipAddress: '10.0.1.23',
      computerName: 'ALICE-PC',
      lastUserConnection: '2026-11-23T08:15:00.000Z',
    }),
    workspace({ workspaceId: 'ws-alice2', state: 'STOPPED' }),
  ];
  const rendered = renderMessage(list(records, mine));

  it('has a header, and for each WorkSpace a section of facts and a row of buttons, divided', () => {
    expect(rendered.text).toBe('You have 2 WorkSpaces: ws-alice1 (Available), ws-alice2 (Stopped).');
    expect(rendered.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'actions',
      'divider',
      'section',
      'actions',
    ]);
    expect((rendered.blocks[0] as HeaderBlock).text.text).toBe('Your WorkSpaces');
    expect(messageProblems(rendered.blocks)).toEqual([]);
  });

  it('shows state, region, registration code, running mode, IP and last connection as a date token', () => {
    const section = rendered.blocks[1] as SectionBlock;
    expect(section.text?.text).toBe('*ws-alice1* · alice · ALICE-PC');
    expect(section.fields?.map((f) => f.text)).toEqual([
      '*State*\nAvailable',
      '*Region*\nus-east-1',
      '*Registration code*\n`SLiad+ABC123`',
      '*Running mode*\nAuto stop',
      '*IP address*\n10.0.1.23',
      `*Last connection*\n<!date^${Date.parse('2026-11-23T08:15:00Z') / 1000}^{date_short_pretty} {time}|2026-11-23 08:15 UTC>`,
    ]);
    expect((rendered.blocks[4] as SectionBlock).fields?.at(-1)?.text).toBe('*Last connection*\nNone recorded');
  });

  it('gives each button a WORKSPACE_ACTION id unique in its block and a value that decodes to its action', () => {
    const row = rendered.blocks[2] as ActionsBlock;
    const ids = row.elements.map((e) => (e as Button).action_id);
    expect(ids).toEqual(['workspace_action:reboot', 'workspace_action:stop', 'workspace_action:rebuild']);
    for (const id of ids) expect(id).toMatch(actionIdPattern(WORKSPACE_ACTION));
    expect(row.elements.map((e) => decodeActionValue((e as Button).value))).toEqual([
      { action: 'reboot', workspaceId: 'ws-alice1' },
      { action: 'stop', workspaceId: 'ws-alice1' },
      { action: 'rebuild', workspaceId: 'ws-alice1' },
    ]);
  });

  it('asks before a rebuild with a dialog that says what is lost', () => {
    const rebuild = buttons(rendered.blocks).find((b) => b.value === 'rebuild:ws-alice1')!;
    expect(rebuild.style).toBe('danger');
    expect(rebuild.confirm).toEqual({
      title: { type: 'plain_text', text: 'Rebuild ws-alice1?' },
      text: { type: 'plain_text', text: ACTION_RULES.rebuild.loses },
      confirm: { type: 'plain_text', text: 'Rebuild' },
      deny: { type: 'plain_text', text: 'Cancel' },
      style: 'danger',
    });
    expect(buttons(rendered.blocks).find((b) => b.value === 'reboot:ws-alice1')!.confirm).toBeUndefined();
  });
});

describe('action elements', () => {
  it("gives terminate's button no dialog: the listener opens the modal", () => {
    const blocks = renderMessage(view([{ type: 'workspace', workspace: wsView({}, ['reboot', 'terminate']) }])).blocks;
    const terminate = buttons(blocks).find((b) => b.value === 'terminate:ws-abc123')!;
    expect(terminate).toMatchObject({ style: 'danger', action_id: 'workspace_action:terminate' });
    expect(terminate.confirm).toBeUndefined();
  });

  it(`shows up to ${MAX_BUTTONS} buttons and the rest in an overflow, keeping dialog actions as buttons`, () => {
    const all = wsView({}, [...ACTIONS]);
    const blocks = renderMessage(view([{ type: 'workspace', workspace: all }])).blocks;
    const row = (blocks[1] as ActionsBlock).elements;
    expect(row.map((e) => e.type)).toEqual(['button', 'button', 'button', 'button', 'overflow']);
    expect(row.slice(0, 4).map((e) => decodeActionValue((e as Button).value)!.action)).toEqual([
      'reboot',
      'start',
      'rebuild',
      'restore',
    ]);
    const menu = row[4] as Overflow;
    expect(menu.action_id).toBe('workspace_action:menu');
    expect(menu.options.map((o) => [o.text.text, decodeActionValue(o.value)!.action])).toEqual([
      ['Stop', 'stop'],
      ['Terminate…', 'terminate'],
    ]);
    expect(messageProblems(blocks)).toEqual([]);
  });

  it('shows a WorkSpace with no action now without an actions block', () => {
    const blocks = renderMessage(view([{ type: 'workspace', workspace: wsView({}, []) }])).blocks;
    expect(blocks.map((b) => b.type)).toEqual(['section']);
  });

  it('drops an action whose value could not fit rather than sending a broken button or option', () => {
    const id = `ws-${'a'.repeat(70)}`;
    const blocks = renderMessage(
      view([
        {
          type: 'fleet-page',
          page: pageView({
            filters: {},
            page: 1,
            rows: [fleetRow(wsView({ workspaceId: id }, ['reboot', 'stop', 'terminate']))],
          }),
        },
      ]),
    ).blocks;
    expect(messageProblems(blocks)).toEqual([]);
  });
});

describe('chooser', () => {
  const records = (n: number) =>
    Array.from({ length: n }, (_, i) => workspace({ workspaceId: `ws-${String(i).padStart(5, '0')}` }));

  it('offers a few WorkSpaces as CHOOSE_WORKSPACE buttons', () => {
    const blocks = renderMessage(chooser({ action: 'reboot', records: records(3) })).blocks;
    expect(blocks.map((b) => b.type)).toEqual(['section', 'actions']);
    expect((blocks[0] as SectionBlock).text?.text).toBe('Which WorkSpace do you want to reboot?');
    const row = buttons(blocks);
    expect(row.map((b) => b.action_id)).toEqual(['choose_workspace:0', 'choose_workspace:1', 'choose_workspace:2']);
    for (const b of row) expect(b.action_id).toMatch(actionIdPattern(CHOOSE_WORKSPACE));
    expect(row.map((b) => decodeActionValue(b.value))).toEqual([
      { action: 'reboot', workspaceId: 'ws-00000' },
      { action: 'reboot', workspaceId: 'ws-00001' },
      { action: 'reboot', workspaceId: 'ws-00002' },
    ]);
    expect(row[0]!.confirm).toBeUndefined();
  });

  it('never sends an empty menu, even when no id fits an option value', () => {
    const long = Array.from({ length: 6 }, (_, i) => workspace({ workspaceId: `ws-${String(i).repeat(70)}` }));
    const blocks = renderMessage(chooser({ action: 'terminate', records: long })).blocks;
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(messageProblems(blocks)).toEqual([]);
  });

  it('puts the dialog of a destructive action on every choice', () => {
    const blocks = renderMessage(chooser({ action: 'restore', records: records(2) })).blocks;
    for (const b of buttons(blocks)) expect(b.confirm?.text.text).toBe(ACTION_RULES.restore.loses);
  });

  it('offers many WorkSpaces in a menu of at most 100, and says how many more', () => {
    const blocks = renderMessage(chooser({ action: 'status', records: records(1000) })).blocks;
    const select = (blocks[0] as SectionBlock).accessory as StaticSelect;
    expect(select).toMatchObject({ type: 'static_select', action_id: 'choose_workspace:select' });
    expect(select.options).toHaveLength(100);
    expect(decodeActionValue(select.options![0]!.value)).toEqual({ action: 'status', workspaceId: 'ws-00000' });
    expect(texts(blocks).at(-1)).toContain('…and 900 more WorkSpaces');
    expect(messageProblems(blocks)).toEqual([]);
  });
});

describe('sign-in, help and notices', () => {
  it('offers the sign-in as a URL button', () => {
    const blocks = renderMessage(notLinked('https://bot.example.com/auth/start?state=abc', 'new')).blocks;
    const button = (blocks[0] as SectionBlock).accessory as Button;
    expect(button).toMatchObject({
      type: 'button',
      action_id: SIGNIN_OPEN,
      url: 'https://bot.example.com/auth/start?state=abc',
      style: 'primary',
    });
    expect(messageProblems(blocks)).toEqual([]);
  });

  it('writes each command as it is typed, with the slash command in front', () => {
    const blocks = renderMessage(help(new Set(['user']), DEFAULT_ROLE_ACTIONS)).blocks;
    const lines = texts(blocks).join('\n').split('\n');
    expect(lines).toContain('`/workspace list` — Your WorkSpaces, with what you can do with each now');
    expect(lines).toContain('`/workspace restart [id] [when]` — Restart a WorkSpace');
    const other = renderMessage(help(new Set(['user']), DEFAULT_ROLE_ACTIONS), { commandPrefix: '/ws' }).blocks;
    expect(texts(other).join('\n')).toContain('`/ws list`');
  });

  it('shows a notice and its detail', () => {
    const blocks = renderMessage(
      view([{ type: 'notice', tone: 'error', text: 'Failed.', detail: 'AWS request id: r-1' }]),
    ).blocks;
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(texts(blocks)).toEqual(['Failed.', 'AWS request id: r-1']);
  });
});

describe('escaping', () => {
  it('escapes everything that came from data, so nobody can mention a channel or forge a link', () => {
    const hostile = '<!channel> & <https://evil.example|click> <@U1>';
    const blocks = renderMessage(
      view(
        [
          { type: 'header', text: hostile },
          { type: 'notice', tone: 'warning', text: hostile, detail: hostile },
          { type: 'text', text: hostile },
          { type: 'context', text: hostile },
          {
            type: 'workspace',
            workspace: wsView({
              userName: hostile,
              computerName: hostile,
              registrationCode: hostile,
              ipAddress: hostile,
            }),
          },
          { type: 'commands', title: hostile, commands: [{ usage: hostile, description: hostile }] },
          chooserSection(hostile, [{ workspaceId: 'ws-1', label: hostile }]),
          {
            type: 'fleet-page',
            page: pageView({ filters: { user: hostile }, page: 1, rows: [fleetRow(wsView({ userName: hostile }))] }),
          },
        ],
        hostile,
      ),
    );
    const mrkdwnTexts = blocks.blocks.flatMap((b) => (b.type === 'header' ? [] : texts([b])));
    for (const text of [...mrkdwnTexts, blocks.text]) {
      expect(text).not.toMatch(/<[!@#h]/);
    }
    expect(mrkdwnTexts.join('\n')).toContain('&lt;!channel&gt; &amp;');
  });
});

describe('the fleet', () => {
  const row = (i: number, attention?: FleetRow['attention']): FleetRow =>
    fleetRow(
      wsView({ workspaceId: `ws-${String(i).padStart(6, '0')}`, userName: `user${i}` }, [
        'reboot',
        'stop',
        'rebuild',
        'restore',
        'terminate',
      ]),
      attention,
    );

  it('gives each row one block with an overflow of the actions that need no dialog', () => {
    const blocks = renderMessage(
      view([{ type: 'fleet-page', page: pageView({ filters: {}, page: 1, rows: [row(1)] }) }]),
    ).blocks;
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section']);
    const line = blocks[1] as SectionBlock;
    expect(line.text?.text).toBe('`ws-000001` · user1 · Available · us-east-1 · Auto stop');
    const menu = line.accessory as Overflow;
    expect(menu.action_id).toMatch(actionIdPattern(WORKSPACE_ACTION));
    expect(menu.options.map((o) => decodeActionValue(o.value))).toEqual([
      { action: 'reboot', workspaceId: 'ws-000001' },
      { action: 'stop', workspaceId: 'ws-000001' },
      { action: 'terminate', workspaceId: 'ws-000001' },
    ]);
  });

  it('shows a single menu-able action as a button, since an overflow needs two options', () => {
    const single = fleetRow(wsView({}, ['terminate', 'rebuild']));
    const blocks = renderMessage(
      view([{ type: 'fleet-page', page: pageView({ filters: {}, page: 1, rows: [single] }) }]),
    ).blocks;
    expect(((blocks[1] as SectionBlock).accessory as Button).value).toBe('terminate:ws-abc123');
  });

  it('pages with FLEET_PAGE buttons whose values are the cursors', () => {
    const blocks = renderMessage(
      view([
        {
          type: 'fleet-page',
          page: pageView({
            filters: { region: 'us-east-1' },
            page: 3,
            rows: [row(1)],
            next: 'c-next',
            previous: 'c-prev',
            title: 'Fleet, page 3 · region us-east-1',
          }),
        },
      ]),
    ).blocks;
    expect((blocks[0] as SectionBlock).text?.text).toBe('*Fleet, page 3 · region us-east-1*');
    const paging = blocks.at(-1) as ActionsBlock;
    expect(paging.elements.map((e) => [(e as Button).action_id, (e as Button).value])).toEqual([
      ['fleet_page:previous', 'c-prev'],
      ['fleet_page:next', 'c-next'],
    ]);
    for (const e of paging.elements) expect((e as Button).action_id).toMatch(actionIdPattern(FLEET_PAGE));
  });

  it('leaves out a cursor too long for a button instead of cutting it', () => {
    const blocks = renderMessage(
      view([
        {
          type: 'fleet-page',
          page: pageView({ filters: {}, page: 1, rows: [], next: 'x'.repeat(2001), previous: 'ok' }),
        },
      ]),
    ).blocks;
    expect(buttons(blocks).map((b) => b.value)).toEqual(['ok']);
    expect(texts(blocks)).toContain('No WorkSpaces on this page.');
  });

  it('stays within the limits for a summary and a page of 1,000 rows each', () => {
    const summary: Section = {
      type: 'fleet-summary',
      total: 25_000,
      scannedAt: T0.toISOString(),
      byState: Array.from({ length: 1000 }, (_, i) => ({ label: `STATE_${i}`, count: 1000 - i })),
      byRegion: Array.from({ length: 1000 }, (_, i) => ({ label: `region-${i}`, count: 1000 - i })),
      attention: Array.from({ length: 1000 }, (_, i) => row(i, 'state')),
      attentionTotal: 5000,
      unscanned: Array.from({ length: 1000 }, (_, i) => ({
        region: `r-${i}`,
        accountId: '1'.repeat(12),
        since: T0.toISOString(),
      })),
      words: {
        total: '25,000 WorkSpaces',
        byState: 'By state',
        byRegion: 'By region',
        moreCounts: (hidden) => `…and ${hidden} more`,
        unscannedTitle: '1,000 regions not scanned',
        unscannedLines: Array.from({ length: 1000 }, (_, i) => `r-${i}`),
        moreUnscanned: (hidden) => `…and ${hidden} more not scanned`,
        attentionTitle: '5,000 WorkSpaces need attention',
        nothingNeedsAttention: 'Nothing needs attention.',
        moreAttention: (hidden) => `…and ${hidden} more not listed here`,
      },
    };
    const page: Section = {
      type: 'fleet-page',
      page: pageView({
        filters: {},
        page: 1,
        rows: Array.from({ length: 1000 }, (_, i) => row(i)),
        next: 'n',
        previous: 'p',
      }),
    };
    const blocks = renderMessage(view([{ type: 'header', text: 'WorkSpaces fleet' }, summary, page])).blocks;
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(messageProblems(blocks)).toEqual([]);
    // Paging survives, and the summary says how much it left out.
    expect(
      buttons(blocks)
        .map((b) => b.action_id)
        .filter((id) => actionIdPattern(FLEET_PAGE).test(id!)),
    ).toEqual(['fleet_page:previous', 'fleet_page:next']);
    expect(texts(blocks).some((t) => t.includes('more not listed here'))).toBe(true);
    expect(texts(blocks).some((t) => t.includes('more not scanned'))).toBe(true);
  });
});

describe('limits', () => {
  it('keeps 1,000 WorkSpaces within 50 blocks and says how many it left out', () => {
    const sections: Section[] = [
      { type: 'header', text: 'Your WorkSpaces' },
      ...Array.from(
        { length: 1000 },
        (_, i): Section => ({
          type: 'workspace',
          workspace: wsView({ workspaceId: `ws-${i}` }, ['reboot', 'stop', 'rebuild', 'restore', 'terminate']),
        }),
      ),
    ];
    const blocks = renderMessage(view(sections)).blocks;
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(messageProblems(blocks)).toEqual([]);
    const shown = blocks.filter((b) => b.type === 'actions').length;
    expect(shown).toBeGreaterThanOrEqual(15);
    expect(texts(blocks).at(-1)).toContain(`…and ${(1000 - shown).toLocaleString('en-US')} more WorkSpaces not shown`);
  });

  it('keeps a 1,000-line notice and an enormous text within limits', () => {
    const long = Array.from(
      { length: 1000 },
      (_, i) => `• ws-${i}: AWS did not reboot it: ${'x'.repeat(i % 200)}`,
    ).join('\n');
    const blocks = renderMessage(
      view(
        [
          { type: 'notice', tone: 'error', text: long, detail: 'd'.repeat(10_000) },
          { type: 'text', text: 'y'.repeat(100_000) },
        ],
        long,
      ),
    ).blocks;
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(messageProblems(blocks)).toEqual([]);
    expect(renderMessage(view([], long)).text.length).toBeLessThanOrEqual(LIMITS.text);
  });

  it('keeps the characters of a message within what Slack takes (msg_blocks_too_long), saying what it left out', () => {
    const lines = Array.from(
      { length: 200 },
      (_, i) => `• ws-${i}: AWS did not reboot it: ${'AccessDenied '.repeat(20)}`,
    );
    const sections: Section[] = [
      { type: 'notice', tone: 'error', text: lines.join('\n') },
      ...Array.from({ length: 40 }, (_, i): Section => ({ type: 'notice', tone: 'error', text: 'z'.repeat(2900 + i) })),
    ];
    const blocks = renderMessage(view(sections)).blocks;
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(LIMITS.blocksText);
    expect(messageProblems(blocks)).toEqual([]);
    expect(texts(blocks).at(-1)).toMatch(/not shown here/);
  });

  it('renders any mix of sections of any size within limits', () => {
    const text = fc.string({ maxLength: 400 });
    const control = fc.constantFrom(...ACTIONS).map((action): ActionControl => actionControl(action, 'ws-fc1'));
    const ws = fc
      .record({ actions: fc.uniqueArray(control, { selector: (c) => c.action, maxLength: 6 }), userName: text })
      .map((o) => wsView(o));
    const section: fc.Arbitrary<Section> = fc.oneof(
      text.map((t): Section => ({ type: 'header', text: t })),
      text.map((t): Section => ({ type: 'text', text: t })),
      text.map((t): Section => ({ type: 'context', text: t })),
      fc
        .record({ t: text, d: fc.option(text, { nil: undefined }) })
        .map(({ t, d }): Section => ({ type: 'notice', tone: 'info', text: t, ...(d ? { detail: d } : {}) })),
      ws.map((w): Section => ({ type: 'workspace', workspace: w })),
      fc
        .array(fc.record({ workspaceId: fc.stringMatching(/^ws-[a-z0-9]{1,70}$/), label: text }), { maxLength: 150 })
        .map((options): Section => chooserSection('Which?', options)),
      fc.array(fc.record({ w: ws, attention: fc.constantFrom(undefined, 'state' as const) }), { maxLength: 30 }).map(
        (rows): Section => ({
          type: 'fleet-page',
          page: pageView({ filters: {}, page: 1, rows: rows.map((r) => fleetRow(r.w, r.attention)), next: 'n' }),
        }),
      ),
    );
    fc.assert(
      fc.property(fc.array(section, { maxLength: 80 }), (sections) => {
        const rendered = renderMessage(view(sections));
        expect(messageProblems(rendered.blocks)).toEqual([]);
        expect(surfaceProblems(renderHome([view(sections), view(sections)]))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('renderHome', () => {
  it('puts the views one under another, divided, within 100 blocks', () => {
    const records = Array.from({ length: 10 }, (_, i) => workspace({ workspaceId: `ws-${i}` }));
    const home = renderHome([list(records, mine), list(records, { ...mine, actor: admin })]);
    expect(home.type).toBe('home');
    expect(home.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    expect(home.blocks.filter((b) => b.type === 'header')).toHaveLength(2);
    expect(surfaceProblems(home)).toEqual([]);
  });

  it('keeps 1,000-WorkSpace views within 100 blocks', () => {
    const huge = view(
      Array.from(
        { length: 1000 },
        (_, i): Section => ({ type: 'workspace', workspace: wsView({ workspaceId: `ws-${i}` }) }),
      ),
    );
    const home = renderHome([huge, huge, huge]);
    expect(home.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    expect(home.blocks.length).toBeGreaterThan(LIMITS.blocksPerMessage);
    expect(surfaceProblems(home)).toEqual([]);
  });
});
