/** The person behind a Slack request, as the conversation layer needs them. */
import type { WebClient } from '@slack/web-api';
import type { Asker } from '../conversation';
import type { BotServices } from '../services';

export function slackAsker(services: BotServices, client: WebClient, teamId: string, userId: string): Asker {
  return {
    chat: { platform: 'slack', tenantId: teamId, userId },
    // Needs users:read.email; without it the sign-in simply skips the email check.
    email: async () => {
      const info = await client.users.info({ user: userId });
      return info.user?.profile?.email;
    },
    linkOf: (chatUserId) =>
      services.links.get({ platform: 'slack', tenantId: teamId, userId: chatUserId }, services.now()),
  };
}

/** The key of a Slack request for idempotency: a retry or a second click on the same button gets the same key. */
export function requestKey(teamId: string, ...parts: (string | undefined)[]): string {
  return ['slack', teamId, ...parts.map((p) => p ?? '')].join(':');
}
