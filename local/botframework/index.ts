/**
 * A local stand-in for the Bot Framework as a single-tenant Teams bot meets it: the channel service that signs the
 * activities it posts to the bot (OpenID metadata and a JWKS whose keys carry endorsements), Entra ID's token
 * endpoint for the bot's own calls (client credentials with the app id and password), and the Connector API those
 * calls reach, recording each one. The bot checks the tokens with botbuilder's own validation; only its channel
 * service settings (`env()`) change. It knows nothing of jest, and nothing of botbuilder.
 */
import { serve } from '../http/listen';
import { BotTokens, type TokenRequestRecord } from './bot-tokens';
import { ChannelTokens, type SignableActivity, TEAMS_CHANNEL, type TokenFault } from './channel-tokens';
import { Conversations, type TeamsMember } from './connector';
import { type ConnectorCall, type ConnectorListener, type ConnectorOperation, Recorder } from './recorder';
import { handleRequest, OPENID_METADATA_PATH, SERVICE_PATH } from './server';

export {
  type ActivityOrigin,
  type ConversationType,
  cardAction,
  cardSubmit,
  type DemoMember,
  groupChat,
  guidFrom,
  mentionMessage,
  newActivityId,
  personalChat,
  personalMessage,
  type TeamsActivity,
  type TeamsChat,
  teamChannel,
  teamsMembers,
} from './activities';
export type { TokenRequestRecord } from './bot-tokens';
export { type Card, cardsOf } from './cards';
export { OTHER_CHANNEL, TEAMS_CHANNEL, TOKEN_FAULTS, type TokenFault } from './channel-tokens';
export type { TeamsMember } from './connector';
export type { ConnectorCall, ConnectorListener, ConnectorOperation } from './recorder';

/** The local bot's registration: made-up ids of the same form as an Azure Bot's. */
export const LOCAL_TEAMS_APP_ID = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
export const LOCAL_TEAMS_TENANT_ID = '0e9d8c7b-6a59-4483-9271-605f4e3d2c1b';
export const LOCAL_TEAMS_APP_PASSWORD = 'local-teams-app-password';

export interface BotFrameworkOptions {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  port?: number;
  host?: string;
  /** The clock, ms since the epoch. */
  now?: () => number;
}

export interface BotFramework {
  /** The base URL, such as `http://127.0.0.1:50123`. */
  url: string;
  /** The service URL activities carry and the bot posts to: `<url>/teams/`. */
  serviceUrl: string;
  appId: string;
  tenantId: string;
  /** The channel id the keys are endorsed for: `msteams`. */
  channelId: string;
  /** The variables that make the bot trust this stand-in and call it (TEAMS_*). */
  env(): Record<string, string>;
  /** A channel → bot token for this activity, as the Bot Framework signs it; `faults` make it bad on purpose. */
  tokenFor(activity: SignableActivity, faults?: TokenFault | readonly TokenFault[]): string;
  /** Every Connector API call the bot made, refused ones included; only those of `operation` when given. */
  calls(operation?: ConnectorOperation): ConnectorCall[];
  /** The first matching call, already made or still to come; rejects after `timeoutMs` (default 5000). */
  waitForCall(
    operation: ConnectorOperation,
    predicate?: (call: ConnectorCall) => boolean,
    timeoutMs?: number,
  ): Promise<ConnectorCall>;
  /** Hears every Connector call as it is answered; returns the function that stops it. */
  subscribe(listener: ConnectorListener): () => void;
  /** Every request to the token endpoint, granted or refused. */
  tokenRequests(): TokenRequestRecord[];
  /** Puts a member in a conversation, as TeamsInfo.getMember will answer it. */
  setMember(conversationId: string, member: TeamsMember): void;
  /** The activities the bot sent to a conversation and did not delete, as last updated. */
  activities(conversationId: string): Record<string, unknown>[];
  /** Milliseconds added before every Connector API answer from now on (0: none); keys and tokens are not delayed. */
  setLatency(ms: number): void;
  /** Forgets calls, conversations, members, token requests and the latency; keeps the keys and issued tokens. */
  reset(): void;
  close(): Promise<void>;
}

export async function startBotFramework(options: BotFrameworkOptions = {}): Promise<BotFramework> {
  const appId = options.appId ?? LOCAL_TEAMS_APP_ID;
  const appPassword = options.appPassword ?? LOCAL_TEAMS_APP_PASSWORD;
  const tenantId = options.tenantId ?? LOCAL_TEAMS_TENANT_ID;
  if (!appId || !appPassword || !tenantId) throw new Error('startBotFramework needs an app id, password and tenant.');
  const now = options.now ?? Date.now;
  let url = '';
  const channelTokens = new ChannelTokens({ issuer: () => url, appId, now });
  const botTokens = new BotTokens({ appId, appPassword, tenantId, scope: () => url, now });
  const conversations = new Conversations({ appId, tenantId, now });
  const recorder = new Recorder();
  let latencyMs = 0;
  const parts = { url: () => url, channelTokens, botTokens, conversations, recorder, now, latencyMs: () => latencyMs };
  const served = await serve((req, res) => handleRequest(parts, req, res), options);
  url = served.url;
  const serviceUrl = `${url}${SERVICE_PATH}`;

  return {
    url,
    serviceUrl,
    appId,
    tenantId,
    channelId: TEAMS_CHANNEL,
    env: () => ({
      TEAMS_APP_ID: appId,
      TEAMS_TENANT_ID: tenantId,
      TEAMS_APP_PASSWORD: appPassword,
      TEAMS_OPENID_METADATA_URL: `${url}${OPENID_METADATA_PATH}`,
      TEAMS_TOKEN_ISSUER: url,
      TEAMS_LOGIN_URL: `${url}/${tenantId}`,
      TEAMS_OAUTH_SCOPE: url,
      TEAMS_SERVICE_URL: serviceUrl,
    }),
    tokenFor: (activity, faults = []) =>
      channelTokens.tokenFor(activity, typeof faults === 'string' ? [faults] : (faults as readonly TokenFault[])),
    calls: (operation) => recorder.calls(operation),
    waitForCall: (operation, predicate, timeoutMs) => recorder.waitForCall(operation, predicate, timeoutMs),
    subscribe: (listener) => recorder.subscribe(listener),
    tokenRequests: () => botTokens.requests.map((r) => ({ ...r })),
    setMember: (conversationId, member) => conversations.setMember(conversationId, member),
    activities: (conversationId) => conversations.activities(conversationId),
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    reset: () => {
      latencyMs = 0;
      recorder.reset();
      conversations.reset();
      botTokens.requests.length = 0;
    },
    close: served.close,
  };
}
