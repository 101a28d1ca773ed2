/**
 * The Slack side of the chat port: answers through an interaction's response_url, as bot messages (chat.postMessage
 * and chat.update), on the App Home tab (views.publish) and in the terminate modal (views.open). Failures become
 * DeliveryErrors that say whether trying the same address again could help.
 */
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { LinkStore } from '../../core/data/links';
import type { OnCallReport } from '../../sync/report';
import type { Asker, Deliverer, InboundRequest, ReplyAddress, Surface } from '../chat/port';
import { DeliveryError } from '../chat/port';
import type { MessageView, WorkspaceView } from '../views';
import type { SlackClient } from './client';
import { renderWithControls } from './controls';
import { SlackOnCallChannel } from './oncall/slack-oncall-channel';
import { renderHome } from './render/message';
import { renderTerminateModal } from './render/terminate-modal';
import { isSlackResponseUrl } from './response-url';

/** What the terminate modal carries, so its submission knows the WorkSpace and where to answer. */
export interface TerminateMetadata {
  workspaceId: string;
  reply: InboundRequest['reply'];
}

/** Slack's errors that no retry can mend. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'message_not_found',
  'cant_update_message',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'invalid_blocks',
  'msg_blocks_too_long',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
]);

const RESPONSE_URL_TIMEOUT_MS = 5000;

export interface SlackDelivererOptions {
  client: SlackClient;
  /** Where mentioned people's links are read; unset (on-call delivery alone), mentions are not resolved. */
  links?: Pick<LinkStore, 'get'>;
  now: () => Date;
  /** The Web API base URL when it is not Slack's (the local stand-in): its origin may serve response_urls too. */
  apiUrl?: string;
  /** How long a response_url may take to answer (RESPONSE_URL_TIMEOUT_MS unless set). */
  responseUrlTimeoutMs?: number;
}

/** Slack asks in a client-side dialog before it sends a destructive click, and opens forms as modals. */
export const SLACK_SURFACE: Surface = { confirmsInline: true, typedConfirmation: 'form' };

export class SlackDeliverer implements Deliverer {
  readonly platform = 'slack' as const;
  readonly surface = SLACK_SURFACE;

  constructor(private readonly options: SlackDelivererOptions) {}

  asker(request: InboundRequest): Asker {
    const { chat } = request;
    const { links, now } = this.options;
    return {
      chat,
      // Needs users:read.email. A profile without an email skips the check; a failed call makes no link.
      email: async () => (await (await this.web()).users.info({ user: chat.userId })).user?.profile?.email,
      // The zone the person set in Slack (users.info's tz), in which their times are read.
      timeZone: async () => (await (await this.web()).users.info({ user: chat.userId })).user?.tz,
      ...(links ? { linkOf: (chatUserId: string) => links.get({ ...chat, userId: chatUserId }, now()) } : {}),
      // Posting to a user id lands in the app's DM with them (chat:write).
      notifyAt: { platform: 'slack', kind: 'message', channel: chat.userId },
    };
  }

  async send(address: ReplyAddress, view: MessageView): Promise<ReplyAddress | undefined> {
    if (address.platform !== 'slack') throw new DeliveryError(`not a Slack address: ${address.platform}`, true);
    if (address.kind === 'response-url') {
      await this.postToResponseUrl(address.url, view, address.replaceOriginal);
      return undefined;
    }
    if (address.kind === 'home') {
      await this.publishHome(address, [view]);
      return undefined;
    }
    const { text, blocks } = renderWithControls(view);
    const web = await this.web();
    return slackCall(async () => {
      if (address.ts) {
        await web.chat.update({ channel: address.channel, ts: address.ts, text, blocks });
        return address;
      }
      const posted = await web.chat.postMessage({ channel: address.channel, text, blocks });
      return posted.channel && posted.ts
        ? { platform: 'slack', kind: 'message', channel: posted.channel, ts: posted.ts }
        : undefined;
    });
  }

  async publishHome(address: ReplyAddress, views: readonly MessageView[]): Promise<undefined> {
    if (address.kind !== 'home') throw new DeliveryError('the App Home is published to a home address', true);
    const web = await this.web();
    await slackCall(() => web.views.publish({ user_id: address.userId, view: renderHome(views) }));
    return undefined;
  }

  /** The report and, for what did not fit, replies in its thread; a failure is an OnCallPostError naming why. */
  async postReport(address: ReplyAddress, report: OnCallReport): Promise<void> {
    if (address.platform !== 'slack' || address.kind !== 'message') {
      throw new DeliveryError('an on-call report goes to a Slack channel', true);
    }
    await new SlackOnCallChannel(this.options.client, address.channel).post(report);
  }

  async openTypedConfirmation(request: InboundRequest, workspace: WorkspaceView): Promise<boolean> {
    if (!request.formTrigger) return false;
    const metadata: TerminateMetadata = { workspaceId: workspace.workspaceId, reply: request.reply };
    const web = await this.web();
    try {
      await web.views.open({
        trigger_id: request.formTrigger,
        view: renderTerminateModal(workspace, JSON.stringify(metadata)),
      });
      return true;
    } catch (error) {
      // expired_trigger_id: the worker came too late for the 3 seconds a trigger lives; the caller asks in a message.
      if (error instanceof WebAPIPlatformError) return false;
      throw error;
    }
  }

  private async web(): Promise<WebClient> {
    const client = await this.options.client();
    if (!client) throw new DeliveryError('No Slack bot token (SLACK_SECRET_ARN or SLACK_BOT_TOKEN) to post with', true);
    return client;
  }

  private async postToResponseUrl(url: string, view: MessageView, replaceOriginal: boolean): Promise<void> {
    // Checked again here, since the address may come from stored data (a modal's metadata).
    if (!isSlackResponseUrl(url, this.options.apiUrl)) {
      throw new DeliveryError('response_url is not one of Slack’s hosts; nothing was posted', true);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...renderWithControls(view),
          response_type: view.private ? 'ephemeral' : 'in_channel',
          replace_original: replaceOriginal,
        }),
        signal: AbortSignal.timeout(this.options.responseUrlTimeoutMs ?? RESPONSE_URL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new DeliveryError(`response_url could not be reached: ${String(error)}`, false, { cause: error });
    }
    // A response_url lives 30 minutes and takes 5 answers; past that (404, 410) no retry can help.
    if (!response.ok) {
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
      throw new DeliveryError(`response_url answered HTTP ${response.status}`, permanent);
    }
  }
}

async function slackCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WebAPIPlatformError) {
      throw new DeliveryError(`Slack answered ${error.data.error}`, PERMANENT_ERRORS.has(error.data.error), {
        cause: error,
      });
    }
    throw new DeliveryError(`Slack could not be reached: ${String(error)}`, false, { cause: error });
  }
}
