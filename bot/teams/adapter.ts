/**
 * The botbuilder CloudAdapter for a single-tenant Azure Bot, with authentication always on: every activity's token
 * is checked by botbuilder's own validation (signature against the channel's JWKS, endorsement for the channel,
 * issuer, audience = our app id, serviceurl claim = the activity's serviceUrl). With no channel service override
 * the channel settings and outbound credentials are botbuilder's defaults (Microsoft's services, MSAL); with the
 * overrides (the local stand-in) they point there and the credentials come from ClientSecretCredentialsFactory.
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
  StatusCodes,
  type TurnContext,
} from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationError,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { ConfigError, WorkspacesBotError } from '../../core/errors';
import type { Log } from '../../core/logger';
import { ClientSecretCredentialsFactory } from './client-credentials';
import type { TeamsSettings } from './settings';

/** Reads a Secrets Manager secret's string; injected in tests, Secrets Manager otherwise. */
export type SecretReader = (secretArn: string) => Promise<string | undefined>;

export interface TeamsAdapterOptions {
  log: Log;
  secrets?: SecretReader;
}

export interface TeamsAdapter {
  /** botbuilder's adapter: `process` for the HTTP entry point (bot/teams/http.ts). */
  adapter: CloudAdapter;
  /** The bot's Microsoft App ID, as proactive calls need it. */
  appId: string;
  /** Whether the bot may post to this service URL with its token (TeamsSettings.serviceUrlAllowed). */
  serviceUrlAllowed(url: string): boolean;
  /**
   * Runs `logic` in a proactive turn in the referenced conversation (adapter.continueConversationAsync with our
   * app id), after checking that its serviceUrl is one the bot may post to: a stored reference is data, and the
   * bot's token must never go to a host that is not Teams.
   */
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/** A conversation reference whose serviceUrl the bot will not post to. */
export class ServiceUrlRefused extends WorkspacesBotError {
  constructor() {
    super('TEAMS_SERVICE_URL_REFUSED', 'The conversation reference names a service URL that is not Teams’.');
  }
}

/**
 * botbuilder's validation with one correction: jsonwebtoken's own errors (no signature, `alg: none`, a signature
 * that does not verify) reach CloudAdapter as plain errors, which it answers 500; they are refusals, so 401.
 */
class TeamsBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asRefusal(error);
    }
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw asRefusal(error);
    }
  }
}

/** The adapters createTeamsAdapter built, with authentication on; the HTTP entry point serves no other. */
const built = new WeakSet<TeamsAdapter>();

export function isAuthenticatingAdapter(teams: TeamsAdapter): boolean {
  return built.has(teams);
}

const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

function asRefusal(error: unknown): unknown {
  if (error instanceof Error && JWT_ERRORS.has(error.name)) {
    return new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
  }
  return error;
}

export async function createTeamsAdapter(settings: TeamsSettings, options: TeamsAdapterOptions): Promise<TeamsAdapter> {
  const { appId, tenantId } = settings;
  if (!settings.configured || !appId || !tenantId) {
    throw new ConfigError('TEAMS_APP_ID', "the Azure Bot's Microsoft App ID (Teams is not configured)");
  }
  const appPassword = settings.appPassword ?? (await teamsAppPassword(settings.secretArn, options.secrets));
  const service = settings.channelService;
  const configuration: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: appId,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: tenantId,
    MicrosoftAppPassword: appPassword,
    ...(service
      ? {
          ToBotFromChannelOpenIdMetadataUrl: service.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: service.tokenIssuer,
          // Tokens that look like the Emulator's or a skill's are checked against the same service's keys.
          ToBotFromEmulatorOpenIdMetadataUrl: service.openIdMetadataUrl,
          ToChannelFromBotLoginUrl: service.loginUrl,
          ToChannelFromBotOAuthScope: service.oauthScope,
          // The user token service is unused; pointed at the same service so nothing reaches Microsoft's.
          OAuthUrl: new URL(service.serviceUrl).origin,
          ValidateAuthority: true,
        }
      : {}),
  };
  const credentials: ServiceClientCredentialsFactory = service
    ? new ClientSecretCredentialsFactory(appId, appPassword, service.loginUrl)
    : new ConfigurationServiceClientCredentialFactory(configuration);
  // The guard this module exists for: an adapter that would accept unauthenticated activities is never built.
  if (await credentials.isAuthenticationDisabled()) {
    throw new ConfigError('TEAMS_APP_ID', 'an app id that turns authentication on');
  }
  const adapter = new CloudAdapter(new TeamsBotFrameworkAuthentication(configuration, credentials));
  options.log.debug('Teams adapter ready', { appId, channelService: service ? 'override' : 'microsoft' });
  const teams: TeamsAdapter = {
    adapter,
    appId,
    serviceUrlAllowed: (url) => settings.serviceUrlAllowed(url),
    continueConversation: async (reference, logic) => {
      if (!reference.serviceUrl || !settings.serviceUrlAllowed(reference.serviceUrl)) throw new ServiceUrlRefused();
      await adapter.continueConversationAsync(appId, reference, logic);
    },
  };
  built.add(teams);
  return teams;
}

const secretsRead = new WeakMap<SecretReader, Map<string, Promise<string>>>();

/** The client secret from Secrets Manager, read once per process (a failed read is tried again next time). */
function teamsAppPassword(secretArn: string | undefined, reader: SecretReader = readSecretsManager): Promise<string> {
  if (!secretArn) {
    return Promise.reject(new ConfigError('TEAMS_SECRET_ARN', 'a Secrets Manager secret {"appPassword": "..."}'));
  }
  let byArn = secretsRead.get(reader);
  if (!byArn) {
    byArn = new Map();
    secretsRead.set(reader, byArn);
  }
  let password = byArn.get(secretArn);
  if (!password) {
    password = reader(secretArn).then((text) => appPasswordOf(text, secretArn));
    byArn.set(secretArn, password);
    password.catch(() => byArn.delete(secretArn));
  }
  return password;
}

function appPasswordOf(text: string | undefined, secretArn: string): string {
  let value: { appPassword?: unknown } = {};
  try {
    value = JSON.parse(text ?? '{}') as { appPassword?: unknown };
  } catch {
    // Reported below without echoing the secret.
  }
  if (typeof value.appPassword !== 'string' || !value.appPassword.trim()) {
    throw new ConfigError('TEAMS_SECRET_ARN', 'a secret whose value is {"appPassword": "..."}', secretArn);
  }
  return value.appPassword;
}

async function readSecretsManager(secretArn: string): Promise<string | undefined> {
  // Loaded on the first cold-start request rather than with the module.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    return (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } finally {
    client.destroy();
  }
}
