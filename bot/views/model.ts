/**
 * What the bot shows, independent of the chat platform. Builders in bot/views/ turn core data into these;
 * bot/slack/render/ turns them into Block Kit and (later) bot/teams/render/ into Adaptive Cards, so the
 * two platforms stay at parity without copy-paste. Texts here are plain (no platform markup); the
 * renderers decide how ids, names and times look.
 */

import type { FleetFilters } from '../../core/fleet-list';
import type { Action } from '../../core/rules';
import type { ConnectionState, RunningMode, WorkspaceState } from '../../core/workspace';
import type { ScheduleIntent } from '../chat/port';

/**
 * A command the person can type, as data: the usage words without any prefix (`status`, `link`, `fleet state:error`).
 * Each renderer writes it as its platform types it: Slack `/workspace status`, Teams `status`.
 */
export interface CommandSpan {
  command: string;
}

/** A time, which each renderer shows as its platform can (Slack: in the reader's own time zone). */
export interface TimeSpan {
  at: string;
}

/** An identifier (a WorkSpace id), which a renderer may set apart as code. */
export interface CodeSpan {
  code: string;
}

/** Words that matter most in a line ("stuck"), which a renderer may set in bold. */
export interface StrongSpan {
  strong: string;
}

/** A piece of text: plain words, a command to type, a time, an identifier or words to stress. */
export type Span = string | CommandSpan | TimeSpan | CodeSpan | StrongSpan;

/** Text in a view: plain words, or words and commands in order. Never platform markup. */
export type Text = string | readonly Span[];

/** "Last connection", by one rule for every view: connected now, the time of the last one, or none known. */
export type ConnectionView =
  | { kind: 'connected'; text: string }
  | { kind: 'last'; at: string }
  | { kind: 'none'; text: string };

/** Asking before a destructive action: a dialog, or the WorkSpace id typed into a form. */
export interface ConfirmSpec {
  title: string;
  /** What will be lost, in plain words. */
  text: string;
  confirmLabel: string;
  denyLabel: string;
  /** True when the person must type the WorkSpace id (terminate). */
  typed: boolean;
}

/** A button (or menu entry) that asks for one action on one WorkSpace. */
export interface ActionControl {
  action: Action;
  workspaceId: string;
  label: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmSpec;
}

/** One line of a WorkSpace's facts: a label and its value, as words, an identifier to show as code, or a time. */
export type Fact = { label: string; text: string; code?: boolean } | { label: string; at: string };

/** One WorkSpace as a person sees it, with the actions valid for them now. */
export interface WorkspaceView {
  workspaceId: string;
  userName: string;
  state: WorkspaceState;
  stateLabel: string;
  region: string;
  accountId: string;
  runningMode: RunningMode;
  runningModeLabel: string;
  registrationCode?: string;
  ipAddress?: string;
  computerName?: string;
  /** ISO time of the last user connection, when known. */
  lastConnection?: string;
  connectionState?: ConnectionState;
  /** What "Last connection" says, decided once (lastConnectionOf in bot/views/workspace.ts). */
  connection: ConnectionView;
  /** The facts to show, labelled, in order: state, region, registration code, running mode, IP, last connection. */
  facts: Fact[];
  /** ISO time the bot last observed it; older data is labelled as such. */
  observedAt: string;
  actions: ActionControl[];
}

/** A summary line of counts: "AVAILABLE 380", "us-east-1 120". */
export interface Count {
  label: string;
  count: number;
}

export interface FleetRow {
  workspace: WorkspaceView;
  /** Why it needs attention, when it does. */
  attention?: 'state' | 'stuck';
  /** The row's state in words: "Error", "stuck in Rebooting". */
  stateText: string;
}

export type { FleetFilters } from '../../core/fleet-list';

export interface FleetPageView {
  filters: FleetFilters;
  rows: FleetRow[];
  /** 1-based number of this page, and the cursors to the neighbouring pages (opaque strings). */
  page: number;
  next?: string;
  previous?: string;
  /** The page's title: "Fleet, page 2 of 14 · 312 WorkSpaces" (set by fleetOverview, which knows the counts). */
  title: string;
  /** What an empty page says. */
  emptyText: string;
  /** The paging buttons' labels. */
  nextLabel: string;
  previousLabel: string;
}

export type Section =
  | { type: 'header'; text: string }
  | { type: 'text'; text: Text }
  | { type: 'notice'; tone: 'info' | 'success' | 'warning' | 'error'; text: Text; detail?: Text }
  /** One WorkSpace; `cancel` is a button that leaves it as it is (the question before a destructive action). */
  | { type: 'workspace'; workspace: WorkspaceView; cancel?: { label: string } }
  /** Several WorkSpaces fit the request: pick one, then `action` is asked for it. */
  | {
      type: 'chooser';
      prompt: string;
      action: Action | 'status';
      options: { workspaceId: string; label: string }[];
      /** Asked once a WorkSpace is picked, when `action` is destructive: picking is the click that acts. */
      confirm?: ConfirmSpec;
      /** The menu's placeholder, when the options are many. */
      placeholder: string;
      /** Said when no option can be shown, or some are left out of the menu. */
      byIdText: string;
      moreText: (hidden: number) => string;
    }
  | { type: 'signin'; text: string; url: string; buttonLabel: string }
  | { type: 'commands'; title: string; commands: { usage: string; description: string }[] }
  | {
      type: 'fleet-summary';
      total: number;
      scannedAt?: string;
      byState: Count[];
      byRegion: Count[];
      attention: FleetRow[];
      attentionTotal: number;
      unscanned: { region: string; accountId: string; since: string }[];
      /** The words around the counts, so a renderer only lays them out. */
      words: FleetSummaryWords;
    }
  | { type: 'fleet-page'; page: FleetPageView }
  | { type: 'context'; text: Text };

/** The words of the fleet summary: the renderer lays them out and decides how many lines fit. */
export interface FleetSummaryWords {
  /** "312 WorkSpaces". */
  total: string;
  /** "counted at the scan of <time>". */
  countedAt?: Text;
  byState: string;
  byRegion: string;
  /** "…and 3 more", for a list cut short. */
  moreCounts: (hidden: number) => string;
  unscannedTitle: string;
  /** One line for each entry of `unscanned`, in its order. */
  unscannedLines: Text[];
  moreUnscanned: (hidden: number) => string;
  attentionTitle: string;
  nothingNeedsAttention: string;
  moreAttention: (hidden: number) => Text;
}

/** A button whose click is a request of its own (a schedule's Confirm or Cancel), carried as the port's intent. */
export interface IntentButton {
  label: string;
  style?: 'primary' | 'danger';
  intent: ScheduleIntent;
}

/** A line with its buttons (a pending schedule and its Cancel), or buttons alone (Confirm and Don't schedule). */
export interface ControlRow {
  text?: Text;
  buttons: IntentButton[];
}

/** A reply or a message the bot sends. */
export interface MessageView {
  /** Plain-text summary: notifications, screen readers and the fallback for clients without blocks. */
  text: Text;
  sections: Section[];
  /** Only the person who asked sees it (Slack: ephemeral; Teams: a personal reply). */
  private: boolean;
  /** Rows of buttons under the sections, each click a request of its own. */
  controls?: ControlRow[];
}
