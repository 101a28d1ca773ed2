/**
 * Turns the conversation's replies into Slack: the immediate answer (in the slash command's HTTP
 * response, or through the response_url), the hand-off of slow work, or the terminate modal.
 */
import type { WebClient } from '@slack/web-api';
import type { ChatIdentity } from '../../core/policy';
import type { Reply } from '../conversation';
import type { BotServices } from '../services';
import { type MessageView, notice } from '../views';
import type { ReplyTarget } from '../work/jobs';
import { renderMessage } from './render/message';
import { renderTerminateModal } from './render/terminate-modal';

export function slashResponse(view: MessageView) {
  return { ...renderMessage(view), response_type: view.private ? ('ephemeral' as const) : ('in_channel' as const) };
}

/** What the terminate modal carries so its submission knows the WorkSpace and where to report. */
export interface TerminateMetadata {
  workspaceId: string;
  responseUrl?: string;
}

export async function openTerminateModal(
  client: WebClient,
  triggerId: string,
  reply: Extract<Reply, { kind: 'typed-confirm' }>,
  responseUrl: string | undefined,
): Promise<void> {
  const metadata: TerminateMetadata = {
    workspaceId: reply.workspace.workspaceId,
    ...(responseUrl ? { responseUrl } : {}),
  };
  await client.views.open({
    trigger_id: triggerId,
    view: renderTerminateModal(reply.workspace, JSON.stringify(metadata)),
  });
}

/** Who asked for handed-off work, from which request, and where its outcome goes. */
export interface HandOffRequest {
  chat: ChatIdentity;
  /** The request's idempotency key (requestKey in asker.ts), and when this attempt was made, if the key is shared. */
  key: string;
  attemptAt?: number;
  target: ReplyTarget;
  requestedBy: string;
}

/**
 * Hands the work off. If the hand-off itself fails, the "Rebooting…" the person already sees is replaced by
 * a plain error saying nothing was done, rather than left to suggest the work is under way.
 */
export async function handOff(
  services: BotServices,
  client: WebClient,
  reply: Extract<Reply, { kind: 'handoff' }>,
  request: HandOffRequest,
): Promise<void> {
  try {
    await services.queue.enqueue({
      type: 'action',
      chat: request.chat,
      action: reply.action,
      workspaceIds: reply.workspaceIds,
      requestKey: request.key,
      ...(request.attemptAt !== undefined ? { attemptAt: request.attemptAt } : {}),
      requestedBy: request.requestedBy,
      reply: request.target,
    });
  } catch (error) {
    services.log.error('Could not hand off the work', { requestKey: request.key, error: String(error) });
    await sendReply(
      client,
      request.target,
      notice('error', 'Nothing was done: the request could not be passed on. Try again in a minute.'),
    );
  }
}

/**
 * Where a click's answers go: through its response_url (in place, or as a new message below), or, for a
 * click on the App Home tab, which has no response_url, into the person's DM with the bot.
 */
export function replyTargets(
  responseUrl: string | undefined,
  userId: string,
): { inPlace: ReplyTarget; below: ReplyTarget } {
  if (!responseUrl) {
    const dm: ReplyTarget = { kind: 'slack-message', channel: userId };
    return { inPlace: dm, below: dm };
  }
  return {
    inPlace: { kind: 'slack-response-url', url: responseUrl, replaceOriginal: true },
    below: { kind: 'slack-response-url', url: responseUrl, replaceOriginal: false },
  };
}

/** Sends one answer: through the response_url, or as a bot message (which needs a client). */
export async function sendReply(client: WebClient | undefined, target: ReplyTarget, view: MessageView): Promise<void> {
  if (target.kind === 'slack-response-url') return postToResponseUrl(target.url, view, target.replaceOriginal);
  if (!client) throw new Error('No Slack bot token (SLACK_SECRET_ARN or SLACK_BOT_TOKEN) to post with');
  const { text, blocks } = renderMessage(view);
  if (target.ts) await client.chat.update({ channel: target.channel, ts: target.ts, text, blocks });
  else await client.chat.postMessage({ channel: target.channel, text, blocks });
}

export async function postToResponseUrl(url: string, view: MessageView, replaceOriginal: boolean): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...renderMessage(view),
      response_type: view.private ? 'ephemeral' : 'in_channel',
      replace_original: replaceOriginal,
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}
