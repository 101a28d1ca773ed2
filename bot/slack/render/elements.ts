/**
 * Block Kit elements from view-model parts: texts, confirmation dialogs, buttons and menu options, each kept within
 * its limit. Limits not in bot/slack/blocks/limits.ts (confirm dialogs, view buttons, URLs) are here until they move
 * there.
 */
import type {
  Button,
  ConfirmationDialog,
  MrkdwnElement,
  Overflow,
  PlainTextElement,
  PlainTextOption,
} from '@slack/web-api';
import type { ActionControl, ConfirmSpec } from '../../views/model';
import { BLOCK_LIMITS, nonBlank, truncateText } from '../blocks/limits';
import { elementActionId, encodeActionValue } from '../ids';

/** Slack's limits for parts the shared table does not list yet. */
export const ELEMENT_LIMITS = {
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** A modal's title is in SLACK_LIMITS.viewTitle; its submit and close buttons have the same limit. */
  viewButton: 24,
  placeholder: 150,
  url: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  /** Slack's overflow menu takes 2 to 5 options; one option is shown as a button instead. */
  overflowMinOptions: 2,
} as const;

/** Plain text never too long; empty text is refused (nonBlank), since Slack refuses it. */
export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncateText(nonBlank(text, 'plain_text').trim(), max) };
}

export function mrkdwn(text: string, max: number = BLOCK_LIMITS.text): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateText(nonBlank(text, 'mrkdwn').trim(), max) };
}

export function confirmDialog(spec: ConfirmSpec): ConfirmationDialog {
  return {
    title: plain(spec.title, ELEMENT_LIMITS.confirmTitle),
    text: plain(spec.text, ELEMENT_LIMITS.confirmText),
    confirm: plain(spec.confirmLabel, ELEMENT_LIMITS.confirmButton),
    deny: plain(spec.denyLabel, ELEMENT_LIMITS.confirmButton),
    style: 'danger',
  };
}

/**
 * An overflow option cannot carry a dialog of its own, so an action that asks first with a dialog is only ever a
 * button. Terminate may sit in a menu: its confirmation is the modal the listener opens.
 */
export function fitsInMenu(control: ActionControl): boolean {
  return (!control.confirm || control.confirm.typed) && actionValue(control).length <= BLOCK_LIMITS.optionValue;
}

function actionValue(control: ActionControl): string {
  return encodeActionValue(control.action, control.workspaceId);
}

/** The button for an action, or undefined if its value cannot be carried (an id longer than any AWS id). */
export function actionButton(control: ActionControl, kind: string, key: string): Button | undefined {
  const value = actionValue(control);
  if (value.length > BLOCK_LIMITS.buttonValue) return undefined;
  return {
    type: 'button',
    action_id: elementActionId(kind, key),
    text: plain(control.label, BLOCK_LIMITS.buttonText),
    value,
    ...(control.style ? { style: control.style } : {}),
    // Terminate's confirmation is the modal in which the id is typed, not a dialog.
    ...(control.confirm && !control.confirm.typed ? { confirm: confirmDialog(control.confirm) } : {}),
  };
}

/** A menu entry; "Terminate…" says that another step follows. */
export function actionOption(control: ActionControl): PlainTextOption {
  return {
    text: plain(control.confirm?.typed ? `${control.label}…` : control.label, BLOCK_LIMITS.optionText),
    value: actionValue(control),
  };
}

export function overflowMenu(actionId: string, options: PlainTextOption[]): Overflow {
  return { type: 'overflow', action_id: actionId, options: options.slice(0, BLOCK_LIMITS.overflowOptions) };
}
