/** The person behind a Slack request, as the conversation layer needs them. */
import type { WebClient } from '@slack/web-api';
import type { Asker } from '../conversation';
import type { BotServices } from '../services';

export function slackAsker(services: BotServices, client: WebClient, teamId: string, userId: string): Asker {
  return {
    chat: { platform: 'slack', tenantId: teamId, userId },
    // Needs users:read.email. A profile without an email skips the check; a failed call makes no link.
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

/** The workspace a Slack interaction came from (interactions carry it in `team`, or on the user). */
export function teamOf(body: { team?: { id: string } | null; user: { team_id?: string } }): string {
  return body.team?.id ?? body.user.team_id ?? '';
}

/** How the person is named in "requested by ...": their Slack handle. */
export function requesterName(user: { id: string; name?: string; username?: string }): string {
  return `@${user.username ?? user.name ?? user.id}`;
}
