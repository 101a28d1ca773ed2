/**
 * Turns the conversation's replies into Slack: the immediate answer (in the slash command's HTTP
 * response, or through the response_url), the hand-off of slow work, or the terminate modal.
 */
import type { WebClient } from '@slack/web-api';
import type { ChatIdentity } from '../../core/policy';
import type { Reply } from '../conversation';
import type { BotServices } from '../services';
import type { MessageView } from '../views';
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

export async function handOff(
  services: BotServices,
  reply: Extract<Reply, { kind: 'handoff' }>,
  chat: ChatIdentity,
  key: string,
  target: ReplyTarget,
  requestedBy: string,
): Promise<void> {
  await services.queue.enqueue({
    type: 'action',
    chat,
    action: reply.action,
    workspaceIds: reply.workspaceIds,
    requestKey: key,
    requestedBy,
    reply: target,
  });
}
