/**
 * The Adaptive Cards in what the bot sent the Connector API, read as a person sees them: every text, every button and
 * its data. For the tests' assertions and the benchmark's checks, one reading of the card JSON for both.
 */
import type { ConnectorCall } from './recorder';

export interface Card {
  call: ConnectorCall;
  /** The Adaptive Card's JSON. */
  content: Record<string, unknown>;
  /** Every text the card shows (TextBlocks, facts, button titles), in order, for assertions on what a person reads. */
  text: string;
  /** Every button's data, Execute or Submit, with its title. */
  buttons: { title: string; verb?: string; data: Record<string, unknown> }[];
  /** The id of the message the card is (for an update, the message updated). */
  activityId: string | undefined;
  conversationId: string | undefined;
}

/** The Adaptive Cards a send, reply or update carried, in order. */
export function cardsOf(call: ConnectorCall): Card[] {
  const body = call.body as { attachments?: { contentType?: string; content?: Record<string, unknown> }[] } | undefined;
  return (body?.attachments ?? [])
    .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive' && attachment.content)
    .map((attachment) => {
      const content = attachment.content!;
      return {
        call,
        content,
        text: textsOf(content).join('\n'),
        buttons: buttonsOf(content),
        activityId: call.activityId,
        conversationId: call.conversationId,
      };
    });
}

function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own: string[] = [];
  if (record.type === 'TextBlock' && typeof record.text === 'string') own.push(record.text);
  if (record.type === 'FactSet' && Array.isArray(record.facts)) {
    for (const fact of record.facts as { title?: string; value?: string }[]) own.push(`${fact.title}: ${fact.value}`);
  }
  if (typeof record.title === 'string' && String(record.type).startsWith('Action.')) own.push(`[${record.title}]`);
  const children = Object.entries(record)
    .filter(([key]) => key !== 'fallback' && key !== 'data')
    .flatMap(([, value]) => textsOf(value));
  return [...own, ...children];
}

function buttonsOf(node: unknown): Card['buttons'] {
  if (Array.isArray(node)) return node.flatMap(buttonsOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own: Card['buttons'] =
    (record.type === 'Action.Execute' || record.type === 'Action.Submit') && typeof record.title === 'string'
      ? [
          {
            title: record.title,
            ...(typeof record.verb === 'string' ? { verb: record.verb } : {}),
            data: (record.data ?? {}) as Record<string, unknown>,
          },
        ]
      : [];
  const children = Object.entries(record)
    .filter(([key]) => key !== 'fallback')
    .flatMap(([, value]) => buttonsOf(value));
  return [...own, ...children];
}
