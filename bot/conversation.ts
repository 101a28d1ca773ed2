/**
 * What the bot answers, whatever the chat platform: a parsed command or a click in, a reply out. A reply
 * is a message to show now, or a message to show now plus work to hand off (WorkSpaces calls happen after
 * the platform's ack), or a request to ask for a typed confirmation. Slack and Teams adapters only
 * translate their payloads to these calls and render the result.
 */
import { isDeepStrictEqual } from 'node:util';
import { actorFromLink, type LinkedActor, linkAdUser } from '../core/auth/actor';
import { createSigninLink } from '../core/auth/signin';
import type { Link } from '../core/data/links';
import { type FleetFilters, listFleet } from '../core/fleet-list';
import { type AdUser, ownerMatches, sameAdUser } from '../core/identity';
import { type Actor, type ChatIdentity, decide, isRoleRefusal } from '../core/policy';
import { ACTION_RULES, type Action } from '../core/rules';
import type { WorkspaceRecord } from '../core/workspace';
import type { Asker } from './chat/port';
import type { ChatUserTarget, Command, Target } from './commands/parse';
import { editDistance } from './commands/suggest';
import { answerScheduleCommand, answerSchedulesList } from './schedules/conversation';
import type { BotServices } from './services';
import {
  attentionToShow,
  chooser,
  confirmRequest,
  fleetOverview,
  fleetPage,
  help,
  invalidCommand,
  list,
  type MessageView,
  notice,
  notLinked,
  notLinkedWhoami,
  noWorkspaces,
  oncallForAdmins,
  oncallNeedsChannel,
  oncallRegistered,
  oncallShown,
  oncallStopped,
  status,
  unknownCommand,
  unlinked,
  type WorkspaceView,
  whoami,
  workspaceNotFound,
  workspaceView,
} from './views';

/**
 * `in-place` replaces what the person acted on (a status or chooser replaces the clicked list; a command's answer is
 * its own message); `below` comes as a new message, so a refusal does not wipe what the person was looking at.
 */
export type Placement = 'in-place' | 'below';

export type Reply =
  | { kind: 'message'; view: MessageView; placement: Placement }
  /** Show `view` now, then perform the action for `actor` and report its outcome where the person asked. */
  | { kind: 'handoff'; view: MessageView; action: Action; workspaceIds: string[]; actor: Actor }
  /** Ask the person to type the WorkSpace id (terminate). */
  | { kind: 'typed-confirm'; workspace: WorkspaceView };

export type Person = { link: Link } & LinkedActor;

export function message(view: MessageView, placement: Placement = 'in-place'): Reply {
  return { kind: 'message', view, placement };
}

/** A refusal or a note about a click: a new message, so the message clicked stays as it was. */
function note(view: MessageView): Reply {
  return message(view, 'below');
}

export async function signinReply(
  services: BotServices,
  asker: Asker,
  reason: 'new' | 'admin-reauth' | 'requested',
): Promise<Reply> {
  // The email ties the sign-in to this chat account; when the platform cannot be asked now, no link is made
  // (one without it would let a forwarded link sign in someone else). A platform that has no email is fine.
  let email: string | undefined;
  try {
    email = await asker.email?.();
  } catch (error) {
    services.log.warn('Could not read the chat account email; no sign-in link made', { error: String(error) });
    return message(
      notice(
        'warning',
        "I couldn't check your chat account just now, so I can't make your sign-in link. Try again in a minute.",
      ),
    );
  }
  const url = await createSigninLink(services.signin, asker.chat, {
    ...(email ? { chatEmail: email } : {}),
    ...(asker.notifyAt ? { notify: asker.notifyAt } : {}),
  });
  return message(notLinked(url, reason, { platform: asker.chat.platform }));
}

export async function person(
  services: Pick<BotServices, 'links' | 'now' | 'config'>,
  chat: ChatIdentity,
): Promise<Person | undefined> {
  const link = await services.links.get(chat, services.now());
  if (!link) return undefined;
  return { link, ...actorFromLink(link, services.now(), services.config.links) };
}

function mineInput(services: BotServices, actor: Actor) {
  return {
    actor,
    roleActions: services.config.roleActions,
    now: services.now(),
    scanIntervalMinutes: services.scanIntervalMinutes,
  };
}

/**
 * Refuses what only an admin could do. When the person holds the admin role but their sign-in is too old
 * to use it, the answer is a new sign-in, not the refusal: one place decides that for every path.
 */
export function adminOnly(
  services: BotServices,
  asker: Asker,
  who: Person,
  refusal: MessageView,
  refuse: (view: MessageView) => Reply = message,
): Promise<Reply> | Reply {
  return who.adminReauthNeeded ? signinReply(services, asker, 'admin-reauth') : refuse(refusal);
}

const ONLY_ADMINS_OTHERS = "Only admins can act on other people's WorkSpaces.";

/** The cached WorkSpaces of one AD user: the owner index, then the exact owner match (domain included). */
async function workspacesOf(services: BotServices, ad: AdUser): Promise<WorkspaceRecord[]> {
  return (await services.cache.listByOwner(ad.userName)).filter((ws) => ownerMatches(ad, ws));
}

export function notLinkedPerson(name: string | undefined): Reply {
  const who = name ? `@${name}` : 'That person';
  return message(
    notice(
      'warning',
      `${who} has not linked a company account, so I don't know their WorkSpaces. Name a WorkSpace id instead.`,
    ),
  );
}

/** The link of a person named by mention: the asker's own, or the one the platform looks up. */
export async function mentionedLink(asker: Asker, who: Person, mention: ChatUserTarget): Promise<Link | undefined> {
  return mention.chatUserId === asker.chat.userId ? who.link : asker.linkOf?.(mention.chatUserId);
}

/** Ids this close to a typed one are offered as what the person may have meant. */
const CLOSE_ID_DISTANCE = 2;
const CLOSE_IDS_OFFERED = 5;

/**
 * "I don't know ws-… among those you can see", with the close matches among the person's own WorkSpaces (never
 * anyone else's: that would tell them what exists) offered to pick for the same action.
 */
async function notFoundAmongMine(
  services: BotServices,
  who: Person,
  workspaceId: string,
  action: Action | 'status',
): Promise<MessageView> {
  const typed = workspaceId.toLowerCase();
  const close = (await workspacesOf(services, who.actor.ad))
    .map((record) => ({ record, distance: editDistance(record.workspaceId.toLowerCase(), typed) }))
    .filter(({ distance }) => distance <= CLOSE_ID_DISTANCE)
    .sort((a, b) => a.distance - b.distance || a.record.workspaceId.localeCompare(b.record.workspaceId))
    .slice(0, CLOSE_IDS_OFFERED)
    .map(({ record }) => record);
  return workspaceNotFound(workspaceId, { suggestions: close, action });
}

/** The WorkSpaces a command's target names, or a reply explaining why there are none. */
export async function resolveTarget(
  services: BotServices,
  asker: Asker,
  who: Person,
  target: Target | undefined,
  wanted: Action | 'status',
): Promise<{ records: WorkspaceRecord[]; ownerName?: string } | Reply> {
  const admin = who.actor.roles.has('admin');
  const mine = async () => ({ records: await workspacesOf(services, who.actor.ad) });
  if (!target) return mine();
  if (target.kind === 'workspace') {
    const record = await services.cache.get(target.workspaceId);
    if (!record) return message(await notFoundAmongMine(services, who, target.workspaceId, wanted));
    // A non-admin learns nothing about a WorkSpace that is not theirs, not even that it exists.
    if (!admin && !ownerMatches(who.actor.ad, record)) {
      return adminOnly(services, asker, who, await notFoundAmongMine(services, who, target.workspaceId, wanted));
    }
    return { records: [record] };
  }
  if (target.kind === 'chat-user') {
    if (target.chatUserId === asker.chat.userId) return mine();
    if (!admin) return adminOnly(services, asker, who, notice('warning', ONLY_ADMINS_OTHERS));
    const link = await asker.linkOf?.(target.chatUserId);
    if (!link) return notLinkedPerson(target.name);
    return {
      records: await workspacesOf(services, linkAdUser(link)),
      ownerName: target.name ? `@${target.name}` : link.adUserName,
    };
  }
  const named = target.user;
  if (sameAdUser(named, who.actor.ad)) return mine();
  if (!admin) return adminOnly(services, asker, who, notice('warning', ONLY_ADMINS_OTHERS));
  return { records: await workspacesOf(services, named), ownerName: named.userName };
}

/** What the person has already confirmed: nothing, a dialog or confirmation step (enough for rebuild and restore), or the typed id. */
type Confirmed = 'none' | 'dialog' | 'typed';

/** Decides on one WorkSpace for an action: refuse now, ask first, or hand off. */
function actOn(
  services: BotServices,
  asker: Asker,
  who: Person,
  record: WorkspaceRecord,
  action: Action,
  confirmed: Confirmed,
  refuse: (view: MessageView) => Reply,
): Promise<Reply> | Reply {
  const decision = decide(who.actor, record, action, services.config.roleActions, services.now());
  // Role and ownership refusals are final; state refusals wait for the live re-check, since the cache may be old.
  if (!decision.allowed && isRoleRefusal(decision.code)) {
    return adminOnly(services, asker, who, notice('warning', decision.reason), refuse);
  }
  if (!decision.allowed && decision.code === 'LOCKED') return refuse(notice('warning', decision.reason));
  const rule = ACTION_RULES[action];
  if (rule.confirmation === 'typed' && confirmed !== 'typed') {
    return {
      kind: 'typed-confirm',
      workspace: workspaceView(record, who.actor, services.config.roleActions, services.now()),
    };
  }
  if (rule.confirmation === 'confirm' && confirmed === 'none') {
    return message(confirmRequest(record, action, mineInput(services, who.actor)));
  }
  return {
    kind: 'handoff',
    view: notice('info', `${rule.progressive} ${record.workspaceId}…`),
    action,
    workspaceIds: [record.workspaceId],
    actor: who.actor,
  };
}

/** The admin overview: the scanner's summary with its attention rows, and a page of the fleet when asked. */
async function overview(
  services: BotServices,
  who: Person,
  page?: { filters: FleetFilters; cursor?: string },
): Promise<MessageView> {
  const [summary, runs, listed] = await Promise.all([
    services.sync.summary(),
    services.sync.runs(),
    page ? listFleet(services.cache, page.filters, page.cursor) : undefined,
  ]);
  const attention = await services.cache.getMany(attentionToShow(summary));
  const now = services.now();
  const roleActions = services.config.roleActions;
  return fleetOverview(
    summary,
    listed &&
      fleetPage({
        records: listed.records,
        filters: listed.filters,
        page: listed.page,
        next: listed.next,
        previous: listed.previous,
        actor: who.actor,
        roleActions,
        now,
        stuckMinutes: services.config.scan.stuckMinutes,
      }),
    who.actor,
    { roleActions, now, attentionRecords: attention, runs },
  );
}

const FLEET_FOR_ADMINS = 'The fleet overview is for WorkSpaces admins.';

/**
 * Where this platform's on-call reports go: the conversation an admin registered with `oncall here` (one per
 * platform; a new one replaces it). The reaper reads it at each report.
 */
async function oncall(
  services: BotServices,
  asker: Asker,
  who: Person,
  mode: 'show' | 'here' | 'off',
): Promise<MessageView> {
  const platform = asker.chat.platform;
  if (mode === 'off') return oncallStopped(await services.sync.deleteOnCallChannel(platform));
  if (mode === 'here') {
    if (!asker.here) return oncallNeedsChannel();
    await services.sync.putOnCallChannel({
      platform,
      address: asker.here,
      by: who.link.adUserName,
      at: services.now().toISOString(),
    });
    services.log.info('On-call channel registered', { platform, by: who.link.adUserName });
    return oncallRegistered();
  }
  const registered = (await services.sync.onCallChannels()).find((channel) => channel.platform === platform);
  return oncallShown(
    registered && {
      by: registered.by,
      at: registered.at,
      isHere: isDeepStrictEqual(registered.address, asker.here),
    },
  );
}

/** Answers a typed command. */
export async function answerCommand(services: BotServices, asker: Asker, command: Command): Promise<Reply> {
  if (command.kind === 'link') return signinReply(services, asker, 'requested');
  if (command.kind === 'unlink') return message(unlinked(await services.links.delete(asker.chat)));
  const who = await person(services, asker.chat);
  if (command.kind === 'whoami') {
    return message(who ? whoami(who.link, services.now(), services.config.links) : notLinkedWhoami());
  }
  // Help is for anyone: a person not linked (or in no group) learns what the bot does and how to start.
  if (!who && command.kind === 'help') return message(help(new Set(), services.config.roleActions));
  if (!who) return signinReply(services, asker, 'new');
  const admin = who.actor.roles.has('admin');
  const helpView = help(who.actor.roles, services.config.roleActions, { adminReauthNeeded: who.adminReauthNeeded });
  switch (command.kind) {
    case 'help':
      return message(helpView);
    case 'unknown':
      return message(unknownCommand(command, helpView));
    case 'invalid':
      return message(invalidCommand(command.command, command.problem, admin));
    case 'list':
      return message(list(await workspacesOf(services, who.actor.ad), mineInput(services, who.actor)));
    case 'fleet': {
      if (!admin) return adminOnly(services, asker, who, notice('warning', FLEET_FOR_ADMINS));
      const filters = { ...command.filters };
      if (command.userMention) {
        // `user:@bob` names a chat user: filter by the AD user their link proved.
        const link = await mentionedLink(asker, who, command.userMention);
        if (!link) return notLinkedPerson(command.userMention.name);
        filters.user = link.adUserName;
      }
      return message(await overview(services, who, { filters }));
    }
    case 'oncall':
      if (!admin) return adminOnly(services, asker, who, oncallForAdmins());
      return message(await oncall(services, asker, who, command.mode));
    case 'schedules':
      return answerSchedulesList(services, asker, who, command);
    case 'alerts':
      // Answered by the orchestrator, which knows where the person's DM is (bot/alerts.ts).
      throw new Error('alerts are answered with their request');
    case 'status':
    case 'action': {
      if (command.kind === 'action' && command.when) {
        return answerScheduleCommand(services, asker, who, { ...command, when: command.when });
      }
      const wanted = command.kind === 'status' ? 'status' : command.action;
      const resolved = await resolveTarget(services, asker, who, command.target, wanted);
      if ('kind' in resolved) return resolved;
      const { records, ownerName } = resolved;
      if (records.length === 0) return message(noWorkspaces(services.scanIntervalMinutes, ownerName));
      if (records.length > 1) return message(chooser({ action: wanted, records, ownerName }));
      const record = records[0]!;
      if (wanted === 'status') return message(status(record, mineInput(services, who.actor)));
      return actOn(services, asker, who, record, wanted, 'none', message);
    }
  }
}

/**
 * Answers a click on an action button or chooser entry. `confirmed` says whether the click itself was confirmed:
 * on a surface that asks in a dialog before sending a destructive click (Slack), or from a confirmation step.
 * Terminate still asks for the id. A status replaces the message clicked; a refusal comes below it.
 */
export async function answerActionClick(
  services: BotServices,
  asker: Asker,
  click: { action: Action | 'status'; workspaceId: string; confirmed: boolean },
): Promise<Reply> {
  const resolved = await clickedWorkspace(services, asker, click.workspaceId);
  if ('kind' in resolved) return resolved;
  const { who, record } = resolved;
  if (click.action === 'status') return message(status(record, mineInput(services, who.actor)));
  return actOn(services, asker, who, record, click.action, click.confirmed ? 'dialog' : 'none', note);
}

/** The person and the WorkSpace a click or a form names, or why there is nothing to do. */
export async function clickedWorkspace(
  services: BotServices,
  asker: Asker,
  workspaceId: string,
): Promise<{ who: Person; record: WorkspaceRecord } | Reply> {
  const [who, record] = await Promise.all([person(services, asker.chat), services.cache.get(workspaceId)]);
  if (!who) return signinReply(services, asker, 'new');
  if (!record) return note(workspaceNotFound(workspaceId));
  if (!who.actor.roles.has('admin') && !ownerMatches(who.actor.ad, record)) {
    return adminOnly(services, asker, who, workspaceNotFound(workspaceId), note);
  }
  return { who, record };
}

/** The person typed the WorkSpace's id into the confirmation form (the form checked it): hand off. */
export async function answerTypedConfirmation(
  services: BotServices,
  asker: Asker,
  confirmation: { action: Action; workspaceId: string },
): Promise<Reply> {
  const resolved = await clickedWorkspace(services, asker, confirmation.workspaceId);
  if ('kind' in resolved) return resolved;
  return actOn(services, asker, resolved.who, resolved.record, confirmation.action, 'typed', note);
}

/** A fleet page from a paging button's cursor (which carries the filters). */
export async function answerFleetPage(services: BotServices, asker: Asker, cursor: string): Promise<Reply> {
  const who = await person(services, asker.chat);
  if (!who) return signinReply(services, asker, 'new');
  if (!who.actor.roles.has('admin')) return adminOnly(services, asker, who, notice('warning', FLEET_FOR_ADMINS));
  return message(await overview(services, who, { filters: {}, cursor }));
}

/** The home tab: my WorkSpaces, and for admins the fleet summary. */
export async function homeViews(services: BotServices, asker: Asker): Promise<MessageView[]> {
  const who = await person(services, asker.chat);
  if (!who) {
    const reply = await signinReply(services, asker, 'new');
    return reply.kind === 'message' ? [reply.view] : [];
  }
  const [mine, fleetSummary] = await Promise.all([
    workspacesOf(services, who.actor.ad),
    who.actor.roles.has('admin') ? overview(services, who) : undefined,
  ]);
  return [list(mine, mineInput(services, who.actor)), ...(fleetSummary ? [fleetSummary] : [])];
}
