/**
 * The Teams side of the chat port: answers as messages in the conversation a request came from (a card updated in
 * place with updateActivity, or a new message), in the person's personal chat with the bot (opened when first
 * needed), and on-call reports in a registered channel. Every call goes through botbuilder's CloudAdapter, so the
 * bot's outbound token and the service URL are botbuilder's business; this only refuses to send to a service URL
 * that is not Teams'. Failures become DeliveryErrors that say whether trying again could help.
 */
import type { ConversationReference, TurnContext } from 'botbuilder';
import { TeamsInfo } from 'botbuilder';
import type { LinkStore } from '../../core/data/links';
import type { OnCallReport } from '../../sync/report';
import type { Asker, Deliverer, InboundRequest, ReplyAddress, Surface } from '../chat/port';
import { DeliveryError } from '../chat/port';
import type { MessageView } from '../views';
import { ServiceUrlRefused, type TeamsAdapter } from './adapter';
import { channelIdOf, TEAMS_CHANNEL } from './inbound';
import { renderActivity } from './render/message';
import { renderOnCallActivities } from './render/oncall';

/** Teams has no confirm-on-click dialog and no modal of ours: confirming is a card of its own, typing an id too. */
export const TEAMS_SURFACE: Surface = { confirmsInline: false, typedConfirmation: 'message' };

type TeamsAddress = Extract<ReplyAddress, { platform: 'teams' }>;
type ConversationAddress = Extract<TeamsAddress, { kind: 'conversation' }>;

export interface TeamsDelivererOptions {
  /** The adapter, built on first use (its password may come from Secrets Manager). */
  teams: () => Promise<TeamsAdapter>;
  /** The audience of the bot's outbound token (the Bot Framework's, or the stand-in's). */
  audience: string;
  /** Where mentioned people's links are read; unset (on-call delivery alone), mentions are not resolved. */
  links?: Pick<LinkStore, 'get'>;
  now: () => Date;
}

/** People whose personal chat a worker remembers; past this, the longest-remembered is forgotten first. */
const PERSONAL_CHATS_KEPT = 10_000;

/** HTTP statuses from the Connector API that no retry can mend. */
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 405, 410, 413]);

export class TeamsDeliverer implements Deliverer {
  readonly platform = 'teams' as const;
  readonly surface = TEAMS_SURFACE;

  /**
   * The personal chat of each person this worker has opened one for: Teams keeps one per person and bot, so it is
   * opened (createConversation) once per warm worker, not once per private answer.
   */
  private readonly personalChats = new Map<string, ConversationAddress>();

  constructor(private readonly options: TeamsDelivererOptions) {}

  asker(request: InboundRequest): Asker {
    const { chat, reply } = request;
    const address = reply.below;
    const { links, now } = this.options;
    return {
      chat,
      // Teams' member record carries the person's email (or, without one, their sign-in name, the UPN).
      // The UPN is not an e-mail address: a member without an e-mail is bound to none, as on Slack.
      email: async () => {
        if (address.platform !== 'teams') return undefined;
        const member = await this.member(address, address.userId);
        return member.email?.toLowerCase();
      },
      // A mention names a Teams user id (`29:…`); the link is kept under the person's object id.
      ...(links
        ? {
            linkOf: async (teamsUserId: string) => {
              if (address.platform !== 'teams') return undefined;
              // Only "no such member" means not linked; a Teams hiccup is an error the person is told of.
              const member = await this.member(address, teamsUserId).catch((error: unknown) => {
                if (error instanceof DeliveryError && error.permanent) return undefined;
                throw error;
              });
              if (!member?.aadObjectId) return undefined;
              return links.get({ ...chat, userId: member.aadObjectId }, now());
            },
          }
        : {}),
      ...(request.timeZone ? { timeZone: async () => request.timeZone } : {}),
      // A sign-in's outcome is told in the personal chat: where a channel's request answers privately too.
      notifyAt: reply.fallback ?? reply.below,
    };
  }

  async send(address: ReplyAddress, view: MessageView): Promise<ReplyAddress | undefined> {
    if (address.platform !== 'teams') throw new DeliveryError(`not a Teams address: ${address.platform}`, true);
    // Only the person who asked may see a private view: in a channel or group chat it goes to their personal chat.
    if (address.kind === 'personal' || (address.shared && view.private)) {
      return this.sendPersonal(
        {
          platform: 'teams',
          kind: 'personal',
          serviceUrl: address.serviceUrl,
          tenantId: address.tenantId,
          userId: address.userId,
        },
        view,
      );
    }
    return this.sendToConversation(address, view);
  }

  /** A member of the conversation, asked in the channel itself: Teams does not answer member calls on a thread. */
  private member(address: TeamsAddress, teamsUserId: string) {
    const at =
      address.kind === 'conversation' ? { ...address, conversationId: channelIdOf(address.conversationId) } : address;
    return this.inConversation(at, (context) => TeamsInfo.getMember(context, teamsUserId));
  }

  /** The report, then what did not fit in it, as messages in the on-call channel. */
  async postReport(address: ReplyAddress, report: OnCallReport): Promise<void> {
    if (address.platform !== 'teams' || address.kind !== 'conversation') {
      throw new DeliveryError('an on-call report goes to a Teams channel', true);
    }
    await this.inConversation(address, async (context) => {
      for (const activity of renderOnCallActivities(report)) await context.sendActivity(activity);
    });
  }

  private async sendToConversation(address: ConversationAddress, view: MessageView): Promise<ReplyAddress> {
    const activity = renderActivity(view);
    return this.inConversation(address, async (context) => {
      if (address.activityId) {
        await context.updateActivity({ ...activity, id: address.activityId });
        return address;
      }
      const posted = await context.sendActivity(activity);
      return posted?.id ? { ...address, activityId: posted.id } : address;
    });
  }

  /**
   * Posts in the person's personal chat: the one this worker opened before, or one opened (found again: Teams keeps
   * one per person and bot) now. A remembered chat Teams no longer knows is forgotten and opened afresh.
   */
  private async sendPersonal(address: Extract<TeamsAddress, { kind: 'personal' }>, view: MessageView) {
    const key = `${address.serviceUrl}\n${address.tenantId}\n${address.userId}`;
    const known = this.personalChats.get(key);
    if (known) {
      try {
        return await this.sendToConversation(known, view);
      } catch (error) {
        if (!(error instanceof DeliveryError && error.permanent)) throw error;
        this.personalChats.delete(key);
      }
    }
    const posted = await this.openPersonal(address, view);
    if (posted) {
      const { activityId: _posted, ...chat } = posted;
      this.personalChats.delete(key);
      this.personalChats.set(key, chat);
      if (this.personalChats.size > PERSONAL_CHATS_KEPT) {
        const oldest = this.personalChats.keys().next().value;
        if (oldest !== undefined) this.personalChats.delete(oldest);
      }
    }
    return posted;
  }

  /** Opens the personal chat with createConversation and posts there; the address of what was posted. */
  private async openPersonal(
    address: Extract<TeamsAddress, { kind: 'personal' }>,
    view: MessageView,
  ): Promise<ConversationAddress | undefined> {
    const teams = await this.options.teams();
    // A stored address is data: the bot's token goes to Teams' own service alone.
    if (!teams.serviceUrlAllowed(address.serviceUrl)) throw refused();
    const activity = renderActivity(view);
    let posted: ConversationAddress | undefined;
    await teamsCall(() =>
      teams.adapter.createConversationAsync(
        teams.appId,
        TEAMS_CHANNEL,
        address.serviceUrl,
        this.options.audience,
        {
          isGroup: false,
          bot: { id: `28:${teams.appId}`, name: '' },
          members: [{ id: address.userId, name: '' }],
          tenantId: address.tenantId,
          channelData: { tenant: { id: address.tenantId } },
        },
        async (context) => {
          const sent = await context.sendActivity(activity);
          posted = {
            platform: 'teams',
            kind: 'conversation',
            serviceUrl: address.serviceUrl,
            tenantId: address.tenantId,
            conversationId: context.activity.conversation.id,
            shared: false,
            userId: address.userId,
            ...(sent?.id ? { activityId: sent.id } : {}),
          };
        },
      ),
    );
    return posted;
  }

  private async inConversation<T>(address: TeamsAddress, work: (context: TurnContext) => Promise<T>): Promise<T> {
    if (address.kind !== 'conversation') {
      throw new DeliveryError('a personal address has no conversation to continue yet', true);
    }
    const teams = await this.options.teams();
    const reference: Partial<ConversationReference> = {
      channelId: TEAMS_CHANNEL,
      serviceUrl: address.serviceUrl,
      conversation: {
        id: address.conversationId,
        tenantId: address.tenantId,
        isGroup: address.shared,
        conversationType: address.shared ? 'channel' : 'personal',
        name: '',
      },
      bot: { id: `28:${teams.appId}`, name: '' },
    };
    let result: T | undefined;
    await teamsCall(() =>
      teams.continueConversation(reference, async (context) => {
        result = await work(context);
      }),
    );
    return result as T;
  }
}

function refused(): DeliveryError {
  return new DeliveryError('the service URL is not one of Teams’; nothing was sent', true);
}

async function teamsCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    if (error instanceof ServiceUrlRefused) throw refused();
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') {
      throw new DeliveryError(`Teams answered HTTP ${status}`, PERMANENT_STATUSES.has(status), { cause: error });
    }
    throw new DeliveryError(`Teams could not be reached: ${String(error)}`, false, { cause: error });
  }
}
