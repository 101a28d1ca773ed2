/**
 * The Adaptive Cards 1.5 elements the Teams renderer writes, as plain JSON types (no SDK: the card is data the
 * connector carries), and the builders for texts and buttons. Texts from views arrive escaped (markdown.ts); plain
 * fields (button titles, input labels, placeholders, choice titles) are not Markdown and are written as they are.
 */
import { type CardActionRequest, cardAction } from '../card-actions';
import { CARD_LIMITS, truncate } from './limits';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  isSubtle?: true;
  fontType?: 'Monospace';
  style?: 'heading';
  spacing?: Spacing;
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  separator?: true;
  spacing?: Spacing;
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: { type: 'Column'; width: 'auto' | 'stretch'; items: CardElement[] }[];
  spacing?: Spacing;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

export interface InputText {
  type: 'Input.Text';
  id: string;
  label: string;
  placeholder?: string;
  isRequired?: true;
  errorMessage?: string;
  regex?: string;
  maxLength?: number;
}

export interface InputChoiceSet {
  type: 'Input.ChoiceSet';
  id: string;
  label: string;
  style: 'compact';
  placeholder?: string;
  isRequired?: true;
  errorMessage?: string;
  choices: { title: string; value: string }[];
}

export type CardElement = TextBlock | FactSet | Container | ColumnSet | ActionSet | InputText | InputChoiceSet;

export type ActionStyle = 'positive' | 'destructive';

/** What inputs a button sends: none for a plain click (so an empty box elsewhere never blocks it), or its card's. */
type AssociatedInputs = 'auto' | 'none';

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: object;
  style?: ActionStyle;
  mode?: 'secondary';
  associatedInputs?: AssociatedInputs;
}

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: object;
  style?: ActionStyle;
  mode?: 'secondary';
  /** Unset on a card with no inputs (message.ts), where it makes no difference. */
  associatedInputs?: AssociatedInputs;
  /** Clients without Universal Actions send the same data as a message. */
  fallback: SubmitAction;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
  style?: ActionStyle;
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  style?: ActionStyle;
  card: { type: 'AdaptiveCard'; body: CardElement[]; actions?: CardAction[] };
}

export type CardAction = ExecuteAction | OpenUrlAction | ShowCardAction;

export interface TextOptions {
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  subtle?: boolean;
  monospace?: boolean;
  heading?: boolean;
  spacing?: Spacing;
}

/** A TextBlock of already-escaped Markdown, never too long. */
export function textBlock(markdown: string, options: TextOptions = {}): TextBlock {
  return {
    type: 'TextBlock',
    text: truncate(markdown, CARD_LIMITS.textChars),
    wrap: true,
    ...(options.weight ? { weight: options.weight } : {}),
    ...(options.size ? { size: options.size } : {}),
    ...(options.subtle ? { isSubtle: true as const } : {}),
    ...(options.monospace ? { fontType: 'Monospace' as const } : {}),
    ...(options.heading ? { style: 'heading' as const } : {}),
    ...(options.spacing ? { spacing: options.spacing } : {}),
  };
}

/** Lines of escaped Markdown, one TextBlock each: a line break inside one block is not read alike by every client. */
export function textBlocks(markdown: string, options: TextOptions = {}): TextBlock[] {
  return markdown
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => textBlock(line, i === 0 ? options : { ...options, spacing: 'None' }));
}

export interface ButtonOptions {
  style?: 'primary' | 'danger';
  secondary?: boolean;
  /** The button sends the card's inputs (the typed id, the chooser's pick). */
  withInputs?: boolean;
}

const STYLES = { primary: 'positive', danger: 'destructive' } as const;

/** A Universal Actions button with its Submit fallback, both carrying the same data. */
export function executeButton(title: string, request: CardActionRequest, options: ButtonOptions = {}): ExecuteAction {
  const { verb, data } = cardAction(request);
  const shown = truncate(title.trim(), CARD_LIMITS.buttonTitleChars);
  const common = {
    title: shown,
    data,
    ...(options.style ? { style: STYLES[options.style] } : {}),
    ...(options.secondary ? { mode: 'secondary' as const } : {}),
    associatedInputs: options.withInputs ? ('auto' as const) : ('none' as const),
  };
  return { type: 'Action.Execute', verb, ...common, fallback: { type: 'Action.Submit', ...common } };
}
