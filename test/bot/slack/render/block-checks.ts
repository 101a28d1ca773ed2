/**
 * Checks for rendered Block Kit beyond the local stand-in's: what Slack also refuses (two elements of one block
 * sharing an action_id, an overflow with fewer than 2 or more than 5 options, oversize confirm dialogs) and the
 * design's 75-character option values. Limits are restated from Slack's documentation on purpose.
 */
import type { KnownBlock } from '@slack/web-api';
import { messageBlockProblems, viewProblems } from '../../../../local/slack-api';

type Json = Record<string, unknown>;

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  text: 3000,
  optionValue: 75,
  overflowMin: 2,
  overflowMax: 5,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  url: 3000,
  /** All the text of one message's blocks: past about this Slack answers msg_blocks_too_long. */
  blocksText: 12_000,
};

/** Every interactive element: those of actions blocks, section accessories and input elements, with their block. */
export function elements(blocks: readonly KnownBlock[]): { block: number; element: Json }[] {
  return blocks.flatMap((raw, block) => {
    const b = raw as unknown as Json;
    const found: Json[] = [];
    if (b.type === 'actions') found.push(...((b.elements as Json[]) ?? []));
    if (b.type === 'section' && b.accessory) found.push(b.accessory as Json);
    if (b.type === 'input' && b.element) found.push(b.element as Json);
    return found.map((element) => ({ block, element }));
  });
}

/** Every text a reader sees, block by block (headers, sections, fields, contexts). */
export function texts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((raw) => {
    const b = raw as unknown as Json;
    const out: string[] = [];
    const text = b.text as Json | undefined;
    if (text && typeof text.text === 'string') out.push(text.text);
    for (const field of (b.fields as Json[] | undefined) ?? []) out.push(String(field.text));
    if (b.type === 'context') for (const e of (b.elements as Json[]) ?? []) out.push(String(e.text));
    return out;
  });
}

function extraProblems(blocks: readonly KnownBlock[]): string[] {
  const problems: string[] = [];
  const byBlock = new Map<number, string[]>();
  for (const { block, element } of elements(blocks)) {
    const id = element.action_id as string | undefined;
    if (id !== undefined) {
      const ids = byBlock.get(block) ?? [];
      if (ids.includes(id)) problems.push(`block ${block}: action_id ${id} used twice`);
      byBlock.set(block, [...ids, id]);
    }
    const options = (element.options as Json[] | undefined) ?? [];
    if (element.type === 'overflow' && (options.length < LIMITS.overflowMin || options.length > LIMITS.overflowMax)) {
      problems.push(`block ${block}: overflow with ${options.length} options`);
    }
    for (const option of options) {
      if (String(option.value).length > LIMITS.optionValue) problems.push(`block ${block}: option value too long`);
    }
    if (typeof element.url === 'string' && element.url.length > LIMITS.url)
      problems.push(`block ${block}: url too long`);
    const confirm = element.confirm as Json | undefined;
    if (confirm) {
      const t = (key: string) => String((confirm[key] as Json | undefined)?.text ?? '');
      if (!t('title') || t('title').length > LIMITS.confirmTitle) problems.push(`block ${block}: confirm title`);
      if (!t('text') || t('text').length > LIMITS.confirmText) problems.push(`block ${block}: confirm text`);
      for (const key of ['confirm', 'deny']) {
        if (!t(key) || t(key).length > LIMITS.confirmButton) problems.push(`block ${block}: confirm ${key}`);
      }
    }
  }
  return problems;
}

/** All the characters of every text in some blocks, counted independently of the renderer's own count. */
function textCharacters(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textCharacters(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  return Object.entries(value).reduce(
    (sum, [key, inner]) => sum + (key === 'text' && typeof inner === 'string' ? inner.length : textCharacters(inner)),
    0,
  );
}

/** What Slack would refuse in a message's blocks; empty when it would take them. */
export function messageProblems(blocks: readonly KnownBlock[]): string[] {
  const chars = textCharacters(blocks);
  return [
    ...messageBlockProblems(blocks),
    ...extraProblems(blocks),
    ...(chars > LIMITS.blocksText ? [`${chars} characters of text: msg_blocks_too_long`] : []),
  ];
}

/** What Slack would refuse in a modal or home tab. */
export function surfaceProblems(view: { blocks: unknown[] }): string[] {
  return [...viewProblems(view), ...extraProblems(view.blocks as KnownBlock[])];
}
