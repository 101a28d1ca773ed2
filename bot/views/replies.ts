/** Answers to what the bot could not take: an unknown command, a known one misused, a plain refusal. */
import { type CommandName, usageOf } from '../commands/catalog';
import type { MessageView, Section } from './model';

/** "I don't know “rebot”. Did you mean “reboot ws-1”?", followed by the help this person would get. */
export function unknownCommand(
  command: { word: string; suggestions: readonly string[] },
  help: MessageView,
): MessageView {
  const quoted = command.suggestions.map((suggestion) => `“${suggestion}”`);
  const guess =
    quoted.length === 0
      ? ''
      : ` Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?`;
  const text = `I don't know “${command.word}”.${guess}`;
  // The help's own header would say "WorkSpaces bot" under a reply that already started; keep its substance.
  const helpSections = help.sections.filter((section) => section.type !== 'header');
  return { text, sections: [{ type: 'notice', tone: 'warning', text }, ...helpSections], private: true };
}

/** A known command with arguments it cannot take: what is wrong, and how it is used. */
export function invalidCommand(command: CommandName, problem: string, admin: boolean): MessageView {
  const usage: Section = {
    type: 'commands',
    title: 'Usage',
    commands: [{ usage: usageOf(command, admin), description: '' }],
  };
  return { text: problem, sections: [{ type: 'notice', tone: 'warning', text: problem }, usage], private: true };
}

/** A one-line answer: a refusal, a confirmation, an apology. */
export function notice(tone: 'info' | 'success' | 'warning' | 'error', text: string): MessageView {
  return {
    text,
    sections: [{ type: 'notice', tone, text }],
    private: true,
  };
}
