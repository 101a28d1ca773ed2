/** Every Slack listener, registered on one Bolt app. Find a button's code by its id in bot/slack/ids.ts. */
import type { App } from '@slack/bolt';
import type { BotServices } from '../../services';
import { actionIdPattern, CHOOSE_WORKSPACE, FLEET_PAGE, SIGNIN_OPEN, TERMINATE_MODAL, WORKSPACE_ACTION } from '../ids';
import { fleetPageClick } from './actions/fleet-page';
import { signinOpenClick } from './actions/signin-open';
import { workspaceActionClick } from './actions/workspace-action';
import { workspaceCommand } from './commands/workspace';
import { appHomeOpened } from './events/app-home-opened';
import { terminateModalSubmission } from './views/terminate-modal';

export function register(app: App, services: BotServices): void {
  app.command('/workspace', workspaceCommand(services));
  app.action(actionIdPattern(WORKSPACE_ACTION), workspaceActionClick(services));
  app.action(actionIdPattern(CHOOSE_WORKSPACE), workspaceActionClick(services));
  app.action(actionIdPattern(FLEET_PAGE), fleetPageClick(services));
  app.action(actionIdPattern(SIGNIN_OPEN), signinOpenClick);
  app.view(TERMINATE_MODAL, terminateModalSubmission(services));
  app.event('app_home_opened', appHomeOpened(services));
}
