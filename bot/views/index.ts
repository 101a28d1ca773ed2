/** Every view builder: core data in, a platform-neutral MessageView out, for the Slack and Teams renderers alike. */
export {
  linkedNotice,
  noGroup,
  notLinked,
  notLinkedWhoami,
  type SigninReason,
  unlinked,
  whoami,
} from './account';
export {
  buttonNoLongerWorks,
  deliveredElsewhere,
  handOffFailed,
  notThisOrganisation,
  typedConfirmationInMessage,
  workingOnIt,
} from './delivery';
export { ATTENTION_SHOWN, attentionToShow, filtersText, fleetOverview, fleetPage } from './fleet';
export { help } from './help';
export {
  chooser,
  confirmRequest,
  list,
  MAX_LISTED_WORKSPACES,
  type NotFoundOptions,
  noWorkspaces,
  status,
  workspaceNotFound,
} from './mine';
export type * from './model';
export {
  oncallForAdmins,
  oncallNeedsChannel,
  oncallRegistered,
  oncallShown,
  oncallStopped,
} from './oncall-channel';
export { actionOutcome } from './outcome';
export { invalidCommand, notice, unknownCommand } from './replies';
export {
  actionControl,
  actionLabel,
  confirmSpec,
  terminateMismatch,
  typedConfirmationMatches,
  workspaceView,
} from './workspace';
