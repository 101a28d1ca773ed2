/**
 * Each view-model section as Block Kit blocks. A section renders as a Part: its blocks when there is room, and for
 * the sections that can give up lines or rows, a way to shrink into fewer blocks. Everything from data is escaped.
 */
import type { ActionsBlock, ActionsBlockElement, Button, KnownBlock, SectionBlock } from '@slack/web-api';
import type { ActionControl, Fact, FleetPageView, FleetRow, Section, Text, WorkspaceView } from '../../views/model';
import { isBlank } from '../../views/text';
import { LEFT_OUT } from '../../views/words';
import { BLOCK_LIMITS, fitSections, mrkdwnContext, mrkdwnSection, truncateText } from '../blocks/limits';
import { code, escapeMrkdwn, formatCount, mrkdwnText, slackDate } from '../blocks/mrkdwn';
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
  const text = (t: Text) => mrkdwnText(t, options.commandPrefix);
  switch (section.type) {
    case 'header':
      return section.text.trim()
        ? { blocks: [{ type: 'header', text: plain(section.text, BLOCK_LIMITS.headerText) }], noun: 'part' }
        : { blocks: [] };
    case 'text':
      return linesPart(text(section.text).split('\n'));
    case 'context':
      return isBlank(section.text) ? { blocks: [] } : { blocks: [mrkdwnContext(text(section.text))], noun: 'part' };
    case 'notice':
      return noticePart(text(section.text), isBlank(section.detail) ? undefined : text(section.detail!));
    case 'workspace':
      return { blocks: workspaceBlocks(section.workspace, section.cancel), noun: 'WorkSpace' };
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
        blocks: fleetSummaryBlocks(section, Number.POSITIVE_INFINITY, options),
        shrink: (b) => fleetSummaryBlocks(section, b, options),
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
  const more = LEFT_OUT.lines;
  // Slack refuses a section whose text is empty.
  if (lines.every((line) => line.trim() === '')) return { blocks: [] };
  return {
    blocks: fitSections(lines, { budget: Number.POSITIVE_INFINITY, more }).blocks,
    shrink: (budget) => fitSections(lines, { budget, more }).blocks,
    noun: 'part',
  };
}

/** A notice's text and detail, already mrkdwn. */
function noticePart(text: string, detail: string | undefined): Part {
  const body = linesPart(text.split('\n'));
  if (!detail?.trim()) return body;
  if (body.blocks.length === 0) return { blocks: [mrkdwnContext(detail)], noun: 'part' };
  const context = mrkdwnContext(detail);
  return {
    blocks: [...body.blocks, context],
    shrink: (budget) => (budget >= 2 ? [...body.shrink!(budget - 1), context] : body.shrink!(budget)),
    noun: 'part',
  };
}

// --- One WorkSpace --------------------------------------------------------------------------------------------

function workspaceBlocks(ws: WorkspaceView, cancel?: { label: string }): KnownBlock[] {
  const title = [
    `*${escapeMrkdwn(ws.workspaceId)}*`,
    escapeMrkdwn(ws.userName),
    ws.computerName && escapeMrkdwn(ws.computerName),
  ]
    .filter(Boolean)
    .join(' · ');
  const section: SectionBlock = { type: 'section', text: mrkdwn(title), fields: ws.facts.map(factField) };
  const elements = actionElements(ws.actions);
  const leave = cancel ? cancelButton(ws, cancel.label) : undefined;
  const all = leave ? [...elements, leave].slice(0, BLOCK_LIMITS.elementsPerActions) : elements;
  return all.length > 0 ? [section, { type: 'actions', elements: all } satisfies ActionsBlock] : [section];
}

function factField(fact: Fact) {
  const value = 'at' in fact ? slackDate(fact.at) : fact.code ? code(fact.text) : escapeMrkdwn(fact.text);
  return mrkdwn(`*${escapeMrkdwn(fact.label)}*\n${value}`, BLOCK_LIMITS.fieldText);
}

/**
 * Cancel beside a destructive action: it shows the WorkSpace's status in place of the question, which acts on nothing
 * (the status click of WORKSPACE_ACTION). A dedicated cancel listener would need bot/slack/listeners.
 */
function cancelButton(ws: WorkspaceView, label: string): Button | undefined {
  const value = encodeActionValue('status', ws.workspaceId);
  if (value.length > BLOCK_LIMITS.buttonValue) return undefined;
  return {
    type: 'button',
    action_id: elementActionId(WORKSPACE_ACTION, 'cancel'),
    text: plain(label, BLOCK_LIMITS.buttonText),
    value,
  };
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
  // Slack refuses an empty text: a chooser without a prompt asks with its placeholder.
  const prompt = escapeMrkdwn(section.prompt.trim() || section.placeholder);
  const confirm = section.confirm && !section.confirm.typed ? { confirm: confirmDialog(section.confirm) } : {};
  const choices = section.options.map((option) => ({
    label: option.label.trim() || option.workspaceId,
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
  if (shown.length === 0) return [mrkdwnSection(prompt), mrkdwnContext(escapeMrkdwn(section.byIdText))];
  const select: SectionBlock = {
    type: 'section',
    text: mrkdwn(prompt),
    accessory: {
      type: 'static_select',
      action_id: elementActionId(CHOOSE_WORKSPACE, 'select'),
      placeholder: plain(section.placeholder, ELEMENT_LIMITS.placeholder),
      options: shown.map((choice) => ({
        text: plain(choice.label, BLOCK_LIMITS.optionText),
        value: choice.value,
      })),
      ...confirm,
    },
  };
  const hidden = choices.length - shown.length;
  return hidden > 0 ? [select, mrkdwnContext(escapeMrkdwn(section.moreText(hidden)))] : [select];
}

function signinBlock(section: Extract<Section, { type: 'signin' }>): SectionBlock {
  const text = escapeMrkdwn(section.text);
  // A URL cannot be shortened without breaking it; one this long is not a sign-in link the bot made.
  if (section.url.length > ELEMENT_LIMITS.url) return mrkdwnSection(`${text}\n_${LEFT_OUT.signinLink}_`);
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

/**
 * One fleet row: the facts in a line, and its actions. A row of the page has them in a menu beside it (one block);
 * a row that needs attention gets its actions as buttons under it, since the repairs (rebuild, restore) ask first
 * in a dialog, which a menu option cannot carry, and must not be left out for a lone Terminate.
 */
function fleetRowBlocks(row: FleetRow): KnownBlock[] {
  const ws = row.workspace;
  const state = row.attention ? `*${escapeMrkdwn(row.stateText)}*` : escapeMrkdwn(row.stateText);
  const text = [
    code(ws.workspaceId),
    escapeMrkdwn(ws.userName),
    state,
    escapeMrkdwn(ws.region),
    escapeMrkdwn(ws.runningModeLabel),
  ].join(' · ');
  const block: SectionBlock = { type: 'section', text: mrkdwn(text) };
  if (row.attention) {
    const elements = actionElements(ws.actions);
    return elements.length > 0 ? [block, { type: 'actions', elements }] : [block];
  }
  const inMenu = ws.actions.filter(fitsInMenu).slice(0, BLOCK_LIMITS.overflowOptions);
  if (inMenu.length >= ELEMENT_LIMITS.overflowMinOptions) {
    block.accessory = overflowMenu(elementActionId(WORKSPACE_ACTION, 'menu'), inMenu.map(actionOption));
  } else if (inMenu.length === 1) {
    const button = actionButton(inMenu[0]!, WORKSPACE_ACTION, inMenu[0]!.action);
    if (button) block.accessory = button;
  }
  return [block];
}

/** Rows within `budget` blocks, whole rows only, in order. */
function fitRows(rows: readonly FleetRow[], budget: number): { blocks: KnownBlock[]; shown: number } {
  const blocks: KnownBlock[] = [];
  let shown = 0;
  for (const row of rows) {
    const rendered = fleetRowBlocks(row);
    if (blocks.length + rendered.length > budget) break;
    blocks.push(...rendered);
    shown++;
  }
  return { blocks, shown };
}

function countEntries(counts: readonly { label: string; count: number }[], more: (hidden: number) => string): string {
  const shown = counts.slice(0, COUNT_ENTRIES).map((c) => `${escapeMrkdwn(c.label)}: ${formatCount(c.count)}`);
  const rest = counts.length - shown.length;
  return [...shown, ...(rest > 0 ? [escapeMrkdwn(more(rest))] : [])].join('\n');
}

/** The summary in at most `budget` blocks: the counts first, then unscanned regions, then attention rows. */
function fleetSummaryBlocks(
  summary: Extract<Section, { type: 'fleet-summary' }>,
  budget: number,
  options: RenderOptions,
): KnownBlock[] {
  if (budget < 1) return [];
  const w = summary.words;
  const text = (t: Text) => mrkdwnText(t, options.commandPrefix);
  const scanned = w.countedAt ? ` · ${text(w.countedAt)}` : '';
  const fields = [
    summary.byState.length > 0
      ? mrkdwn(`*${escapeMrkdwn(w.byState)}*\n${countEntries(summary.byState, w.moreCounts)}`, BLOCK_LIMITS.fieldText)
      : undefined,
    summary.byRegion.length > 0
      ? mrkdwn(`*${escapeMrkdwn(w.byRegion)}*\n${countEntries(summary.byRegion, w.moreCounts)}`, BLOCK_LIMITS.fieldText)
      : undefined,
  ].filter((f) => f !== undefined);
  const overview: SectionBlock = {
    type: 'section',
    text: mrkdwn(`*${escapeMrkdwn(w.total)}*${scanned}`),
    ...(fields.length > 0 ? { fields } : {}),
  };
  const blocks: KnownBlock[] = [overview];
  let left = budget - 1;

  if (w.unscannedLines.length > 0 && left > 0) {
    const lines = [`*${escapeMrkdwn(w.unscannedTitle)}*`, ...w.unscannedLines.map((line) => `• ${text(line)}`)];
    const fitted = fitSections(lines, {
      budget: Math.min(left, 2),
      maxLines: UNSCANNED_LINES + 1,
      more: (hidden) => escapeMrkdwn(w.moreUnscanned(hidden)),
    }).blocks;
    blocks.push(...fitted);
    left -= fitted.length;
  }

  if (left <= 0) return blocks;
  if (summary.attentionTotal === 0) {
    blocks.push(mrkdwnContext(escapeMrkdwn(w.nothingNeedsAttention)));
    return blocks;
  }
  blocks.push(mrkdwnSection(`*${escapeMrkdwn(w.attentionTitle)}*`));
  left--;
  let rows = fitRows(summary.attention, left);
  // Room for the line that counts the rest, when some are not shown.
  if (summary.attentionTotal > rows.shown && rows.blocks.length === left && left > 0) {
    rows = fitRows(summary.attention, left - 1);
  }
  blocks.push(...rows.blocks);
  left -= rows.blocks.length;
  const hidden = summary.attentionTotal - rows.shown;
  if (hidden > 0 && left > 0) blocks.push(mrkdwnContext(text(w.moreAttention(hidden))));
  return blocks;
}

/** One page of the fleet in at most `budget` blocks: the paging buttons are kept, rows give way first. */
function fleetPageBlocks(page: FleetPageView, budget: number): KnownBlock[] {
  if (budget < 1) return [];
  const title = mrkdwnSection(`*${escapeMrkdwn(page.title)}*`);
  const paging = pagingBlock(page);
  const fixed = 1 + (paging ? 1 : 0);
  if (budget < fixed) return [title];
  let left = budget - fixed;
  const body: KnownBlock[] = [];
  if (page.rows.length === 0) {
    if (left > 0) body.push(mrkdwnContext(escapeMrkdwn(page.emptyText)));
  } else {
    let rows = fitRows(page.rows, left);
    if (rows.shown < page.rows.length && rows.shown > 0) rows = fitRows(page.rows, rows.blocks.length - 1);
    body.push(...rows.blocks);
    left -= rows.blocks.length;
    const hidden = page.rows.length - rows.shown;
    if (hidden > 0 && left > 0) body.push(mrkdwnContext(escapeMrkdwn(LEFT_OUT.rows(hidden))));
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
            text: plain(page.previousLabel, BLOCK_LIMITS.buttonText),
            value: previous,
          },
        ]
      : []),
    ...(next
      ? [
          {
            type: 'button' as const,
            action_id: elementActionId(FLEET_PAGE, 'next'),
            text: plain(page.nextLabel, BLOCK_LIMITS.buttonText),
            value: next,
          },
        ]
      : []),
  ];
  return buttons.length > 0 ? { type: 'actions', elements: buttons } : undefined;
}

/** What a message says when parts did not fit: "…and 3 more WorkSpaces not shown here". */
export function omittedLine(workspaces: number, parts: number): string {
  return truncateText(escapeMrkdwn(LEFT_OUT.parts(workspaces, parts)), BLOCK_LIMITS.text);
}
