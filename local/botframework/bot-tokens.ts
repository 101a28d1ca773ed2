/**
 * The bot's own tokens (bot → channel), as Microsoft Entra ID issues them to a single-tenant bot: the client
 * credentials grant at `/<tenant id>/oauth2/v2.0/token` with the app id and password, for the scope
 * `<channel service>/.default`. The Connector API accepts only a token issued here, unexpired, for its scope.
 */
import { generateKeyPairSync, randomUUID, timingSafeEqual } from 'node:crypto';
import { jwkThumbprint, signRs256 } from '../signin-provider/jwt';

/** Entra ID's app tokens last about an hour. */
export const BOT_TOKEN_LIFETIME_SECONDS = 3599;

export type TokenRequestError =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'invalid_scope'
  | 'unsupported_grant_type';

/** One request to the token endpoint: what was asked, and the token or the reason it was refused. */
export interface TokenRequestRecord {
  clientId: string | undefined;
  scope: string | undefined;
  granted: boolean;
  error?: TokenRequestError;
  /** Why, in words; Entra ID says as much in error_description. */
  description?: string;
  at: Date;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface BotTokenOptions {
  appId: string;
  appPassword: string;
  tenantId: string;
  /** The audience the bot asks for, without `/.default`: the stand-in's own origin. */
  scope: () => string;
  now: () => number;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: TokenRequestError,
    description: string,
  ) {
    super(description);
  }
}

export class BotTokens {
  private readonly key = (() => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { privateKey, kid: jwkThumbprint(privateKey) };
  })();
  /** Every token issued, with when it stops being good (ms since the epoch). */
  private readonly issued = new Map<string, { appId: string; expiresAt: number }>();
  readonly requests: TokenRequestRecord[] = [];

  constructor(private readonly options: BotTokenOptions) {}

  /** Answers `POST /<tenant>/oauth2/v2.0/token`; `tenant` is the path's first segment. */
  answer(tenant: string, contentType: string | undefined, body: string): TokenAnswer {
    const params = new URLSearchParams(body);
    const clientId = params.get('client_id') ?? undefined;
    const scope = params.get('scope') ?? undefined;
    try {
      const token = this.grant(tenant, contentType, params);
      this.requests.push({ clientId, scope, granted: true, at: new Date(this.options.now()) });
      return {
        status: 200,
        body: {
          token_type: 'Bearer',
          expires_in: BOT_TOKEN_LIFETIME_SECONDS,
          ext_expires_in: BOT_TOKEN_LIFETIME_SECONDS,
          access_token: token,
        },
      };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.requests.push({
        clientId,
        scope,
        granted: false,
        error: error.error,
        description: error.message,
        at: new Date(this.options.now()),
      });
      return { status: error.status, body: { error: error.error, error_description: error.message } };
    }
  }

  /** The app id a bearer token was issued to, when it was issued here and is still good; else undefined. */
  check(authorization: string | undefined): string | undefined {
    const token = /^Bearer\s+(\S+)$/.exec(authorization ?? '')?.[1];
    const issued = token === undefined ? undefined : this.issued.get(token);
    if (!issued || issued.expiresAt <= this.options.now()) return undefined;
    return issued.appId;
  }

  private grant(tenant: string, contentType: string | undefined, params: URLSearchParams): string {
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      throw new Refusal(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded.');
    }
    if (tenant !== this.options.tenantId) {
      throw new Refusal(
        400,
        'invalid_request',
        `Tenant "${tenant}" not found: a single-tenant bot asks its own tenant.`,
      );
    }
    const grantType = params.get('grant_type');
    if (grantType !== 'client_credentials') {
      throw new Refusal(400, 'unsupported_grant_type', 'Only the client_credentials grant is served here.');
    }
    const clientId = params.get('client_id');
    if (clientId !== this.options.appId) {
      throw new Refusal(400, 'unauthorized_client', `Application "${clientId ?? ''}" was not found in the tenant.`);
    }
    if (!sameSecret(params.get('client_secret') ?? '', this.options.appPassword)) {
      throw new Refusal(401, 'invalid_client', 'Invalid client secret provided.');
    }
    const wanted = `${this.options.scope()}/.default`;
    if (params.get('scope') !== wanted) {
      throw new Refusal(400, 'invalid_scope', `The scope must be "${wanted}".`);
    }
    const now = Math.floor(this.options.now() / 1000);
    const token = signRs256(
      {
        aud: this.options.scope(),
        iss: `${this.options.scope()}/${this.options.tenantId}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + BOT_TOKEN_LIFETIME_SECONDS,
        azp: clientId,
        appid: clientId,
        tid: this.options.tenantId,
        ver: '2.0',
        jti: randomUUID(),
      },
      this.key.privateKey,
      this.key.kid,
    );
    this.issued.set(token, { appId: clientId, expiresAt: (now + BOT_TOKEN_LIFETIME_SECONDS) * 1000 });
    return token;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
