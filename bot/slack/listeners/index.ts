/**
 * Every Slack listener, registered on one Bolt app. Listeners only translate Slack's payloads into inbound requests
 * (bot/slack/inbound.ts), ack, and hand the request to the worker; the conversation runs there. Find a button's
 * code by its id in bot/slack/ids.ts.
 */
import type { App } from '@slack/bolt';
import type { Log } from '../../../core/logger';
import type { Inbox } from '../../chat/inbox';
import {
  actionIdPattern,
  CHOOSE_WORKSPACE,
  FLEET_PAGE,
  SCHEDULE_BUTTON,
  SIGNIN_OPEN,
  TERMINATE_MODAL,
  WORKSPACE_ACTION,
} from '../ids';
import { fleetPageClick } from './actions/fleet-page';
import { scheduleButtonClick } from './actions/schedule-button';
import { signinOpenClick } from './actions/signin-open';
import { workspaceActionClick } from './actions/workspace-action';
import { workspaceCommand } from './commands/workspace';
import { appHomeOpened } from './events/app-home-opened';
import { terminateModalSubmission } from './views/terminate-modal';

/** What the listeners need: where requests go, the time (for clicks without one), and the log. */
export interface SlackEntry {
  inbox: Inbox;
  now: () => Date;
  log: Log;
  /** The Web API stand-in's URL, whose origin may serve response_urls too (npm start, tests). */
  apiUrl?: string;
}

export function register(app: App, entry: SlackEntry): void {
  app.command('/workspace', workspaceCommand(entry));
  app.action(actionIdPattern(WORKSPACE_ACTION), workspaceActionClick(entry));
  app.action(actionIdPattern(CHOOSE_WORKSPACE), workspaceActionClick(entry));
  app.action(actionIdPattern(FLEET_PAGE), fleetPageClick(entry));
  app.action(actionIdPattern(SIGNIN_OPEN), signinOpenClick);
  app.action(actionIdPattern(SCHEDULE_BUTTON), scheduleButtonClick(entry));
  app.view(TERMINATE_MODAL, terminateModalSubmission(entry));
  app.event('app_home_opened', appHomeOpened(entry));
}
