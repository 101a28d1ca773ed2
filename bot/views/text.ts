/**
 * Texts with commands in them. A view names a command as data (`cmd('status')`); each renderer writes it the way its
 * platform types it (Slack `/workspace status`, Teams `status`), so no view hard-codes a platform's prefix.
 */
import type { CodeSpan, CommandSpan, Span, StrongSpan, Text, TimeSpan } from './model';
import { utcTime } from './time';

/** A command to type, by its usage words: `cmd('status')`, `cmd('fleet state:error')`. */
export function cmd(command: string): CommandSpan {
  return { command };
}

/** A time in a text: `words('failing since ', at(iso))`. */
export function at(iso: string): TimeSpan {
  return { at: iso };
}

/** An identifier in a text: `words('Removed ', id('ws-1'))`. */
export function id(code: string): CodeSpan {
  return { code };
}

export function strong(words: string): StrongSpan {
  return { strong: words };
}

/** Words and commands in order: `words('Ask with ', cmd('status'), '.')`. */
export function words(...spans: Span[]): Span[] {
  return spans;
}

export function spansOf(text: Text): readonly Span[] {
  return typeof text === 'string' ? [text] : text;
}

export interface SpanWriters {
  /** Plain words (a renderer escapes them for its markup). */
  words?: (words: string) => string;
  command: (words: string) => string;
  time?: (iso: string) => string;
  code?: (code: string) => string;
  strong?: (words: string) => string;
}

/** The text as one string, each span written by the renderer's writers (commands with the platform's prefix). */
export function flatText(text: Text, write: SpanWriters): string {
  return spansOf(text)
    .map((span) =>
      typeof span === 'string'
        ? (write.words ?? String)(span)
        : 'command' in span
          ? write.command(span.command)
          : 'at' in span
            ? (write.time ?? utcTime)(span.at)
            : 'code' in span
              ? (write.code ?? write.words ?? String)(span.code)
              : (write.strong ?? write.words ?? String)(span.strong),
    )
    .join('');
}

/** The text as plain words, commands as their bare words and times in UTC: for tests and logs. */
export function bareText(text: Text): string {
  return flatText(text, { command: (words) => words });
}

export function isBlank(text: Text | undefined): boolean {
  return text === undefined || bareText(text).trim() === '';
}
