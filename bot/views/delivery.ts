/** Words for answers that could not go where the person asked, and for asks that need another step there. */

import type { MessageView, WorkspaceView } from './model';
import { cmd, words } from './text';
import { actionLabel } from './workspace';

/** The same answer, sent to the person's DM because the message they acted on could not be updated. */
export function deliveredElsewhere(view: MessageView): MessageView {
  return {
    ...view,
    sections: [
      { type: 'context', text: "I couldn't answer where you asked, so the answer comes here." },
      ...view.sections,
    ],
  };
}

/**
 * The typed confirmation asked in a message: where the form could not be opened in time (Slack's trigger lasts
 * 3 seconds), or where the surface has no forms. The WorkSpace comes with only the action to confirm.
 */
export function typedConfirmationInMessage(workspace: WorkspaceView): MessageView {
  const controls = workspace.actions.filter((control) => control.confirm?.typed);
  const action = controls[0]?.action;
  const text = action
    ? `To ${actionLabel(action).toLowerCase()} ${workspace.workspaceId}, its id must be typed to confirm. Click ${actionLabel(action)} below to do that.`
    : `${workspace.workspaceId} cannot be changed that way now.`;
  return {
    text,
    sections: [
      { type: 'notice', tone: 'warning', text },
      { type: 'workspace', workspace: { ...workspace, actions: controls } },
    ],
    private: true,
  };
}

/** The request could not be passed on to the worker: nothing was done, and nothing will be. */
export function handOffFailed(): MessageView {
  const text = 'Nothing was done: the request could not be passed on. Try again in a minute.';
  return { text, sections: [{ type: 'notice', tone: 'error', text }], private: true };
}

/** A click whose value the bot cannot read: a button from an older version, or one tampered with. */
export function buttonNoLongerWorks(): MessageView {
  const text = words('That button no longer works. Ask again with ', cmd('list'), '.');
  return { text, sections: [{ type: 'notice', tone: 'warning', text }], private: true };
}

/** Said at once where a platform answers a card click before the work is done (Teams' card action invoke). */
export function workingOnIt(): string {
  return 'Working on it…';
}

/** Said to a request from a chat organisation this deployment does not serve: nothing was read or done. */
export function notThisOrganisation(): string {
  return 'This bot serves another organisation. Nothing was done.';
}
