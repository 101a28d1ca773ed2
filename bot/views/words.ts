/** The bot's name, where a message has nothing else to say (a fallback that would be empty). */
export const BOT_NAME = 'WorkSpaces bot';

/** Counting words, the same in every view and on every platform whatever the server's locale. */

/** 5000 -> "5,000". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 WorkSpace", "3 WorkSpaces". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * What a renderer says when it must leave something out to stay within its platform's limits. The renderer decides
 * how much fits; the words are here, so every platform says it the same way.
 */
export const LEFT_OUT = {
  /** Under text cut short. */
  lines: (hidden: number) => `…and ${counted(hidden, 'more line')} not shown here`,
  /** Under a page of rows cut short. */
  rows: (hidden: number) => `…and ${counted(hidden, 'more row')} of this page not shown here.`,
  /** The closing line of a message whose parts did not all fit. */
  parts: (workspaces: number, parts: number) => {
    const what = [
      workspaces > 0 ? counted(workspaces, 'more WorkSpace') : undefined,
      parts > 0 ? counted(parts, workspaces > 0 ? 'other part' : 'more part') : undefined,
    ].filter((w) => w !== undefined);
    const hint = workspaces > 0 ? ': ask for one WorkSpace by its id' : '';
    return `…and ${what.join(' and ')} not shown here${hint}.`;
  },
  /** A sign-in link too long to be a button. */
  signinLink: 'The sign-in link could not be shown.',
} as const;
