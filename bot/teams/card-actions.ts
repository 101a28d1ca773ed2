/**
 * The data every Teams card button carries, and its decoding: the one place for the format, so the renderer that
 * writes it and the conversation glue that reads it cannot disagree. A click's data is as untrusted as typed text:
 * decodeCardAction reads one real-looking WorkSpace id and one known action, or nothing.
 *
 * Buttons are `Action.Execute` (Universal Actions: Teams sends an `adaptiveCard/action` invoke with
 * `value.action.verb` and `value.action.data`) with an `Action.Submit` fallback (a message whose `value` is the
 * data). Either way the card's input values are merged into the data under their ids, which is how the typed id and
 * the chooser's pick arrive.
 */

import { ACTION_RULES, type Action, isAction } from '../../core/rules';
import { isWorkspaceId } from '../../core/workspace';
import { decodeIntent, encodeIntent } from '../chat/intent-buttons';
import type { ScheduleIntent } from '../chat/port';
import { CARD_LIMITS } from './render/limits';

/**
 * The version of the data format. Data without it, or with another number, is an older (or a forged) card's:
 * decodeCardAction reads nothing from it, and cardDataVersion tells the glue which it was.
 */
export const CARD_DATA_VERSION = 1;

/** The verbs of Action.Execute, one per kind of button; the data says the same, so a Submit fallback is read alike. */
export const CARD_VERBS = {
  /** An action on one WorkSpace, or its status (`status`), e.g. the Cancel of a question. */
  click: 'workspaceAction',
  /** Terminate (any action whose rule asks for the id typed): the id is in the input typedInputId(workspaceId). */
  typed: 'typedConfirmation',
  /** The chooser's button: the WorkSpace is the value of the input CHOSEN_INPUT_ID. */
  choose: 'chooseWorkspace',
  /** Fleet paging. */
  page: 'fleetPage',
  /** A schedule's Confirm, Don't schedule or Cancel: the intent as bot/chat/intent-buttons.ts writes it. */
  intent: 'scheduleIntent',
} as const;

/** The chooser's Input.ChoiceSet; its value (a WorkSpace id) arrives in the data under this key. */
export const CHOSEN_INPUT_ID = 'chosen';

/**
 * The Input.Text in which the id is typed to confirm. One per WorkSpace, so two of them on one card (a list of an
 * admin's WorkSpaces) neither share an id nor answer for each other.
 */
export function typedInputId(workspaceId: string): string {
  return `typed-${workspaceId}`;
}

/** What a person meant by a click, once read. */
export type CardIntent =
  /** `confirmed`: clicked on the question asked before a destructive action, so it is the confirmation. */
  | { kind: 'click'; action: Action | 'status'; workspaceId: string; confirmed?: boolean }
  | { kind: 'fleet-page'; cursor: string }
  /** `typed`: what the person typed in the box, as typed (compare it with typedConfirmationMatches). */
  | { kind: 'typed-confirmation'; action: Action; workspaceId: string; typed: string }
  | { kind: 'intent'; intent: ScheduleIntent };

/** What a button is made to ask: an intent, or for the chooser, the action to ask once a WorkSpace is picked. */
export type CardActionRequest =
  | Extract<CardIntent, { kind: 'click' | 'fleet-page' }>
  | { kind: 'typed-confirmation'; action: Action; workspaceId: string }
  | { kind: 'choose'; action: Action | 'status' }
  | { kind: 'intent'; intent: ScheduleIntent };

/**
 * The data on the wire. Short keys, since a fleet page carries dozens of buttons, each twice (Execute and its
 * fallback), within Teams' 28 KB: `v` version, `k` kind, `a` action, `w` WorkSpace id, `ok` confirmed, `c` cursor.
 */
export interface CardActionData {
  v: typeof CARD_DATA_VERSION;
  k: 'click' | 'typed' | 'choose' | 'page' | 'intent';
  a?: Action | 'status';
  w?: string;
  ok?: 1;
  c?: string;
  /** A schedule button's intent, encoded (encodeIntent). */
  i?: string;
}

export interface CardActionPayload {
  verb: (typeof CARD_VERBS)[keyof typeof CARD_VERBS];
  data: CardActionData;
}

/**
 * The verb and data for a button. Throws for what decodeCardAction would refuse to read back, so the renderer never
 * draws a button that cannot work.
 */
export function cardAction(request: CardActionRequest): CardActionPayload {
  const payload = payloadOf(request);
  if (!readable(payload.data)) throw new RangeError(`A card action cannot carry ${JSON.stringify(request)}.`);
  return payload;
}

/** Whether a button for `request` can be drawn (its values would decode); the renderer leaves out one that cannot. */
export function canCarry(request: CardActionRequest): boolean {
  return readable(payloadOf(request).data);
}

function payloadOf(request: CardActionRequest): CardActionPayload {
  const v = CARD_DATA_VERSION;
  switch (request.kind) {
    case 'click':
      return {
        verb: CARD_VERBS.click,
        data: { v, k: 'click', a: request.action, w: request.workspaceId, ...(request.confirmed ? { ok: 1 } : {}) },
      };
    case 'typed-confirmation':
      return { verb: CARD_VERBS.typed, data: { v, k: 'typed', a: request.action, w: request.workspaceId } };
    case 'choose':
      return { verb: CARD_VERBS.choose, data: { v, k: 'choose', a: request.action } };
    case 'fleet-page':
      return { verb: CARD_VERBS.page, data: { v, k: 'page', c: request.cursor } };
    case 'intent':
      return { verb: CARD_VERBS.intent, data: { v, k: 'intent', i: encodeIntent(request.intent) } };
  }
}

/** Whether the data, with the inputs a person would fill in, decodes. */
function readable(data: CardActionData): boolean {
  const filled: Record<string, unknown> = { ...data };
  if (data.k === 'choose') filled[CHOSEN_INPUT_ID] = 'ws-0';
  if (data.k === 'typed' && typeof data.w === 'string') filled[typedInputId(data.w)] = '';
  return decodeCardAction(filled) !== undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The version of a card's data: undefined for data that is not a card's, another number for an older card. */
export function cardDataVersion(value: unknown): number | undefined {
  if (!isRecord(value)) return undefined;
  return typeof value.v === 'number' && Number.isInteger(value.v) ? value.v : undefined;
}

/** A cursor is opaque, but printable, without spaces, and of bounded length. */
function isCursor(value: unknown): value is string {
  return typeof value === 'string' && value.length <= CARD_LIMITS.cursorChars && /^[\x21-\x7e]+$/.test(value);
}

function asWorkspaceId(value: unknown): string | undefined {
  return isWorkspaceId(value) ? value.toLowerCase() : undefined;
}

/**
 * What a click asks, from its data (`activity.value` of a Submit, `activity.value.action.data` of an Execute
 * invoke; cardActionData finds it in either), or undefined for anything unreadable: another version, an unknown
 * kind or action, an id that is not a WorkSpace id, a cursor too long. Only a click on an action whose rule asks to
 * confirm may say it is confirmed; one whose rule asks for the id typed is confirmed only by a typed confirmation.
 */
export function decodeCardAction(value: unknown): CardIntent | undefined {
  if (!isRecord(value) || value.v !== CARD_DATA_VERSION) return undefined;
  switch (value.k) {
    case 'click': {
      const workspaceId = asWorkspaceId(value.w);
      const action = value.a;
      if (!workspaceId || !(isAction(action) || action === 'status')) return undefined;
      if (value.ok !== undefined && value.ok !== 1) return undefined;
      const confirmed = value.ok === 1;
      // Only a destructive action's question confirms; a confirmation on anything else was not written by the bot.
      if (confirmed && (action === 'status' || ACTION_RULES[action].confirmation !== 'confirm')) return undefined;
      return { kind: 'click', action, workspaceId, ...(confirmed ? { confirmed } : {}) };
    }
    case 'choose': {
      // The pick is whatever the person chose; it is checked like any id, and the glue checks the person may see it.
      const workspaceId = asWorkspaceId(value[CHOSEN_INPUT_ID]);
      const action = value.a;
      if (!workspaceId || !(isAction(action) || action === 'status')) return undefined;
      return { kind: 'click', action, workspaceId };
    }
    case 'typed': {
      const action = value.a;
      if (!isAction(action) || ACTION_RULES[action].confirmation !== 'typed' || !isWorkspaceId(value.w)) {
        return undefined;
      }
      // The input's id is the WorkSpace id as the card wrote it; the glue compares the typed text with it exactly.
      const typed = value[typedInputId(value.w)];
      if (typed !== undefined && typeof typed !== 'string') return undefined;
      return {
        kind: 'typed-confirmation',
        action,
        workspaceId: value.w.toLowerCase(),
        typed: (typed ?? '').slice(0, CARD_LIMITS.typedChars),
      };
    }
    case 'page':
      return isCursor(value.c) ? { kind: 'fleet-page', cursor: value.c } : undefined;
    case 'intent': {
      const intent = typeof value.i === 'string' ? decodeIntent(value.i) : undefined;
      return intent ? { kind: 'intent', intent } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The data of a card click from what Teams sends: an `adaptiveCard/action` invoke's value (`{ action: { type:
 * 'Action.Execute', verb, data } }`) or a Submit's message value (the data itself). Pass the result to
 * decodeCardAction.
 */
export function cardActionData(activityValue: unknown): unknown {
  if (isRecord(activityValue) && isRecord(activityValue.action) && activityValue.action.type === 'Action.Execute') {
    return activityValue.action.data;
  }
  return activityValue;
}
