/**
 * Checks a card the way Teams' own code reads it: Microsoft's `adaptivecards` library parses it for version 1.5
 * and validates it, and every parse or validation event is a problem. The library's ESM build imports its modules
 * without file extensions, which Node cannot resolve, so the tests load its UMD bundle (same code); parsing and
 * validating need no DOM (only rendering does), so the node test environment is enough.
 */
import type * as AdaptiveCardsModule from 'adaptivecards';

const AdaptiveCards = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;

/**
 * Every problem the library finds in the card, as text; [] for a card Teams' renderer reads as written. The card is
 * read twice: as a client with Universal Actions reads it, and as one without `Action.Execute`, which must find
 * every button's `Action.Submit` fallback just as good.
 */
export function cardProblems(card: object): string[] {
  const withoutExecute = new AdaptiveCards.CardObjectRegistry<AdaptiveCardsModule.Action>();
  AdaptiveCards.GlobalRegistry.populateWithDefaultActions(withoutExecute);
  withoutExecute.unregister('Action.Execute');
  return [
    ...readProblems(card, undefined, typesOf(card, 'primary')),
    ...readProblems(card, withoutExecute, typesOf(card, 'fallback')).map((problem) => `without Execute: ${problem}`),
  ];
}

function readProblems(
  card: object,
  actions: AdaptiveCardsModule.CardObjectRegistry<AdaptiveCardsModule.Action> | undefined,
  expected: string[],
): string[] {
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_5);
  if (actions) context.setActionRegistry(actions);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    // Reading the fallback is the point of the second reading; anything else is a problem.
    if (
      actions &&
      event.event === AdaptiveCards.ValidationEvent.UnknownActionType &&
      /Action\.Execute/.test(event.message)
    ) {
      continue;
    }
    problems.push(`parse: ${AdaptiveCards.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`validate: ${AdaptiveCards.ValidationEvent[event.event]}: ${event.message}`);
  }
  // What was parsed comes back out: an element or action the library dropped, or read as something else, shows here.
  const read = typesOf(parsed.toJSON() ?? {}, 'primary');
  if (read.join() !== expected.join()) problems.push(`round trip: ${expected.join()} became ${read.join()}`);
  return problems;
}

/**
 * The `type` of every object in a card, in order: elements, actions, columns. `primary`: what a client with
 * Universal Actions reads (a fallback is not part of the card it shows); `fallback`: each Execute as its fallback.
 */
function typesOf(value: unknown, reading: 'primary' | 'fallback'): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => typesOf(item, reading));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (reading === 'fallback' && object.type === 'Action.Execute' && object.fallback) {
    return typesOf(object.fallback, reading);
  }
  const own = typeof object.type === 'string' ? [object.type] : [];
  // `data` is the button's own payload, not part of the card's structure.
  const inner = Object.entries(object).filter(([key]) => key !== 'data' && key !== 'fallback');
  return [...own, ...inner.flatMap(([, v]) => typesOf(v, reading))];
}

export interface FoundAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
  style?: string;
  associatedInputs?: string;
  fallback?: { type: string; title: string; data?: Record<string, unknown> };
  url?: string;
  /** The inputs of the card (or shown card) the button sits in, with their ids. */
  inputs: { type: string; id: string }[];
}

/**
 * Every button of a card with the inputs it can send: those of its own card, and for a button in an Action.ShowCard,
 * those of the shown card and of the card that holds it (as "auto" gathers them).
 */
export function actionsOf(
  card: { body?: unknown; actions?: unknown },
  outer: FoundAction['inputs'] = [],
): FoundAction[] {
  const inputs = [...outer, ...inputsOf(card.body)];
  const found: FoundAction[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    if (typeof object.type === 'string' && object.type.startsWith('Action.')) {
      if (object.type === 'Action.ShowCard') {
        found.push({ type: object.type, title: String(object.title), inputs });
        found.push(...actionsOf(object.card as { body?: unknown; actions?: unknown }, inputs));
        return;
      }
      found.push({ ...(object as unknown as FoundAction), inputs });
      return;
    }
    for (const [key, inner] of Object.entries(object)) if (key !== 'data') visit(inner);
  };
  visit(card.body);
  visit(card.actions);
  return found;
}

function inputsOf(value: unknown): FoundAction['inputs'] {
  if (Array.isArray(value)) return value.flatMap(inputsOf);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (object.type === 'Action.ShowCard') return [];
  const own =
    typeof object.type === 'string' && object.type.startsWith('Input.')
      ? [{ type: object.type, id: String(object.id) }]
      : [];
  return [...own, ...Object.entries(object).flatMap(([key, inner]) => (key === 'data' ? [] : inputsOf(inner)))];
}

/** The Markdown a reader's client reads: TextBlock texts and facts' titles and values, anywhere in the card. */
export function markdownTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(markdownTexts);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (object.type === 'FactSet') {
    return (object.facts as { title: string; value: string }[]).flatMap((fact) => [fact.title, fact.value]);
  }
  const own = object.type === 'TextBlock' && typeof object.text === 'string' ? [object.text] : [];
  return [...own, ...Object.entries(object).flatMap(([key, inner]) => (key === 'data' ? [] : markdownTexts(inner)))];
}

/** Plain fields, which no client reads as Markdown: button titles, labels, placeholders, choices, error messages. */
export function plainTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(plainTexts);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (object.type === 'FactSet') return [];
  if (object.type === 'Input.ChoiceSet') {
    const choices = (object.choices as { title: string }[]).map((choice) => choice.title);
    return [
      ...choices,
      ...[object.label, object.placeholder, object.errorMessage].filter((v) => typeof v === 'string'),
    ];
  }
  const own = (['title', 'label', 'placeholder', 'errorMessage'] as const)
    .map((key) => object[key])
    .filter((v): v is string => typeof v === 'string');
  return [...own, ...Object.entries(object).flatMap(([key, inner]) => (key === 'data' ? [] : plainTexts(inner)))];
}
