/**
 * The data on Teams card buttons: what the renderer writes reads back as the same intent, through an Execute invoke
 * or a Submit message, with the inputs Teams merges in; anything tampered with, from another version or plain
 * garbage reads as nothing.
 */
import fc from 'fast-check';
import {
  CARD_DATA_VERSION,
  CARD_VERBS,
  type CardActionRequest,
  type CardIntent,
  CHOSEN_INPUT_ID,
  canCarry,
  cardAction,
  cardActionData,
  cardDataVersion,
  decodeCardAction,
  typedInputId,
} from '../../../../bot/teams/card-actions';
import { CARD_LIMITS } from '../../../../bot/teams/render/limits';
import { ACTION_RULES, ACTIONS, type Action, isAction } from '../../../../core/rules';
import { isWorkspaceId } from '../../../../core/workspace';

const workspaceIds = fc.stringMatching(/^ws-[a-z0-9]{1,63}$/);
const actions = fc.constantFrom<Action | 'status'>(...ACTIONS, 'status');
const cursors = fc.stringMatching(/^[!-~]{1,2000}$/);
const typedActions = ACTIONS.filter((action) => ACTION_RULES[action].confirmation === 'typed');

/** A click, confirmed only where a click may confirm (an action whose rule asks to confirm). */
const clicks = fc
  .record({ action: actions, workspaceId: workspaceIds, confirmed: fc.boolean() })
  .map(({ action, workspaceId, confirmed }): Extract<CardIntent, { kind: 'click' }> => {
    const may = action !== 'status' && ACTION_RULES[action].confirmation === 'confirm';
    return { kind: 'click', action, workspaceId, ...(confirmed && may ? { confirmed: true } : {}) };
  });

/** What Teams sends for a button: Execute's invoke value, or the Submit's message value, inputs merged in. */
function sentBy(kind: 'execute' | 'submit', request: CardActionRequest, inputs: Record<string, unknown> = {}) {
  const { verb, data } = cardAction(request);
  const merged = { ...data, ...inputs };
  return kind === 'execute' ? { action: { type: 'Action.Execute', verb, data: merged } } : merged;
}

const read = (value: unknown) => decodeCardAction(cardActionData(value));

describe.each(['execute', 'submit'] as const)('a button sent by %s', (kind) => {
  it('reads back as the click it was made for', () => {
    fc.assert(fc.property(clicks, (click) => expect(read(sentBy(kind, click))).toEqual(click)));
  });

  it('reads back as the fleet page it goes to', () => {
    fc.assert(
      fc.property(cursors, (cursor) =>
        expect(read(sentBy(kind, { kind: 'fleet-page', cursor }))).toEqual({ kind: 'fleet-page', cursor }),
      ),
    );
  });

  it('reads the chooser’s pick, from its input, as a plain click for the chooser’s action', () => {
    fc.assert(
      fc.property(actions, workspaceIds, (action, workspaceId) =>
        expect(read(sentBy(kind, { kind: 'choose', action }, { [CHOSEN_INPUT_ID]: workspaceId }))).toEqual({
          kind: 'click',
          action,
          workspaceId,
        }),
      ),
    );
  });

  it('reads what was typed in the WorkSpace’s own box, as typed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...typedActions), workspaceIds, fc.string(), (action, workspaceId, typed) => {
        const request = { kind: 'typed-confirmation' as const, action, workspaceId };
        // Another WorkSpace's box on the same card answers for nothing.
        const inputs = { [typedInputId(workspaceId)]: typed, [typedInputId('ws-other')]: workspaceId };
        expect(read(sentBy(kind, request, inputs))).toEqual({
          ...request,
          typed: typed.slice(0, CARD_LIMITS.typedChars),
        });
      }),
    );
  });
});

describe('cardAction', () => {
  it('names each kind by its verb and marks the data with the format’s version', () => {
    const click = cardAction({ kind: 'click', action: 'reboot', workspaceId: 'ws-1' });
    expect(click).toEqual({
      verb: CARD_VERBS.click,
      data: { v: CARD_DATA_VERSION, k: 'click', a: 'reboot', w: 'ws-1' },
    });
    expect(cardAction({ kind: 'fleet-page', cursor: 'abc' }).verb).toBe(CARD_VERBS.page);
    expect(cardAction({ kind: 'choose', action: 'status' }).verb).toBe(CARD_VERBS.choose);
    expect(cardAction({ kind: 'typed-confirmation', action: 'terminate', workspaceId: 'ws-1' }).verb).toBe(
      CARD_VERBS.typed,
    );
  });

  it.each<[string, CardActionRequest]>([
    ['an id that is not a WorkSpace id', { kind: 'click', action: 'reboot', workspaceId: 'i-0123' }],
    ['a cursor longer than any real one', { kind: 'fleet-page', cursor: 'x'.repeat(CARD_LIMITS.cursorChars + 1) }],
    ['an empty cursor', { kind: 'fleet-page', cursor: '' }],
    [
      'a typed confirmation for an action that asks for none',
      { kind: 'typed-confirmation', action: 'reboot', workspaceId: 'ws-1' },
    ],
    ['a click that confirms terminate', { kind: 'click', action: 'terminate', workspaceId: 'ws-1', confirmed: true }],
    ['a click that confirms a status', { kind: 'click', action: 'status', workspaceId: 'ws-1', confirmed: true }],
    [
      'a click that confirms an action that asks for nothing',
      { kind: 'click', action: 'reboot', workspaceId: 'ws-1', confirmed: true },
    ],
  ])('refuses to make a button for %s', (_what, request) => {
    expect(canCarry(request)).toBe(false);
    expect(() => cardAction(request)).toThrow(RangeError);
  });
});

describe('decodeCardAction', () => {
  const good = { v: CARD_DATA_VERSION, k: 'click', a: 'rebuild', w: 'ws-abc123' };

  it('reads a WorkSpace id in any case as the lower-case id', () => {
    expect(decodeCardAction({ ...good, w: 'WS-ABC123' })).toEqual({
      kind: 'click',
      action: 'rebuild',
      workspaceId: 'ws-abc123',
    });
  });

  it('reads a confirmed click as confirmed', () => {
    expect(decodeCardAction({ ...good, ok: 1 })).toEqual({
      kind: 'click',
      action: 'rebuild',
      workspaceId: 'ws-abc123',
      confirmed: true,
    });
  });

  it('reads an empty or missing typed id as nothing typed, which confirms nothing', () => {
    const typed = { v: 1, k: 'typed', a: 'terminate', w: 'ws-1' };
    expect(decodeCardAction(typed)).toEqual({
      kind: 'typed-confirmation',
      action: 'terminate',
      workspaceId: 'ws-1',
      typed: '',
    });
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'rebuild:ws-abc123'],
    ['an array', [good]],
    ['data without a version (an older card)', { k: 'click', a: 'rebuild', w: 'ws-abc123' }],
    ['data of another version', { ...good, v: 2 }],
    ['a version as text', { ...good, v: '1' }],
    ['an unknown kind', { ...good, k: 'delete' }],
    ['an unknown action', { ...good, a: 'delete' }],
    ['an action from the prototype', { ...good, a: 'constructor' }],
    ['no action', { v: 1, k: 'click', w: 'ws-abc123' }],
    ['another resource’s id', { ...good, w: 'i-0abc123' }],
    ['an id with more after it', { ...good, w: 'ws-abc123; ws-def456' }],
    ['an id too long', { ...good, w: `ws-${'a'.repeat(64)}` }],
    ['an id as a number', { ...good, w: 42 }],
    ['confirmed as true rather than 1', { ...good, ok: true }],
    ['a confirmed terminate click', { ...good, a: 'terminate', ok: 1 }],
    ['a confirmed status click', { ...good, a: 'status', ok: 1 }],
    ['a confirmed reboot click (reboot asks for nothing)', { ...good, a: 'reboot', ok: 1 }],
    ['a typed confirmation of an action that asks for none', { v: 1, k: 'typed', a: 'rebuild', w: 'ws-1' }],
    ['a typed id that is not text', { v: 1, k: 'typed', a: 'terminate', w: 'ws-1', [typedInputId('ws-1')]: ['ws-1'] }],
    ['a chooser without a pick', { v: 1, k: 'choose', a: 'reboot' }],
    ['a chooser whose pick is not a WorkSpace id', { v: 1, k: 'choose', a: 'reboot', [CHOSEN_INPUT_ID]: '../ws-1' }],
    ['a cursor too long', { v: 1, k: 'page', c: 'x'.repeat(CARD_LIMITS.cursorChars + 1) }],
    ['a cursor with spaces', { v: 1, k: 'page', c: 'a b' }],
    ['a cursor that is not text', { v: 1, k: 'page', c: { d: 'n' } }],
    ['an invoke whose data is missing', { action: { type: 'Action.Execute', verb: CARD_VERBS.click } }],
  ])('reads %s as nothing', (_what, value) => {
    expect(decodeCardAction(cardActionData(value))).toBeUndefined();
  });

  it('never reads anything but a known action on a real-looking WorkSpace id, or a bounded cursor', () => {
    const tampered = fc.record(
      {
        v: fc.oneof(fc.constant(1), fc.anything()),
        k: fc.oneof(fc.constantFrom('click', 'typed', 'choose', 'page'), fc.anything()),
        a: fc.oneof(actions, fc.string(), fc.anything()),
        w: fc.oneof(workspaceIds, fc.string(), fc.anything()),
        ok: fc.oneof(fc.constant(1), fc.anything()),
        c: fc.oneof(cursors, fc.string(), fc.anything()),
        [CHOSEN_INPUT_ID]: fc.oneof(workspaceIds, fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(tampered, fc.anything()), (value) => {
        const intent = decodeCardAction(value);
        if (intent === undefined) return;
        if (intent.kind === 'fleet-page') {
          expect(intent.cursor.length).toBeLessThanOrEqual(CARD_LIMITS.cursorChars);
          return;
        }
        // The generator writes no `i`: a schedule intent can only come from an encoded one.
        expect(intent.kind).not.toBe('intent');
        if (intent.kind === 'intent') return;
        expect(isWorkspaceId(intent.workspaceId)).toBe(true);
        expect(isAction(intent.action) || intent.action === 'status').toBe(true);
        if (intent.kind === 'click' && intent.confirmed) {
          expect(intent.action !== 'status' && ACTION_RULES[intent.action].confirmation === 'confirm').toBe(true);
        }
        if (intent.kind === 'typed-confirmation') {
          expect(ACTION_RULES[intent.action].confirmation).toBe('typed');
          expect(typeof intent.typed).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('cardDataVersion', () => {
  it('tells an older card’s data from data that is no card’s', () => {
    expect(cardDataVersion(cardAction({ kind: 'fleet-page', cursor: 'abc' }).data)).toBe(CARD_DATA_VERSION);
    expect(cardDataVersion({ v: 0, k: 'click' })).toBe(0);
    expect(cardDataVersion({ k: 'click' })).toBeUndefined();
    expect(cardDataVersion('click')).toBeUndefined();
  });
});
