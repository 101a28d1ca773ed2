/**
 * The bot's outbound credentials when the channel service is not Microsoft's (the local stand-in): the OAuth 2.0
 * client credentials grant with the app id and client secret at `<login URL>/oauth2/v2.0/token`, as MSAL does
 * against Entra ID. MSAL itself refuses an http authority, so botbuilder's own factory cannot reach a stand-in on
 * this machine; this one plugs into the same place (a ServiceClientCredentialsFactory), and botbuilder's
 * AppCredentials still caches the token and signs every Connector request with it.
 */
import { AppCredentials, type AuthenticatorResult, ServiceClientCredentialsFactory } from 'botframework-connector';
import { TOKEN_PATH } from './settings';

const TOKEN_TIMEOUT_MS = 10_000;

/** The token endpoint refused the bot, or answered something that is not a token. */
export class TokenRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string | undefined,
  ) {
    super(
      `The channel service's token endpoint refused the bot's credentials (HTTP ${status}${error ? `, ${error}` : ''}).`,
    );
    this.name = 'TokenRequestError';
  }
}

class ClientSecretCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly clientSecret: string,
    private readonly tokenUrl: string,
    scope: string,
  ) {
    super(appId, undefined, scope);
    this.oAuthEndpoint = tokenUrl;
  }

  protected async refreshToken(): Promise<AuthenticatorResult> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    const response = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.appId,
        client_secret: this.clientSecret,
        scope,
      }),
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    const answer = (await response.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
    };
    if (!response.ok || typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw new TokenRequestError(response.status, typeof answer.error === 'string' ? answer.error : undefined);
    }
    return { accessToken: answer.access_token, expiresOn: new Date(Date.now() + answer.expires_in * 1000) };
  }
}

export class ClientSecretCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly tokenUrl: string;

  constructor(
    private readonly appId: string,
    private readonly clientSecret: string,
    loginUrl: string,
  ) {
    super();
    this.tokenUrl = `${loginUrl.replace(/\/+$/, '')}${TOKEN_PATH}`;
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  /** Never: this factory exists only with an app id and a secret. */
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  /** Credentials for the bot's own app id only, always from the configured login URL (the secret goes nowhere else). */
  async createCredentials(appId: string, audience: string | undefined): Promise<AppCredentials> {
    if (appId !== this.appId) throw new Error('Credentials are only made for the bot’s own app id.');
    if (!audience) throw new Error('Credentials need an audience (the channel service’s OAuth scope).');
    return new ClientSecretCredentials(appId, this.clientSecret, this.tokenUrl, audience);
  }

  /** Keeps the secret out of JSON.stringify, as botbuilder's own factories do. */
  toJSON(): Record<string, string> {
    return { name: 'ClientSecretCredentialsFactory', appId: this.appId };
  }
}
