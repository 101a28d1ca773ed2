/**
 * What the bot shows, independent of the chat platform. Builders in bot/views/ turn core data into these;
 * bot/slack/render/ turns them into Block Kit and (later) bot/teams/render/ into Adaptive Cards, so the
 * two platforms stay at parity without copy-paste. Texts here are plain (no platform markup); the
 * renderers decide how ids, names and times look.
 */

import type { FleetFilters } from '../../core/fleet-list';
import type { Action } from '../../core/rules';
import type { ConnectionState, RunningMode, WorkspaceState } from '../../core/workspace';

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
}

export type { FleetFilters } from '../../core/fleet-list';

export interface FleetPageView {
  filters: FleetFilters;
  rows: FleetRow[];
  /** 1-based number of this page, and the cursors to the neighbouring pages (opaque strings). */
  page: number;
  next?: string;
  previous?: string;
}

export type Section =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'notice'; tone: 'info' | 'success' | 'warning' | 'error'; text: string; detail?: string }
  | { type: 'workspace'; workspace: WorkspaceView }
  /** Several WorkSpaces fit the request: pick one, then `action` is asked for it. */
  | {
      type: 'chooser';
      prompt: string;
      action: Action | 'status';
      options: { workspaceId: string; label: string }[];
      /** Asked once a WorkSpace is picked, when `action` is destructive: picking is the click that acts. */
      confirm?: ConfirmSpec;
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
    }
  | { type: 'fleet-page'; page: FleetPageView }
  | { type: 'context'; text: string };

/** A reply or a message the bot sends. */
export interface MessageView {
  /** Plain-text summary: notifications, screen readers and the fallback for clients without blocks. */
  text: string;
  sections: Section[];
  /** Only the person who asked sees it (Slack: ephemeral; Teams: a personal reply). */
  private: boolean;
}
