/**
 * A person's own WorkSpaces: the list, one WorkSpace's status, the chooser when a command fits several, and the
 * question asked before a destructive command. Every one is private: it is about one person's desktops.
 */
import { type Actor, decide, type RoleActions } from '../../core/policy';
import { ACTION_RULES, type Action } from '../../core/rules';
import { label, type WorkspaceRecord } from '../../core/workspace';
import type { MessageView, Section } from './model';
import { cmd, words } from './text';
import { durationWords, minutesSince } from './time';
import { counted } from './words';
import { actionLabel, confirmSpec, workspaceLabel, workspaceView } from './workspace';

/** A person with more than this many WorkSpaces is shown these and told how to name the rest. */
export const MAX_LISTED_WORKSPACES = 10;

export interface MineInput {
  actor: Actor;
  roleActions: RoleActions;
  now: Date;
  /** How often the scanner refreshes the cache; older data is labelled as possibly out of date. */
  scanIntervalMinutes: number;
}

function byId(a: WorkspaceRecord, b: WorkspaceRecord): number {
  return a.workspaceId.localeCompare(b.workspaceId);
}

/** A note when what is shown may be out of date: older than one scan interval. */
function staleNotice(records: readonly WorkspaceRecord[], now: Date, scanIntervalMinutes: number): Section | undefined {
  const oldest = Math.max(0, ...records.map((record) => minutesSince(record.observedAt, now)));
  if (oldest <= scanIntervalMinutes) return undefined;
  return {
    type: 'notice',
    tone: 'info',
    text: `Some of this was last checked ${durationWords(oldest * 60_000)} ago, so a state may have changed since. Every action checks the live state first.`,
  };
}

/** My WorkSpaces, each with the actions valid now. */
export function list(records: readonly WorkspaceRecord[], input: MineInput): MessageView {
  if (records.length === 0) return noWorkspaces(input.scanIntervalMinutes);
  const sorted = [...records].sort(byId);
  const shown = sorted.slice(0, MAX_LISTED_WORKSPACES);
  const sections: Section[] = [{ type: 'header', text: 'Your WorkSpaces' }];
  const stale = staleNotice(shown, input.now, input.scanIntervalMinutes);
  if (stale) sections.push(stale);
  for (const record of shown) {
    sections.push({
      type: 'workspace',
      workspace: workspaceView(record, input.actor, input.roleActions, input.now),
    });
  }
  const hidden = sorted.length - shown.length;
  if (hidden > 0) {
    sections.push({
      type: 'context',
      text: words(`…and ${hidden} more. Ask for one by its id with `, cmd('status <id>'), '.'),
    });
  }
  const summary = sorted.map((record) => `${record.workspaceId} (${label(record.state)})`);
  const count = `${sorted.length} WorkSpace${sorted.length === 1 ? '' : 's'}`;
  return { text: `You have ${count}: ${summaryLine(summary)}.`, sections, private: true };
}

/** The first few names and how many more: a notification shows a line or two. */
function summaryLine(names: string[], few = 5): string {
  const rest = names.length - few;
  return rest > 0 ? `${names.slice(0, few).join(', ')} and ${rest} more` : names.join(', ');
}

/** The empty state of the list and of any command that needs one of my WorkSpaces. */
export function noWorkspaces(scanIntervalMinutes: number, ownerName?: string): MessageView {
  const text = ownerName
    ? `${ownerName} has no WorkSpaces that the bot knows of.`
    : 'You have no WorkSpaces that the bot knows of.';
  return {
    text,
    sections: [
      {
        type: 'notice',
        tone: 'info',
        text,
        detail: `A WorkSpace created a moment ago shows up after the next scan, within ${durationWords(scanIntervalMinutes * 60_000)}.`,
      },
    ],
    private: true,
  };
}

export interface NotFoundOptions {
  /**
   * The person's own WorkSpaces whose ids are close to what was typed (the caller picks them among the person's
   * own, never among others'), offered to pick from for `action` (default: their status).
   */
  suggestions?: readonly WorkspaceRecord[];
  action?: Action | 'status';
}

/**
 * A WorkSpace id that names nothing this person may see; it says no more, so it cannot confirm what exists. With
 * suggestions (close matches among the person's own WorkSpaces), it offers them to pick from.
 */
export function workspaceNotFound(workspaceId: string, options: NotFoundOptions = {}): MessageView {
  const text = `I don't know a WorkSpace ${workspaceId} among those you can see.`;
  const suggestions = options.suggestions ?? [];
  if (suggestions.length === 0) return { text, sections: [{ type: 'notice', tone: 'warning', text }], private: true };
  const action = options.action ?? 'status';
  const mean = suggestions.length === 1 ? 'Did you mean this one of yours?' : 'Did you mean one of yours?';
  const pick = chooser({ action, records: suggestions });
  return {
    text: `${text} ${mean}`,
    sections: [
      { type: 'notice', tone: 'warning', text },
      ...pick.sections.map((section) => (section.type === 'chooser' ? { ...section, prompt: mean } : section)),
    ],
    private: true,
  };
}

/** One WorkSpace in full, with the actions valid now. */
export function status(record: WorkspaceRecord, input: MineInput): MessageView {
  const view = workspaceView(record, input.actor, input.roleActions, input.now);
  const sections: Section[] = [];
  const stale = staleNotice([record], input.now, input.scanIntervalMinutes);
  if (stale) sections.push(stale);
  sections.push({ type: 'workspace', workspace: view });
  return {
    text: `${record.workspaceId} is ${view.stateLabel} (${record.region}).`,
    sections,
    private: true,
  };
}

export interface ChooserInput {
  action: Action | 'status';
  records: readonly WorkspaceRecord[];
  /** Set when an admin named someone else: "Which of alice's WorkSpaces...". */
  ownerName?: string;
}

/** "Which WorkSpace do you want to reboot?", when a command fits several. */
export function chooser({ action, records, ownerName }: ChooserInput): MessageView {
  const whose = ownerName ? `of ${ownerName}'s WorkSpaces` : 'WorkSpace';
  const what = action === 'status' ? 'see' : ACTION_RULES[action].verb;
  const prompt = `Which ${whose} do you want to ${what}?`;
  const confirm =
    action === 'status' || ACTION_RULES[action].confirmation !== 'confirm' ? undefined : confirmSpec(action);
  return {
    text: prompt,
    sections: [
      {
        type: 'chooser',
        prompt,
        action,
        options: [...records].sort(byId).map((record) => ({
          workspaceId: record.workspaceId,
          label: workspaceLabel(record),
        })),
        ...(confirm ? { confirm } : {}),
        placeholder: 'Choose a WorkSpace',
        byIdText: 'Name the WorkSpace by its id.',
        moreText: (hidden) => `…and ${counted(hidden, 'more WorkSpace')} not in this menu: name one by its id.`,
      },
    ],
    private: true,
  };
}

/**
 * Asked before a destructive command on one WorkSpace (`/workspace rebuild`): what will be lost, and the one button
 * that does it, behind its own confirmation. If the action is not possible now, the reason instead.
 */
export function confirmRequest(record: WorkspaceRecord, action: Action, input: MineInput): MessageView {
  const decision = decide(input.actor, record, action, input.roleActions, input.now);
  if (!decision.allowed) {
    return {
      text: decision.reason,
      sections: [{ type: 'notice', tone: 'warning', text: decision.reason }],
      private: true,
    };
  }
  const view = workspaceView(record, input.actor, input.roleActions, input.now);
  const question = `${actionLabel(action)} ${record.workspaceId}?`;
  return {
    text: question,
    sections: [
      {
        type: 'notice',
        tone: 'warning',
        text: question,
        detail: ACTION_RULES[action].loses ?? 'This cannot be undone.',
      },
      {
        type: 'workspace',
        workspace: { ...view, actions: view.actions.filter((control) => control.action === action) },
        // Leaves the WorkSpace as it is: the message turns into its status, with nothing done.
        cancel: { label: 'Cancel' },
      },
    ],
    private: true,
  };
}
