/**
 * Each view-model section as Block Kit blocks. A section renders as a Part: its blocks when there is room, and for
 * the sections that can give up lines or rows, a way to shrink into fewer blocks. Everything from data is escaped.
 */
import type { ActionsBlock, ActionsBlockElement, Button, KnownBlock, SectionBlock } from '@slack/web-api';
import { filtersText } from '../../views/fleet';
import type { ActionControl, FleetPageView, FleetRow, Section, WorkspaceView } from '../../views/model';
import { BLOCK_LIMITS, fitSections, mrkdwnContext, mrkdwnSection, truncateText } from '../blocks/limits';
import { code, counted, escapeMrkdwn, formatCount, slackDate } from '../blocks/mrkdwn';
import {
  CHOOSE_WORKSPACE,
  elementActionId,
  encodeActionValue,
  FLEET_PAGE,
  SIGNIN_OPEN,
  WORKSPACE_ACTION,
} from '../ids';
import {
  actionButton,
  actionOption,
  confirmDialog,
  ELEMENT_LIMITS,
  fitsInMenu,
  mrkdwn,
  overflowMenu,
  plain,
} from './elements';

export interface RenderOptions {
  /** How a person types a command, in front of every usage: `/workspace`. */
  commandPrefix: string;
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = { commandPrefix: '/workspace' };

export interface Part {
  /** The blocks when there is room for everything. */
  blocks: KnownBlock[];
  /** The same in at most `budget` blocks, for a part that can leave lines or rows out and say so. */
  shrink?: (budget: number) => KnownBlock[];
  /** What the part shows, for the line that counts parts left out; unset for parts not worth counting. */
  noun?: 'WorkSpace' | 'part';
}

/** Past this many actions on one WorkSpace, the rest go into a "…" menu. */
export const MAX_BUTTONS = 4;
/** A chooser shows buttons up to this many WorkSpaces, a menu beyond. */
const MAX_CHOOSER_BUTTONS = 5;
/** Lines of unscanned regions in the fleet summary; the rest are counted. */
const UNSCANNED_LINES = 10;
/** Entries of each count list (by state, by region) in the fleet summary. */
const COUNT_ENTRIES = 15;

export function renderSection(section: Section, options: RenderOptions): Part {
  switch (section.type) {
    case 'header':
      return section.text.trim()
        ? { blocks: [{ type: 'header', text: plain(section.text, BLOCK_LIMITS.headerText) }], noun: 'part' }
        : { blocks: [] };
    case 'text':
      return linesPart(escapeMrkdwn(section.text).split('\n'));
    case 'context':
      return section.text.trim()
        ? { blocks: [mrkdwnContext(escapeMrkdwn(section.text))], noun: 'part' }
        : { blocks: [] };
    case 'notice':
      return noticePart(section.text, section.detail);
    case 'workspace':
      return { blocks: workspaceBlocks(section.workspace), noun: 'WorkSpace' };
    case 'chooser':
      return { blocks: chooserBlocks(section), noun: 'part' };
    case 'signin':
      return { blocks: [signinBlock(section)], noun: 'part' };
    case 'commands':
      return linesPart([
        `*${escapeMrkdwn(section.title)}*`,
        ...section.commands.map(({ usage, description }) => {
          const typed = code(`${options.commandPrefix} ${usage}`.trim());
          return description ? `${typed} — ${escapeMrkdwn(description)}` : typed;
        }),
      ]);
    case 'fleet-summary':
      return {
        blocks: fleetSummaryBlocks(section, Number.POSITIVE_INFINITY),
        shrink: (b) => fleetSummaryBlocks(section, b),
        noun: 'part',
      };
    case 'fleet-page':
      return {
        blocks: fleetPageBlocks(section.page, Number.POSITIVE_INFINITY),
        shrink: (b) => fleetPageBlocks(section.page, b),
        noun: 'part',
      };
  }
}

/** Lines packed into as few sections as fit; a smaller budget keeps the first lines and counts the rest. */
function linesPart(lines: string[]): Part {
  const more = (hidden: number) => `…and ${counted(hidden, 'more line')} not shown here`;
  // Slack refuses a section whose text is empty.
  if (lines.every((line) => line.trim() === '')) return { blocks: [] };
  return {
    blocks: fitSections(lines, { budget: Number.POSITIVE_INFINITY, more }).blocks,
    shrink: (budget) => fitSections(lines, { budget, more }).blocks,
    noun: 'part',
  };
}

function noticePart(text: string, detail: string | undefined): Part {
  const body = linesPart(escapeMrkdwn(text).split('\n'));
  if (!detail?.trim()) return body;
  const context = mrkdwnContext(escapeMrkdwn(detail));
  return {
    blocks: [...body.blocks, context],
    shrink: (budget) => (budget >= 2 ? [...body.shrink!(budget - 1), context] : body.shrink!(budget)),
    noun: 'part',
  };
}

// --- One WorkSpace --------------------------------------------------------------------------------------------

function workspaceBlocks(ws: WorkspaceView): KnownBlock[] {
  const title = [
    `*${escapeMrkdwn(ws.workspaceId)}*`,
    escapeMrkdwn(ws.userName),
    ws.computerName && escapeMrkdwn(ws.computerName),
  ]
    .filter(Boolean)
    .join(' · ');
  const fields = [
    field('State', escapeMrkdwn(ws.stateLabel)),
    field('Region', escapeMrkdwn(ws.region)),
    ws.registrationCode ? field('Registration code', code(ws.registrationCode)) : undefined,
    field('Running mode', escapeMrkdwn(ws.runningModeLabel)),
    ws.ipAddress ? field('IP address', escapeMrkdwn(ws.ipAddress)) : undefined,
    field('Last connection', lastConnection(ws)),
  ].filter((f) => f !== undefined);
  const section: SectionBlock = { type: 'section', text: mrkdwn(title), fields };
  const elements = actionElements(ws.actions);
  return elements.length > 0 ? [section, { type: 'actions', elements } satisfies ActionsBlock] : [section];
}

function field(name: string, value: string) {
  return mrkdwn(`*${name}*\n${value}`, BLOCK_LIMITS.fieldText);
}

function lastConnection(ws: WorkspaceView): string {
  if (ws.connectionState === 'CONNECTED') return 'Connected now';
  return ws.lastConnection ? slackDate(ws.lastConnection) : 'None recorded';
}

/**
 * Buttons for the actions, in the rules table's order; past MAX_BUTTONS, what can live in a menu goes into one.
 * Actions that confirm with a dialog stay buttons: a menu option cannot carry its own dialog.
 */
function actionElements(controls: readonly ActionControl[]): ActionsBlockElement[] {
  const button = (control: ActionControl) => actionButton(control, WORKSPACE_ACTION, control.action);
  if (controls.length <= MAX_BUTTONS) return controls.map(button).filter((b) => b !== undefined);
  const mustBeButtons = controls.filter((control) => !fitsInMenu(control));
  let room = Math.max(0, MAX_BUTTONS - mustBeButtons.length);
  const asButton = new Set(mustBeButtons);
  for (const control of controls) {
    // Terminate is the first to go into the menu: it is the rarest and the most dangerous.
    if (room > 0 && !asButton.has(control) && !control.confirm?.typed) {
      asButton.add(control);
      room--;
    }
  }
  let inMenu = controls.filter((control) => !asButton.has(control));
  if (inMenu.length < ELEMENT_LIMITS.overflowMinOptions) {
    for (const control of inMenu) asButton.add(control);
    inMenu = [];
  }
  const buttons = controls.filter((control) => asButton.has(control)).map(button);
  const menu =
    inMenu.length > 0 ? [overflowMenu(elementActionId(WORKSPACE_ACTION, 'menu'), inMenu.map(actionOption))] : [];
  return [...buttons.filter((b) => b !== undefined), ...menu].slice(0, BLOCK_LIMITS.elementsPerActions);
}

// --- Chooser and sign-in --------------------------------------------------------------------------------------

function chooserBlocks(section: Extract<Section, { type: 'chooser' }>): KnownBlock[] {
  const prompt = escapeMrkdwn(section.prompt);
  const confirm = section.confirm && !section.confirm.typed ? { confirm: confirmDialog(section.confirm) } : {};
  const choices = section.options.map((option) => ({
    label: option.label,
    value: encodeActionValue(section.action, option.workspaceId),
  }));
  if (choices.length <= MAX_CHOOSER_BUTTONS) {
    const buttons: Button[] = choices
      .filter((choice) => choice.value.length <= BLOCK_LIMITS.buttonValue)
      .map((choice, i) => ({
        type: 'button',
        action_id: elementActionId(CHOOSE_WORKSPACE, String(i)),
        text: plain(choice.label, BLOCK_LIMITS.buttonText),
        value: choice.value,
        ...confirm,
      }));
    return buttons.length > 0
      ? [mrkdwnSection(prompt), { type: 'actions', elements: buttons }]
      : [mrkdwnSection(prompt)];
  }
  const selectable = choices.filter((choice) => choice.value.length <= BLOCK_LIMITS.optionValue);
  const shown = selectable.slice(0, BLOCK_LIMITS.optionsPerSelect);
  // A select needs at least one option; ids too long for an option value can still be named by hand.
  if (shown.length === 0) return [mrkdwnSection(prompt), mrkdwnContext('Name the WorkSpace by its id.')];
  const select: SectionBlock = {
    type: 'section',
    text: mrkdwn(prompt),
    accessory: {
      type: 'static_select',
      action_id: elementActionId(CHOOSE_WORKSPACE, 'select'),
      placeholder: plain('Choose a WorkSpace', ELEMENT_LIMITS.placeholder),
      options: shown.map((choice) => ({
        text: plain(choice.label, BLOCK_LIMITS.optionText),
        value: choice.value,
      })),
      ...confirm,
    },
  };
  const hidden = choices.length - shown.length;
  return hidden > 0
    ? [select, mrkdwnContext(`…and ${counted(hidden, 'more WorkSpace')} not in this menu: name one by its id.`)]
    : [select];
}

function signinBlock(section: Extract<Section, { type: 'signin' }>): SectionBlock {
  const text = escapeMrkdwn(section.text);
  // A URL cannot be shortened without breaking it; one this long is not a sign-in link the bot made.
  if (section.url.length > ELEMENT_LIMITS.url) return mrkdwnSection(`${text}\n_The sign-in link could not be shown._`);
  return {
    type: 'section',
    text: mrkdwn(text),
    accessory: {
      type: 'button',
      action_id: SIGNIN_OPEN,
      text: plain(section.buttonLabel, BLOCK_LIMITS.buttonText),
      url: section.url,
      style: 'primary',
    },
  };
}

// --- Fleet ----------------------------------------------------------------------------------------------------

/** One fleet row in one block: the facts in a line, and the row's actions in a menu beside it. */
function fleetRowBlock(row: FleetRow): SectionBlock {
  const ws = row.workspace;
  const state =
    row.attention === 'stuck'
      ? `*stuck in ${escapeMrkdwn(ws.stateLabel)}*`
      : row.attention === 'state'
        ? `*${escapeMrkdwn(ws.stateLabel)}*`
        : escapeMrkdwn(ws.stateLabel);
  const text = [
    code(ws.workspaceId),
    escapeMrkdwn(ws.userName),
    state,
    escapeMrkdwn(ws.region),
    escapeMrkdwn(ws.runningModeLabel),
  ].join(' · ');
  const inMenu = ws.actions.filter(fitsInMenu).slice(0, BLOCK_LIMITS.overflowOptions);
  const block: SectionBlock = { type: 'section', text: mrkdwn(text) };
  if (inMenu.length >= ELEMENT_LIMITS.overflowMinOptions) {
    block.accessory = overflowMenu(elementActionId(WORKSPACE_ACTION, 'menu'), inMenu.map(actionOption));
  } else if (inMenu.length === 1) {
    const button = actionButton(inMenu[0]!, WORKSPACE_ACTION, inMenu[0]!.action);
    if (button) block.accessory = button;
  }
  return block;
}

function countEntries(counts: readonly { label: string; count: number }[]): string {
  const shown = counts.slice(0, COUNT_ENTRIES).map((c) => `${escapeMrkdwn(c.label)}: ${formatCount(c.count)}`);
  const rest = counts.length - shown.length;
  return [...shown, ...(rest > 0 ? [`…and ${formatCount(rest)} more`] : [])].join('\n');
}

/** The summary in at most `budget` blocks: the counts first, then unscanned regions, then attention rows. */
function fleetSummaryBlocks(summary: Extract<Section, { type: 'fleet-summary' }>, budget: number): KnownBlock[] {
  if (budget < 1) return [];
  const scanned = summary.scannedAt ? ` · counted at the scan of ${slackDate(summary.scannedAt)}` : '';
  const fields = [
    summary.byState.length > 0
      ? mrkdwn(`*By state*\n${countEntries(summary.byState)}`, BLOCK_LIMITS.fieldText)
      : undefined,
    summary.byRegion.length > 0
      ? mrkdwn(`*By region*\n${countEntries(summary.byRegion)}`, BLOCK_LIMITS.fieldText)
      : undefined,
  ].filter((f) => f !== undefined);
  const overview: SectionBlock = {
    type: 'section',
    text: mrkdwn(`*${counted(summary.total, 'WorkSpace')}*${scanned}`),
    ...(fields.length > 0 ? { fields } : {}),
  };
  const blocks: KnownBlock[] = [overview];
  let left = budget - 1;

  if (summary.unscanned.length > 0 && left > 0) {
    const lines = [
      `*${counted(summary.unscanned.length, 'region')} not scanned*`,
      ...summary.unscanned.map(
        (u) =>
          `• ${escapeMrkdwn(u.region)}, account ${escapeMrkdwn(u.accountId)} · failing since ${slackDate(u.since)}`,
      ),
    ];
    const fitted = fitSections(lines, {
      budget: Math.min(left, 2),
      maxLines: UNSCANNED_LINES + 1,
      more: (hidden) => `…and ${formatCount(hidden)} more not scanned`,
    }).blocks;
    blocks.push(...fitted);
    left -= fitted.length;
  }

  if (left <= 0) return blocks;
  if (summary.attentionTotal === 0) {
    blocks.push(mrkdwnContext('Nothing needs attention.'));
    return blocks;
  }
  const need = summary.attentionTotal === 1 ? 'needs' : 'need';
  blocks.push(mrkdwnSection(`*${counted(summary.attentionTotal, 'WorkSpace')} ${need} attention*`));
  left--;
  let rows = Math.min(summary.attention.length, Math.max(0, left));
  // Room for the line that counts the rest, when some are not shown.
  if (summary.attentionTotal > rows && rows === left) rows = Math.max(0, left - 1);
  blocks.push(...summary.attention.slice(0, rows).map(fleetRowBlock));
  const hidden = summary.attentionTotal - rows;
  if (hidden > 0 && left - rows > 0) {
    blocks.push(
      mrkdwnContext(`…and ${formatCount(hidden)} more not listed here; filter the fleet by state to see them all.`),
    );
  }
  return blocks;
}

/** One page of the fleet in at most `budget` blocks: the paging buttons are kept, rows give way first. */
function fleetPageBlocks(page: FleetPageView, budget: number): KnownBlock[] {
  if (budget < 1) return [];
  const filters = filtersText(page.filters);
  const title = mrkdwnSection(`*Fleet, page ${formatCount(page.page)}*${filters ? ` · ${escapeMrkdwn(filters)}` : ''}`);
  const paging = pagingBlock(page);
  const fixed = 1 + (paging ? 1 : 0);
  if (budget < fixed) return [title];
  let left = budget - fixed;
  const body: KnownBlock[] = [];
  if (page.rows.length === 0) {
    if (left > 0)
      body.push(mrkdwnContext(filters ? 'No WorkSpaces match these filters.' : 'No WorkSpaces on this page.'));
  } else {
    let rows = Math.min(page.rows.length, left);
    if (rows < page.rows.length && rows > 0) rows--;
    body.push(...page.rows.slice(0, rows).map(fleetRowBlock));
    left -= rows;
    const hidden = page.rows.length - rows;
    if (hidden > 0 && left > 0) {
      body.push(mrkdwnContext(`…and ${counted(hidden, 'more row')} of this page not shown here.`));
    }
  }
  return [title, ...body, ...(paging ? [paging] : [])];
}

function pagingBlock(page: FleetPageView): ActionsBlock | undefined {
  const cursor = (value: string | undefined) =>
    value !== undefined && value !== '' && value.length <= BLOCK_LIMITS.buttonValue ? value : undefined;
  const previous = cursor(page.previous);
  const next = cursor(page.next);
  const buttons: Button[] = [
    ...(previous
      ? [
          {
            type: 'button' as const,
            action_id: elementActionId(FLEET_PAGE, 'previous'),
            text: plain('Previous', 75),
            value: previous,
          },
        ]
      : []),
    ...(next
      ? [
          {
            type: 'button' as const,
            action_id: elementActionId(FLEET_PAGE, 'next'),
            text: plain('Next', 75),
            value: next,
          },
        ]
      : []),
  ];
  return buttons.length > 0 ? { type: 'actions', elements: buttons } : undefined;
}

/** What a message says when parts did not fit: "…and 3 more WorkSpaces not shown here". */
export function omittedLine(workspaces: number, parts: number): string {
  const what = [
    workspaces > 0 ? counted(workspaces, 'more WorkSpace') : undefined,
    parts > 0 ? counted(parts, workspaces > 0 ? 'other part' : 'more part') : undefined,
  ].filter((w) => w !== undefined);
  const hint = workspaces > 0 ? ': ask for one WorkSpace by its id' : '';
  return truncateText(`…and ${what.join(' and ')} not shown here${hint}.`, BLOCK_LIMITS.text);
}
