/**
 * A view's control rows (a schedule's Confirm and Don't schedule, a pending schedule and its Cancel) as Block Kit,
 * under the sections the renderer lays out: a row with words is a section with its button beside it, a row of
 * buttons alone is an actions block. Every button carries its intent (bot/chat/intent-buttons.ts) under
 * SCHEDULE_BUTTON, within the message's 50 blocks.
 */
import type { Button, KnownBlock } from '@slack/web-api';
import { encodeIntent } from '../chat/intent-buttons';
import type { IntentButton, MessageView } from '../views/model';
import { BLOCK_LIMITS, mrkdwnSection } from './blocks/limits';
import { mrkdwnText } from './blocks/mrkdwn';
import { elementActionId, SCHEDULE_BUTTON } from './ids';
import { plain } from './render/elements';
import { type RenderedMessage, renderMessage } from './render/message';
import { DEFAULT_RENDER_OPTIONS } from './render/sections';

function button(control: IntentButton, key: string): Button | undefined {
  const value = encodeIntent(control.intent);
  if (value.length > BLOCK_LIMITS.buttonValue) return undefined;
  return {
    type: 'button',
    action_id: elementActionId(SCHEDULE_BUTTON, key),
    text: plain(control.label, BLOCK_LIMITS.buttonText),
    value,
    ...(control.style ? { style: control.style } : {}),
  };
}

/** The message with its control rows under it, as many as the block budget leaves room for. */
export function renderWithControls(view: MessageView): RenderedMessage {
  const rendered = renderMessage(view);
  const rows = view.controls ?? [];
  if (rows.length === 0) return rendered;
  const room = BLOCK_LIMITS.blocksPerMessage - rendered.blocks.length;
  const blocks: KnownBlock[] = [];
  for (const [i, row] of rows.slice(0, Math.max(0, room)).entries()) {
    const buttons = row.buttons.map((b, j) => button(b, `${i}.${j}`)).filter((b): b is Button => b !== undefined);
    if (row.text !== undefined && buttons.length === 1) {
      blocks.push({
        ...mrkdwnSection(mrkdwnText(row.text, DEFAULT_RENDER_OPTIONS.commandPrefix)),
        accessory: buttons[0]!,
      });
      continue;
    }
    if (row.text !== undefined) blocks.push(mrkdwnSection(mrkdwnText(row.text, DEFAULT_RENDER_OPTIONS.commandPrefix)));
    if (buttons.length > 0)
      blocks.push({ type: 'actions', elements: buttons.slice(0, BLOCK_LIMITS.elementsPerActions) });
  }
  return { text: rendered.text, blocks: [...rendered.blocks, ...blocks].slice(0, BLOCK_LIMITS.blocksPerMessage) };
}
