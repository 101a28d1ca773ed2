/**
 * What the bot says when it checks back after an action: available again, failed, or stuck, each with the next step;
 * and, for a WorkSpace still Unhealthy after a reboot, the way back: restore, then rebuild, each saying what it costs
 * and how old the snapshot is it would return to.
 */
import type { Actor, RoleActions } from '../../core/policy';
import { ACTION_RULES, type Action } from '../../core/rules';
import { label, type WorkspaceRecord, type WorkspaceState } from '../../core/workspace';
import type { MessageView, Section } from './model';
import { cmd, id, words } from './text';
import { relativeTime, utcTime } from './time';
import { workspaceView } from './workspace';

export function availableAgain(workspaceId: string, action: Action): MessageView {
  const text = words(id(workspaceId), ` is available again after the ${ACTION_RULES[action].verb}.`);
  return { text, sections: [{ type: 'notice', tone: 'success', text }], private: true };
}

/** It ended in a state it should not be in: which, and what to do next. */
export function actionFailed(workspaceId: string, action: Action, state: WorkspaceState): MessageView {
  const next =
    state === 'STOPPED'
      ? words('Try ', cmd(`start ${workspaceId}`), ' again in a few minutes; if it stops again, ask IT.')
      : words('See ', cmd(`status ${workspaceId}`), ' for what you can do now, or ask IT to look at it.');
  const text = words(id(workspaceId), ` is ${label(state)} after the ${ACTION_RULES[action].verb}, not Available.`);
  return { text, sections: [{ type: 'notice', tone: 'error', text, detail: next }], private: true };
}

/** Still in its transition after every check back. */
export function actionStuck(workspaceId: string, action: Action, state: WorkspaceState, minutes: number): MessageView {
  const next =
    state === 'REBOOTING'
      ? words(
          'A reboot stuck for over 20 minutes may be restarted: ',
          cmd(`reboot ${workspaceId}`),
          '. If that does not help, ask IT.',
        )
      : words('Ask IT to look at it; ', cmd(`status ${workspaceId}`), ' shows how it is going.');
  const text = words(
    id(workspaceId),
    ` is still ${label(state)} ${Math.round(minutes)} minutes after the ${ACTION_RULES[action].verb}: it seems stuck.`,
  );
  return { text, sections: [{ type: 'notice', tone: 'warning', text, detail: next }], private: true };
}

function snapshotWords(at: string | undefined, now: Date): string {
  return at ? `from ${relativeTime(at, now)} (${utcTime(at)})` : 'none is available yet';
}

/**
 * Unhealthy after a reboot: restore first (back to the last snapshot of both drives), then rebuild (the system drive
 * from the bundle, the user drive from its last snapshot), with the buttons this person may use.
 */
export function guidedRecovery(
  record: WorkspaceRecord,
  snapshots: { restore?: string; rebuild?: string } | undefined,
  viewer: { actor: Actor; roleActions: RoleActions } | undefined,
  now: Date,
): MessageView {
  const text = words(id(record.workspaceId), ' is still Unhealthy after the reboot.');
  const known = snapshots !== undefined;
  const restore = words(
    '1. Restore it: both drives go back to their last snapshot, ',
    known ? snapshotWords(snapshots.restore, now) : 'whose age I could not read just now',
    '; anything newer is lost.',
  );
  const rebuild = words(
    '2. If that does not help, rebuild it: the system drive is made new from its bundle and the user drive goes back to its last snapshot, ',
    known ? snapshotWords(snapshots.rebuild, now) : 'whose age I could not read just now',
    '; anything newer on either is lost.',
  );
  const sections: Section[] = [
    { type: 'notice', tone: 'warning', text },
    { type: 'text', text: restore },
    { type: 'text', text: rebuild },
  ];
  if (viewer) {
    const view = workspaceView(record, viewer.actor, viewer.roleActions, now);
    // In the order to try them: restore, then rebuild.
    const recovery = (['restore', 'rebuild'] as const).flatMap((action) =>
      view.actions.filter((a) => a.action === action),
    );
    if (recovery.length > 0) sections.push({ type: 'workspace', workspace: { ...view, actions: recovery } });
    if (!recovery.some((a) => a.action === 'restore')) {
      sections.push({
        type: 'context',
        text: 'Only an admin can restore it: ask IT if a rebuild is not what you want.',
      });
    }
  }
  return { text, sections, private: true };
}
