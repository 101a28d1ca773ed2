/**
 * Every view the bot sends, rendered as a Teams card: the card parses and validates with Microsoft's adaptivecards
 * library for version 1.5, the activity stays within Teams' size limit, and every button's data decodes to exactly
 * what the view's control stands for (read from the view model, not from the card), with the inputs a person fills
 * in merged into it as Teams does.
 */
import { type CardIntent, decodeCardAction } from '../../../../bot/teams/card-actions';
import { CARD_LIMITS, jsonBytes } from '../../../../bot/teams/render/limits';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  renderActivity,
  renderCard,
  renderInvokeResponse,
} from '../../../../bot/teams/render/message';
import { notLinked } from '../../../../bot/views';
import type { ActionControl, MessageView } from '../../../../bot/views/model';
import { LEFT_OUT } from '../../../../bot/views/words';
import { typedConfirmationMatches } from '../../../../bot/views/workspace';
import { everyView } from '../../../helpers/every-view';
import { actionsOf, cardProblems, type FoundAction, markdownTexts } from './card-checks';
import { shownText } from './markdown-reader';

const VIEWS = everyView('alice');

/** What the view's controls ask for, from the view model alone. */
function intended(view: MessageView): CardIntent[] {
  const controls = (view.controls ?? []).flatMap((row) =>
    row.buttons.map((b): CardIntent => ({ kind: 'intent', intent: b.intent })),
  );
  return [...sectionIntents(view), ...controls];
}

function sectionIntents(view: MessageView): CardIntent[] {
  const click = (control: ActionControl, confirmed = false): CardIntent => ({
    kind: 'click',
    action: control.action,
    workspaceId: control.workspaceId,
    ...(confirmed ? { confirmed } : {}),
  });
  // A typed confirmation is asked on the card itself on the question, or for a WorkSpace shown alone; in a list of
  // several (and on fleet rows) its button is a plain click, which the conversation answers with the question.
  const alone = view.sections.filter((section) => section.type === 'workspace').length === 1;
  return view.sections.flatMap((section): CardIntent[] => {
    switch (section.type) {
      case 'workspace': {
        const question = section.cancel !== undefined;
        const ws = section.workspace;
        return [
          ...ws.actions.map((control) =>
            control.confirm?.typed && (question || alone)
              ? {
                  kind: 'typed-confirmation' as const,
                  action: control.action,
                  workspaceId: ws.workspaceId,
                  typed: ws.workspaceId,
                }
              : click(control, question && control.confirm !== undefined),
          ),
          ...(question ? [{ kind: 'click' as const, action: 'status' as const, workspaceId: ws.workspaceId }] : []),
        ];
      }
      case 'chooser':
        return section.options.map((option) => ({
          kind: 'click' as const,
          action: section.action,
          workspaceId: option.workspaceId,
        }));
      case 'fleet-summary':
        return section.attention.flatMap((row) => row.workspace.actions.map((control) => click(control)));
      case 'fleet-page':
        return [
          ...(section.page.previous ? [{ kind: 'fleet-page' as const, cursor: section.page.previous }] : []),
          ...section.page.rows.flatMap((row) => row.workspace.actions.map((control) => click(control))),
          ...(section.page.next ? [{ kind: 'fleet-page' as const, cursor: section.page.next }] : []),
        ];
      default:
        return [];
    }
  });
}

/**
 * What each button sends, as Teams sends it: its data with the values of the inputs it gathers merged in; the typed
 * box filled in with what the card asks for (its placeholder, the id), the chooser tried with each of its choices.
 */
function sent(action: FoundAction, card: object): Record<string, unknown>[] {
  const data = action.data ?? {};
  const gathered = action.associatedInputs === 'auto' ? action.inputs : [];
  const choiceSets = gathered.filter((input) => input.type === 'Input.ChoiceSet');
  const typed = Object.fromEntries(
    gathered
      .filter((input) => input.type === 'Input.Text')
      .map((input) => [input.id, inputById(card, input.id)?.placeholder]),
  );
  if (choiceSets.length === 0) return [{ ...data, ...typed }];
  return choiceSets.flatMap((set) =>
    (inputById(card, set.id)?.choices ?? []).map((choice) => ({ ...data, ...typed, [set.id]: choice.value })),
  );
}

function inputById(value: unknown, id: string): { placeholder?: string; choices?: { value: string }[] } | undefined {
  if (Array.isArray(value)) return value.map((v) => inputById(v, id)).find((v) => v !== undefined);
  if (value === null || typeof value !== 'object') return undefined;
  const object = value as Record<string, unknown>;
  if (typeof object.type === 'string' && object.type.startsWith('Input.') && object.id === id) return object;
  return Object.values(object)
    .map((v) => inputById(v, id))
    .find((v) => v !== undefined);
}

const byJson = (intents: CardIntent[]) => intents.map((intent) => JSON.stringify(intent)).sort();

describe.each(VIEWS)('the %s view in Teams', (_name, view) => {
  const activity = renderActivity(view);
  const card = activity.attachments[0].content;

  it('is a message with one Adaptive Card 1.5 that the adaptivecards library reads without a problem', () => {
    expect(activity.type).toBe('message');
    expect(activity.attachments).toHaveLength(1);
    expect(activity.attachments[0].contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(card.$schema).toMatch(/^https?:\/\/adaptivecards\.io\/schemas\/adaptive-card\.json$/);
    expect(card).toEqual(renderCard(view));
    // The same card replaces a clicked one, as the answer to its Universal Actions invoke.
    expect(renderInvokeResponse(view)).toEqual({ statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card });
    expect(card.body.length).toBeGreaterThan(0);
    expect(cardProblems(card)).toEqual([]);
  });

  it('stays within Teams’ size limit, with a summary for notifications', () => {
    expect(jsonBytes(activity)).toBeLessThanOrEqual(CARD_LIMITS.activityBytes);
    expect(activity.summary.trim()).not.toBe('');
    expect(activity.summary.length).toBeLessThanOrEqual(CARD_LIMITS.summaryChars);
  });

  it('opens each sign-in link it offers, and no other', () => {
    const links = actionsOf(card)
      .filter((action) => action.type === 'Action.OpenUrl')
      .map((action) => action.url);
    expect(links).toEqual(view.sections.flatMap((section) => (section.type === 'signin' ? [section.url] : [])));
  });

  it('has buttons whose data, sent by Execute or by its Submit fallback, decodes to what each control asks', () => {
    const buttons = actionsOf(card).filter((action) => action.type === 'Action.Execute');
    for (const button of buttons) {
      expect(button.fallback?.data).toEqual(button.data);
      expect(button.fallback?.type).toBe('Action.Submit');
      expect(button.fallback?.title).toBe(button.title);
    }
    const decoded = buttons.flatMap((button) =>
      sent(button, card).map((data) => {
        const intent = decodeCardAction(data);
        expect(intent).toBeDefined();
        return intent!;
      }),
    );
    const cut = markdownTexts(card).some((text) => /…and \d/.test(text));
    if (cut) {
      // What the card shows is a part of what the view offers, and the card says how much it left out.
      expect(decoded.length).toBeGreaterThan(0);
      expect(byJson(intended(view))).toEqual(expect.arrayContaining(byJson(decoded)));
    } else {
      expect(byJson(decoded)).toEqual(byJson(intended(view)));
    }
    for (const intent of decoded) {
      if (intent.kind === 'typed-confirmation')
        expect(typedConfirmationMatches(intent.typed, intent.workspaceId)).toBe(true);
    }
  });
});

describe('a sign-in link the bot did not make', () => {
  it.each([
    ['a script', 'javascript:alert(1)'],
    ['too long to be one', `https://bot.example.com/auth/start?state=${'s'.repeat(CARD_LIMITS.urlChars)}`],
  ])('is not a button when it is %s, and the card says the link could not be shown', (_what, url) => {
    const card = renderCard(notLinked(url, 'new'));
    expect(actionsOf(card).filter((action) => action.type === 'Action.OpenUrl')).toEqual([]);
    expect(markdownTexts(card.body).map(shownText)).toContain(LEFT_OUT.signinLink);
    expect(cardProblems(card)).toEqual([]);
  });
});
