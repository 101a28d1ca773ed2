/** Owner alerts in words: on, off, whether they are on, and the alert itself with its Reboot button. */
import type { Actor, RoleActions } from '../../core/policy';
import { label, type WorkspaceRecord, type WorkspaceState } from '../../core/workspace';
import type { MessageView } from './model';
import { cmd, id, words } from './text';
import { relativeTime } from './time';
import { counted } from './words';
import { workspaceView } from './workspace';

export function alertsOn(afterMinutes: number): MessageView {
  const text = words(
    `Alerts are on: when one of your WorkSpaces is Unhealthy or in Error for more than ${counted(afterMinutes, 'minute')}, I tell you here, once, with a Reboot button. `,
    cmd('alerts off'),
    ' stops them.',
  );
  return { text, sections: [{ type: 'notice', tone: 'success', text }], private: true };
}

export function alertsOff(wasOn: boolean): MessageView {
  const text = wasOn ? 'Alerts are off: I will not message you about your WorkSpaces.' : 'Alerts were already off.';
  return { text, sections: [{ type: 'notice', tone: 'info', text }], private: true };
}

export function alertsState(on: boolean): MessageView {
  const text = on
    ? words('Alerts are on. ', cmd('alerts off'), ' stops them.')
    : words(
        'Alerts are off. ',
        cmd('alerts on'),
        ' tells you when one of your WorkSpaces stays Unhealthy or in Error.',
      );
  return { text, sections: [{ type: 'notice', tone: 'info', text }], private: true };
}

/** "ws-… has been Unhealthy since 40 minutes ago", with the WorkSpace and its Reboot button. */
export function ownerAlert(
  record: WorkspaceRecord,
  state: WorkspaceState,
  since: string,
  viewer: { actor: Actor; roleActions: RoleActions },
  now: Date,
): MessageView {
  const text = words(id(record.workspaceId), ` has been ${label(state)} since ${relativeTime(since, now)}.`);
  const view = workspaceView(record, viewer.actor, viewer.roleActions, now);
  const reboot = view.actions.filter((a) => a.action === 'reboot');
  return {
    text,
    sections: [
      {
        type: 'notice',
        tone: 'warning',
        text,
        detail: 'A reboot often brings it back. I will not tell you again while it stays so.',
      },
      { type: 'workspace', workspace: { ...view, actions: reboot } },
      { type: 'context', text: words(cmd('alerts off'), ' stops these messages.') },
    ],
    private: false,
  };
}
