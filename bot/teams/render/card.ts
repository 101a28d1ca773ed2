/**
 * Each view-model section as Adaptive Card elements. A section renders as a Part: its elements, and for the
 * sections that hold lists (lines, rows, options), a way to show only the first `cap` entries and count the rest, so
 * message.ts can fit a card into Teams' size limit. Everything from data is escaped (markdown.ts).
 */
import { ACTION_RULES, type Action } from '../../../core/rules';
import type {
  ActionControl,
  Count,
  Fact,
  FleetPageView,
  FleetRow,
  Section,
  Text,
  WorkspaceView,
} from '../../views/model';
import { isBlank } from '../../views/text';
import { LEFT_OUT } from '../../views/words';
import { actionLabel, terminateForm, terminateMismatch } from '../../views/workspace';
import { CHOSEN_INPUT_ID, canCarry, typedInputId } from '../card-actions';
import {
  type ActionSet,
  type CardAction,
  type CardElement,
  type ColumnSet,
  type Container,
  type ContainerStyle,
  executeButton,
  type FactSet,
  type TextBlock,
  textBlock,
  textBlocks,
} from './elements';
import { CARD_LIMITS, truncate } from './limits';
import {
  bold,
  type CardTextOptions,
  cardText,
  cardTime,
  DEFAULT_CARD_TEXT_OPTIONS,
  escapeCardText,
  plainText,
  showMentions,
  teamsCommand,
} from './markdown';

export interface Part {
  /** The elements showing at most `cap` entries of the part's list (all of them for Infinity). */
  render: (cap: number) => CardElement[];
  /** How many entries the list holds; 0 for a part that cannot shrink. */
  entries: number;
  /** What the part shows, for the line that counts parts left out; unset for parts not worth counting. */
  noun?: 'WorkSpace' | 'part';
  /**
   * Which lists are cut first when a card is too big (lower first): the fleet summary's attention rows (reached
   * again with `fleet state:...`, as its closing line says), then texts' lines, then what cannot be reached
   * otherwise: a fleet page's rows (paging goes on from the page's end) and a chooser's menu.
   */
  givesWay: number;
}

const GIVES_WAY = { attention: 0, lines: 1, unreachable: 2 } as const;

export type RenderOptions = CardTextOptions;
export const DEFAULT_RENDER_OPTIONS: RenderOptions = DEFAULT_CARD_TEXT_OPTIONS;

const TONE_STYLES: Record<Extract<Section, { type: 'notice' }>['tone'], ContainerStyle> = {
  info: 'accent',
  success: 'good',
  warning: 'warning',
  error: 'attention',
};

const fixed = (elements: CardElement[], noun?: Part['noun']): Part => ({
  render: () => elements,
  entries: 0,
  givesWay: GIVES_WAY.lines,
  ...(noun ? { noun } : {}),
});

/** Where a section sits in its view. */
export interface SectionPlace {
  /**
   * The type of the section above, for the separators: consecutive WorkSpaces are divided, as is a fleet page from
   * what is above it (unless a header or a one-line summary).
   */
  previous: Section['type'] | undefined;
  /** How many WorkSpace sections the view has: a list of several keeps each one small (see workspaceActions). */
  workspaces: number;
}

export function renderSection(section: Section, place: SectionPlace, options: RenderOptions): Part {
  const { previous } = place;
  const text = (t: Text) => cardText(t, options);
  switch (section.type) {
    case 'header':
      return section.text.trim() ? fixed([textBlock(text(section.text), headingStyle)], 'part') : fixed([]);
    case 'text':
      return linesPart(text(section.text).split('\n'), {});
    case 'context':
      return isBlank(section.text) ? fixed([]) : fixed(textBlocks(text(section.text), smallStyle), 'part');
    case 'notice':
      return noticePart(section, options);
    case 'workspace':
      return fixed(
        [workspaceContainer(section.workspace, section.cancel, previous === 'workspace', place.workspaces === 1)],
        'WorkSpace',
      );
    case 'chooser':
      return chooserPart(section, options);
    case 'signin':
      return fixed(signinElements(section), 'part');
    case 'commands':
      return linesPart(
        section.commands.map(({ usage, description }) => {
          const typed = bold(escapeCardText(teamsCommand(usage, options)));
          return description.trim() ? `${typed} — ${escapeCardText(description)}` : typed;
        }),
        { title: bold(escapeCardText(section.title)) },
      );
    case 'fleet-summary':
      return fleetSummaryPart(section, options);
    case 'fleet-page':
      return fleetPagePart(section.page, previous !== undefined && previous !== 'header' && previous !== 'context');
  }
}

const headingStyle = { weight: 'Bolder', size: 'Medium', heading: true } as const;
const smallStyle = { subtle: true, size: 'Small' } as const;

/** Lines of Markdown, one block each; a cap keeps the first lines and counts the rest (LEFT_OUT.lines). */
function linesPart(lines: string[], { title }: { title?: string }): Part {
  const shown = lines.filter((line) => line.trim() !== '');
  if (shown.length === 0 && !title) return fixed([]);
  return {
    render: (cap) => {
      const kept = shown.slice(0, cap);
      const hidden = shown.length - kept.length;
      return [
        ...(title ? [textBlock(title)] : []),
        ...textBlocks(kept.join('\n'), title ? { spacing: 'Small' } : {}),
        ...(hidden > 0 ? [textBlock(escapeCardText(LEFT_OUT.lines(hidden)), smallStyle)] : []),
      ];
    },
    entries: shown.length,
    noun: 'part',
    givesWay: GIVES_WAY.lines,
  };
}

/** A notice: its words in a container coloured by its tone, the detail small under them. */
function noticePart(section: Extract<Section, { type: 'notice' }>, options: RenderOptions): Part {
  const body = linesPart(cardText(section.text, options).split('\n'), {});
  const detail = isBlank(section.detail) ? [] : textBlocks(cardText(section.detail!, options), smallStyle);
  if (body.entries === 0 && detail.length === 0) return fixed([]);
  return {
    render: (cap) => [{ type: 'Container', style: TONE_STYLES[section.tone], items: [...body.render(cap), ...detail] }],
    entries: body.entries,
    noun: 'part',
    givesWay: GIVES_WAY.lines,
  };
}

// --- One WorkSpace --------------------------------------------------------------------------------------------

function factValue(fact: Fact): string {
  // A registration code is copied into the client: no mark around it, only the escapes that show it as it is.
  return 'at' in fact ? cardTime(fact.at) : escapeCardText(fact.text);
}

function factSet(facts: readonly Fact[]): FactSet {
  return {
    type: 'FactSet',
    facts: facts.map((fact) => ({ title: escapeCardText(fact.label), value: factValue(fact) })),
  };
}

/** "alice · ALICE-PC": who it belongs to and the computer's name, as data, escaped. */
function ownerLine(ws: WorkspaceView): string {
  return [ws.userName, ws.computerName]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => escapeCardText(part))
    .join(' · ');
}

function workspaceContainer(
  ws: WorkspaceView,
  cancel: { label: string } | undefined,
  separator: boolean,
  alone: boolean,
): Container {
  const owner = ownerLine(ws);
  const actions = workspaceActions(ws, cancel, alone);
  return {
    type: 'Container',
    ...(separator ? { separator: true as const, spacing: 'Medium' as const } : {}),
    items: [
      textBlock(escapeCardText(ws.workspaceId), { weight: 'Bolder', monospace: true }),
      ...(owner ? [textBlock(owner, { subtle: true, spacing: 'None' })] : []),
      factSet(ws.facts),
      ...actions,
    ],
  };
}

/**
 * The WorkSpace's actions as buttons. On the question asked before a destructive action (a section with `cancel`),
 * its button is the confirmation (`confirmed`), the typed id is asked right there, and Cancel shows the WorkSpace's
 * status, acting on nothing. Elsewhere a destructive button is a plain click that the conversation answers with that
 * question. A WorkSpace shown alone offers its typed confirmation under its button (Action.ShowCard); in a list of
 * several, that form on each would not fit in a Teams message, so there it is a plain click answered by the question
 * too, as on a fleet row. A click never confirms a typed action (decodeCardAction), so nothing is lost either way.
 */
function workspaceActions(ws: WorkspaceView, cancel: { label: string } | undefined, alone: boolean): CardElement[] {
  const question = cancel !== undefined;
  const inline = question || alone;
  const typed = inline ? ws.actions.filter((control) => control.confirm?.typed && typedCarried(control)) : [];
  const clicks = ws.actions.filter((control) => !(inline && control.confirm?.typed));
  const buttons: CardAction[] = clicks
    .filter((control) => clickCarried(control, question))
    .map((control, i) => clickButton(control, question, i >= CARD_LIMITS.primaryButtons));
  const elements: CardElement[] = [];
  if (question) {
    // Asked already: the box is shown at once, its button beside the others and Cancel.
    const forms = typed.map((control) => typedForm(ws, control));
    for (const form of forms) elements.push(...form.inputs);
    const leave = canCarry({ kind: 'click', action: 'status', workspaceId: ws.workspaceId })
      ? [executeButton(cancel.label, { kind: 'click', action: 'status', workspaceId: ws.workspaceId })]
      : [];
    const all = [...buttons, ...forms.map((form) => form.button), ...leave];
    if (all.length > 0) elements.push(actionSet(all));
    return elements;
  }
  for (const control of typed) {
    const form = typedForm(ws, control);
    buttons.push({
      type: 'Action.ShowCard',
      title: `${truncate(control.label, CARD_LIMITS.buttonTitleChars - 1)}…`,
      style: 'destructive',
      card: { type: 'AdaptiveCard', body: form.inputs, actions: [form.button] },
    });
  }
  if (buttons.length > 0) elements.push(actionSet(buttons));
  return elements;
}

function actionSet(actions: CardAction[]): ActionSet {
  return { type: 'ActionSet', actions };
}

function clickCarried(control: ActionControl, confirmed: boolean): boolean {
  return canCarry(clickRequest(control, confirmed));
}

function typedCarried(control: ActionControl): boolean {
  return canCarry({ kind: 'typed-confirmation', action: control.action, workspaceId: control.workspaceId });
}

/** Only a destructive action's button on its question is the confirmation; every other click is a plain click. */
function clickRequest(control: ActionControl, question: boolean) {
  const confirmed = question && control.confirm !== undefined && !control.confirm.typed;
  return {
    kind: 'click' as const,
    action: control.action,
    workspaceId: control.workspaceId,
    ...(confirmed ? { confirmed } : {}),
  };
}

function clickButton(control: ActionControl, question: boolean, secondary: boolean) {
  return executeButton(control.label, clickRequest(control, question), {
    ...(control.style ? { style: control.style } : {}),
    secondary,
  });
}

/**
 * The box in which the id is typed, with what is lost and the button that acts: the words of the terminate form
 * (bot/views), the check in the client (the id exactly, as typedConfirmationMatches), and the same check again in
 * the conversation, which alone decides.
 */
function typedForm(ws: WorkspaceView, control: ActionControl): { inputs: CardElement[]; button: CardAction } {
  const form = terminateForm(ws);
  const confirm = control.confirm!;
  return {
    inputs: [
      ...textBlocks(bold(escapeCardText(confirm.title)), { spacing: 'Small' }),
      ...textBlocks(escapeCardText(confirm.text), { spacing: 'None' }),
      {
        type: 'Input.Text',
        id: typedInputId(ws.workspaceId),
        label: form.inputLabel,
        placeholder: ws.workspaceId,
        isRequired: true,
        errorMessage: terminateMismatch(ws.workspaceId),
        regex: `^\\s*${ws.workspaceId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`,
        maxLength: CARD_LIMITS.typedChars,
      },
    ],
    button: executeButton(
      confirm.confirmLabel,
      { kind: 'typed-confirmation', action: control.action, workspaceId: ws.workspaceId },
      { style: 'danger', withInputs: true },
    ),
  };
}

// --- Chooser and sign-in --------------------------------------------------------------------------------------

/** The WorkSpaces to pick from in a menu, and one button that asks the action for the one picked. */
function chooserPart(section: Extract<Section, { type: 'chooser' }>, options: RenderOptions): Part {
  const prompt = plainText(section.prompt.trim() || section.placeholder, options);
  const choosable = section.options.filter((option) =>
    canCarry({ kind: 'click', action: section.action, workspaceId: option.workspaceId }),
  );
  const entries = Math.min(choosable.length, CARD_LIMITS.chooserOptions);
  const button = canCarry({ kind: 'choose', action: section.action });
  if (choosable.length === 0 || !button) {
    return fixed([textBlock(escapeCardText(prompt)), textBlock(escapeCardText(section.byIdText), smallStyle)], 'part');
  }
  return {
    render: (cap) => {
      const shown = choosable.slice(0, Math.max(1, Math.min(cap, entries)));
      const hidden = section.options.length - shown.length;
      return [
        {
          type: 'Input.ChoiceSet',
          id: CHOSEN_INPUT_ID,
          label: prompt,
          style: 'compact',
          placeholder: plainText(section.placeholder, options),
          isRequired: true,
          errorMessage: plainText(section.placeholder, options),
          // Choice titles are plain text in the menu: the label as it is, never Markdown.
          choices: shown.map((option) => ({
            title: showMentions(option.label.trim() || option.workspaceId),
            value: option.workspaceId,
          })),
        },
        ...(hidden > 0 ? [textBlock(escapeCardText(section.moreText(hidden)), smallStyle)] : []),
        actionSet([
          executeButton(
            chooserButtonTitle(section.action),
            { kind: 'choose', action: section.action },
            {
              withInputs: true,
              ...(section.action !== 'status' && ACTION_RULES[section.action].confirmation !== 'none'
                ? { style: 'danger' as const }
                : {}),
            },
          ),
        ]),
      ];
    },
    entries,
    noun: 'part',
    givesWay: GIVES_WAY.unreachable,
  };
}

/**
 * The chooser's button names its action ("Reboot"). The status chooser has no action word in the view model (its
 * Slack form needs none: a pick there is the click), so it is named by what it shows.
 */
function chooserButtonTitle(action: Action | 'status'): string {
  return action === 'status' ? STATUS_BUTTON : actionLabel(action);
}
const STATUS_BUTTON = 'Status';

function signinElements(section: Extract<Section, { type: 'signin' }>): CardElement[] {
  const text = textBlocks(escapeCardText(section.text));
  // A URL cannot be shortened without breaking it; one this long, or not http(s), is not a link the bot made.
  if (section.url.length > CARD_LIMITS.urlChars || !/^https?:\/\//i.test(section.url)) {
    return [...text, textBlock(escapeCardText(LEFT_OUT.signinLink), smallStyle)];
  }
  return [
    ...text,
    actionSet([
      {
        type: 'Action.OpenUrl',
        title: truncate(section.buttonLabel, CARD_LIMITS.buttonTitleChars),
        url: section.url,
        style: 'positive',
      },
    ]),
  ];
}

// --- Fleet ----------------------------------------------------------------------------------------------------

/**
 * One fleet row: the id (monospace) beside the owner, state, region and running mode, and its actions as buttons,
 * a few in the row and the rest in Teams' "…" menu. Every action here is a plain click, terminate too: the
 * conversation answers a destructive one with its question, where the id is typed, so a page of rows stays small.
 */
function fleetRowElements(row: FleetRow): CardElement[] {
  const ws = row.workspace;
  const state = row.attention ? bold(escapeCardText(row.stateText)) : escapeCardText(row.stateText);
  const line = [escapeCardText(ws.userName), state, escapeCardText(ws.region), escapeCardText(ws.runningModeLabel)]
    .filter((part) => part.trim() !== '')
    .join(' · ');
  const columns: ColumnSet = {
    type: 'ColumnSet',
    columns: [
      { type: 'Column', width: 'auto', items: [textBlock(escapeCardText(ws.workspaceId), { monospace: true })] },
      { type: 'Column', width: 'stretch', items: [textBlock(line)] },
    ],
  };
  const buttons = ws.actions
    .filter((control) => clickCarried(control, false))
    .map((control, i) => clickButton(control, false, i >= CARD_LIMITS.primaryButtons));
  return [
    {
      type: 'Container',
      separator: true,
      items: [columns, ...(buttons.length > 0 ? [{ ...actionSet(buttons), spacing: 'Small' as const }] : [])],
    },
  ];
}

/** A count list as facts ("Available 380"), the first CARD_LIMITS.countEntries of it, and a line for the rest. */
function countElements(counts: readonly Count[], more: (hidden: number) => string): CardElement[] {
  const shown = counts.slice(0, CARD_LIMITS.countEntries);
  const hidden = counts.length - shown.length;
  const facts: FactSet = {
    type: 'FactSet',
    spacing: 'Small',
    facts: shown.map((count) => ({ title: escapeCardText(count.label), value: formatCountText(count.count) })),
  };
  return [facts, ...(hidden > 0 ? [textBlock(escapeCardText(more(hidden)), { ...smallStyle, spacing: 'None' })] : [])];
}

function formatCountText(n: number): string {
  return escapeCardText(n.toLocaleString('en-US'));
}

/** The summary: the counts, the regions not scanned, then the attention rows, which give way first. */
function fleetSummaryPart(summary: Extract<Section, { type: 'fleet-summary' }>, options: RenderOptions): Part {
  const w = summary.words;
  const text = (t: Text) => cardText(t, options);
  const head: CardElement[] = [
    textBlock(`${bold(escapeCardText(w.total))}${w.countedAt ? ` · ${text(w.countedAt)}` : ''}`),
  ];
  const columns = [
    summary.byState.length > 0 ? { title: w.byState, counts: countElements(summary.byState, w.moreCounts) } : undefined,
    summary.byRegion.length > 0
      ? { title: w.byRegion, counts: countElements(summary.byRegion, w.moreCounts) }
      : undefined,
  ].filter((column) => column !== undefined);
  if (columns.length > 0) {
    head.push({
      type: 'ColumnSet',
      columns: columns.map((column) => ({
        type: 'Column',
        width: 'stretch',
        items: [textBlock(bold(escapeCardText(column.title))), ...column.counts],
      })),
    });
  }
  if (w.unscannedLines.length > 0) {
    const shown = w.unscannedLines.slice(0, CARD_LIMITS.unscannedLines);
    const hidden = w.unscannedLines.length - shown.length;
    head.push({
      type: 'Container',
      style: 'warning',
      items: [
        textBlock(bold(escapeCardText(w.unscannedTitle))),
        ...shown.flatMap((line) => textBlocks(`• ${text(line)}`, { spacing: 'None' })),
        ...(hidden > 0 ? [textBlock(escapeCardText(w.moreUnscanned(hidden)), smallStyle)] : []),
      ],
    });
  }
  if (summary.attentionTotal === 0 || summary.attention.length === 0) {
    const nothing =
      summary.attentionTotal === 0 ? [textBlock(escapeCardText(w.nothingNeedsAttention), smallStyle)] : [];
    const counted =
      summary.attentionTotal > 0
        ? [
            textBlock(bold(escapeCardText(w.attentionTitle))),
            ...textBlocks(text(w.moreAttention(summary.attentionTotal)), smallStyle),
          ]
        : [];
    return fixed([...head, ...nothing, ...counted], 'part');
  }
  return {
    render: (cap) => {
      const rows = summary.attention.slice(0, cap);
      const hidden = summary.attentionTotal - rows.length;
      return [
        ...head,
        textBlock(bold(escapeCardText(w.attentionTitle)), { spacing: 'Medium' }),
        ...rows.flatMap(fleetRowElements),
        ...(hidden > 0 ? textBlocks(text(w.moreAttention(hidden)), smallStyle) : []),
      ];
    },
    entries: summary.attention.length,
    noun: 'part',
    givesWay: GIVES_WAY.attention,
  };
}

/** One page of the fleet: the title, the rows (which give way first), and the paging buttons, which stay. */
function fleetPagePart(page: FleetPageView, separator: boolean): Part {
  const title: TextBlock = textBlock(bold(escapeCardText(page.title)));
  const paging = pagingButtons(page);
  const top = separator ? [{ type: 'Container' as const, separator: true as const, items: [title] }] : [title];
  if (page.rows.length === 0) {
    return fixed([...top, textBlock(escapeCardText(page.emptyText), smallStyle), ...paging], 'part');
  }
  return {
    render: (cap) => {
      const rows = page.rows.slice(0, cap);
      const hidden = page.rows.length - rows.length;
      return [
        ...top,
        ...rows.flatMap(fleetRowElements),
        ...(hidden > 0 ? [textBlock(escapeCardText(LEFT_OUT.rows(hidden)), smallStyle)] : []),
        ...paging,
      ];
    },
    entries: page.rows.length,
    noun: 'part',
    givesWay: GIVES_WAY.unreachable,
  };
}

function pagingButtons(page: FleetPageView): ActionSet[] {
  const button = (cursor: string | undefined, label: string) =>
    cursor && canCarry({ kind: 'fleet-page', cursor }) ? [executeButton(label, { kind: 'fleet-page', cursor })] : [];
  const buttons = [...button(page.previous, page.previousLabel), ...button(page.next, page.nextLabel)];
  return buttons.length > 0 ? [{ ...actionSet(buttons), spacing: 'Medium' }] : [];
}
