/**
 * What the bot answers, whatever the chat platform: a parsed command or a click in, a reply out. A reply
 * is a message to show now, or a message to show now plus work to hand off (WorkSpaces calls happen after
 * the platform's ack), or a request to ask for a typed confirmation. Slack and Teams adapters only
 * translate their payloads to these calls and render the result.
 */
import { actorFromLink, type LinkedActor } from '../core/auth/actor';
import { createSigninLink } from '../core/auth/signin';
import type { Link } from '../core/data/links';
import { listFleet } from '../core/fleet-list';
import { ownerMatches } from '../core/identity';
import { type Actor, type ChatIdentity, decide } from '../core/policy';
import { ACTION_RULES, type Action } from '../core/rules';
import type { WorkspaceRecord } from '../core/workspace';
import type { Command, Target } from './commands/parse';
import type { BotServices } from './services';
import {
  actionOutcome,
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
  status,
  unknownCommand,
  unlinked,
  type WorkspaceView,
  whoami,
  workspaceNotFound,
  workspaceView,
} from './views';

export type Reply =
  | { kind: 'message'; view: MessageView }
  /** Show `view` now, then perform the action and report its outcome where the person asked. */
  | { kind: 'handoff'; view: MessageView; action: Action; workspaceIds: string[] }
  /** Ask the person to type the WorkSpace id (terminate). */
  | { kind: 'typed-confirm'; workspace: WorkspaceView };

/** Who is asking, as the platform tells it. */
export interface Asker {
  chat: ChatIdentity;
  /** The chat account's email, when the platform gives it: a sign-in must come from the same person. */
  email?: () => Promise<string | undefined>;
  /** Resolves a mention of another chat user to that user's link, for admins naming someone. */
  linkOf?: (chatUserId: string) => Promise<Link | undefined>;
}

type Person = { linked: true; link: Link } & LinkedActor;

function message(view: MessageView): Reply {
  return { kind: 'message', view };
}

async function signinReply(
  services: BotServices,
  asker: Asker,
  reason: 'new' | 'admin-reauth' | 'requested',
): Promise<Reply> {
  const email = await asker.email?.().catch(() => undefined);
  const url = await createSigninLink(services.signin, asker.chat, email);
  return message(notLinked(url, reason, { platform: asker.chat.platform }));
}

async function person(
  services: Pick<BotServices, 'links' | 'now' | 'config'>,
  chat: ChatIdentity,
): Promise<Person | undefined> {
  const link = await services.links.get(chat, services.now());
  if (!link) return undefined;
  return { linked: true, link, ...actorFromLink(link, services.now(), services.config.links) };
}

function mineInput(services: BotServices, actor: Actor) {
  return {
    actor,
    roleActions: services.config.roleActions,
    now: services.now(),
    scanIntervalMinutes: services.scanIntervalMinutes,
  };
}

async function myWorkspaces(services: BotServices, actor: Actor): Promise<WorkspaceRecord[]> {
  const records = await services.cache.listByOwner(actor.ad.userName);
  return records.filter((ws) => ownerMatches(actor.ad, ws));
}

/** The WorkSpaces a command's target names, or a reply explaining why there are none. */
async function resolveTarget(
  services: BotServices,
  asker: Asker,
  who: Person,
  target: Target | undefined,
): Promise<{ records: WorkspaceRecord[]; ownerName?: string } | Reply> {
  const admin = who.actor.roles.has('admin');
  if (!target) return { records: await myWorkspaces(services, who.actor) };
  if (target.kind === 'workspace') {
    const record = await services.cache.get(target.workspaceId);
    // A non-admin learns nothing about a WorkSpace that is not theirs, not even that it exists.
    if (!record || (!admin && !ownerMatches(who.actor.ad, record)))
      return message(workspaceNotFound(target.workspaceId));
    return { records: [record] };
  }
  let userName: string;
  let ownerName: string;
  if (target.kind === 'chat-user') {
    if (target.chatUserId === asker.chat.userId) return { records: await myWorkspaces(services, who.actor) };
    const link = await asker.linkOf?.(target.chatUserId);
    if (!admin) return message(notice('warning', "Only admins can act on other people's WorkSpaces."));
    if (!link) {
      const name = target.name ? `@${target.name}` : 'That person';
      return message(
        notice(
          'warning',
          `${name} has not linked a company account, so I don't know their WorkSpaces. Name a WorkSpace id instead.`,
        ),
      );
    }
    userName = link.adUserName;
    ownerName = target.name ? `@${target.name}` : link.adUserName;
  } else {
    if (target.user.userName === who.actor.ad.userName) return { records: await myWorkspaces(services, who.actor) };
    if (!admin) return message(notice('warning', "Only admins can act on other people's WorkSpaces."));
    userName = target.user.userName;
    ownerName = target.user.userName;
  }
  return { records: await services.cache.listByOwner(userName), ownerName };
}

/** What the person has already confirmed: nothing, a dialog (enough for rebuild and restore), or the typed id. */
export type Confirmed = 'none' | 'dialog' | 'typed';

/** Decides on one WorkSpace for an action: refuse now, ask first, or hand off. */
function actOn(
  services: BotServices,
  who: Person,
  record: WorkspaceRecord,
  action: Action,
  confirmed: Confirmed,
): Reply {
  const decision = decide(who.actor, record, action, services.config.roleActions, services.now());
  // Role and ownership refusals are final; state refusals wait for the live re-check, since the cache may be old.
  if (!decision.allowed && ['NO_ROLE', 'ROLE_NOT_PERMITTED', 'NOT_OWNER', 'LOCKED'].includes(decision.code)) {
    return message(notice('warning', decision.reason));
  }
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
  };
}

async function fleet(
  services: BotServices,
  who: Person,
  filters: Command & { kind: 'fleet' },
  cursor?: string,
): Promise<Reply> {
  const summary = await services.sync.summary();
  const page = await listFleet(services.cache, filters.filters, cursor);
  const attention = await services.cache.getMany(attentionToShow(summary));
  const now = services.now();
  return message(
    fleetOverview(
      summary,
      fleetPage({
        records: page.records,
        filters: page.filters,
        page: page.page,
        next: page.next,
        previous: page.previous,
        actor: who.actor,
        roleActions: services.config.roleActions,
        now,
        stuckMinutes: services.config.scan.stuckMinutes,
      }),
      who.actor,
      { roleActions: services.config.roleActions, now, attentionRecords: attention },
    ),
  );
}

function needsAdmin(who: Person): boolean {
  return !who.actor.roles.has('admin');
}

/** Answers a typed command. */
export async function answerCommand(services: BotServices, asker: Asker, command: Command): Promise<Reply> {
  if (command.kind === 'link') return signinReply(services, asker, 'requested');
  const who = await person(services, asker.chat);
  if (command.kind === 'unlink') return message(unlinked(await services.links.delete(asker.chat)));
  if (command.kind === 'whoami') {
    return message(who ? whoami(who.link, services.now(), services.config.links) : notLinkedWhoami());
  }
  if (!who) return signinReply(services, asker, 'new');
  const helpView = help(who.actor.roles, services.config.roleActions, { adminReauthNeeded: who.adminReauthNeeded });
  switch (command.kind) {
    case 'help':
      return message(helpView);
    case 'unknown':
      return message(unknownCommand(command, helpView));
    case 'invalid':
      return message(invalidCommand(command.command, command.problem, who.actor.roles.has('admin')));
    case 'list':
      return message(list(await myWorkspaces(services, who.actor), mineInput(services, who.actor)));
    case 'fleet': {
      if (needsAdmin(who)) {
        return who.adminReauthNeeded
          ? signinReply(services, asker, 'admin-reauth')
          : message(notice('warning', 'The fleet overview is for WorkSpaces admins.'));
      }
      return fleet(services, who, command);
    }
    case 'status':
    case 'action': {
      const resolved = await resolveTarget(services, asker, who, command.target);
      if ('kind' in resolved) {
        if (who.adminReauthNeeded && command.target && command.target.kind !== 'workspace') {
          return signinReply(services, asker, 'admin-reauth');
        }
        return resolved;
      }
      const { records, ownerName } = resolved;
      const wanted = command.kind === 'status' ? 'status' : command.action;
      if (records.length === 0) return message(noWorkspaces(services.scanIntervalMinutes, ownerName));
      if (records.length > 1) return message(chooser({ action: wanted, records, ownerName }));
      const record = records[0]!;
      if (wanted === 'status') return message(status(record, mineInput(services, who.actor)));
      const adminNeeded = ACTION_RULES[wanted].adminOnly || !ownerMatches(who.actor.ad, record);
      if (adminNeeded && who.adminReauthNeeded) return signinReply(services, asker, 'admin-reauth');
      return actOn(services, who, record, wanted, 'none');
    }
  }
}

/**
 * Answers a click on an action button or chooser entry. Buttons for rebuild and restore carry the
 * platform's confirmation dialog, so a click on one is already confirmed; terminate still asks for the id.
 */
export async function answerActionClick(
  services: BotServices,
  asker: Asker,
  click: { action: Action | 'status'; workspaceId: string },
): Promise<Reply> {
  const who = await person(services, asker.chat);
  if (!who) return signinReply(services, asker, 'new');
  const record = await services.cache.get(click.workspaceId);
  const admin = who.actor.roles.has('admin');
  if (!record || (!admin && !ownerMatches(who.actor.ad, record))) {
    if (!record || !who.adminReauthNeeded) return message(workspaceNotFound(click.workspaceId));
    return signinReply(services, asker, 'admin-reauth');
  }
  if (click.action === 'status') return message(status(record, mineInput(services, who.actor)));
  return actOn(services, who, record, click.action, 'dialog');
}

/** The admin typed an id into the terminate form: hand off only if it is exactly the WorkSpace's id. */
export async function answerTypedConfirmation(
  services: BotServices,
  asker: Asker,
  workspaceId: string,
  typed: string,
): Promise<{ error: string } | Reply> {
  if (typed.trim() !== workspaceId) return { error: `Type ${workspaceId} exactly to confirm.` };
  const who = await person(services, asker.chat);
  if (!who) return signinReply(services, asker, 'new');
  const record = await services.cache.get(workspaceId);
  if (!record) return message(workspaceNotFound(workspaceId));
  return actOn(services, who, record, 'terminate', 'typed');
}

/** A fleet page from a paging button's cursor. */
export async function answerFleetPage(services: BotServices, asker: Asker, cursor: string): Promise<Reply> {
  const who = await person(services, asker.chat);
  if (!who) return signinReply(services, asker, 'new');
  if (needsAdmin(who)) return message(notice('warning', 'The fleet overview is for WorkSpaces admins.'));
  return fleet(services, who, { kind: 'fleet', filters: {} }, cursor);
}

/** The home tab: my WorkSpaces, and for admins the fleet summary. */
export async function homeViews(services: BotServices, asker: Asker): Promise<MessageView[]> {
  const who = await person(services, asker.chat);
  if (!who) {
    const reply = await signinReply(services, asker, 'new');
    return [(reply as { view: MessageView }).view];
  }
  const views = [list(await myWorkspaces(services, who.actor), mineInput(services, who.actor))];
  if (who.actor.roles.has('admin')) {
    const summary = await services.sync.summary();
    const attention = await services.cache.getMany(attentionToShow(summary));
    views.push(
      fleetOverview(summary, undefined, who.actor, {
        roleActions: services.config.roleActions,
        now: services.now(),
        attentionRecords: attention,
      }),
    );
  }
  return views;
}

/** The outcome of handed-off work, for the person who asked (with fresh roles from their link). */
export async function outcomeView(
  services: Pick<BotServices, 'links' | 'now' | 'config'>,
  chat: ChatIdentity,
  outcome: Parameters<typeof actionOutcome>[0],
  requestedBy: string,
): Promise<MessageView> {
  const who = await person(services, chat);
  const actor = who?.actor ?? { chat, ad: { userName: '' }, roles: new Set() };
  return actionOutcome(outcome, actor, requestedBy);
}
