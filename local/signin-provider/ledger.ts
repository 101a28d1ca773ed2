/**
 * What the provider remembers: sign-in pages waiting for a choice, authorization codes, and what it issued or
 * refused, so tests can assert on the exchange without reaching into the bot.
 */
import { randomBytes } from 'node:crypto';
import type { AuthorizeRequest } from './authorize';
import type { IdTokenClaims } from './claims';

/** Cognito's authorization codes are good for five minutes. */
export const CODE_LIFETIME_MS = 5 * 60_000;
/** How long a sign-in page may sit open before its choice is refused. */
export const PAGE_LIFETIME_MS = 15 * 60_000;

export interface IssuedCode {
  code: string;
  personKey: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  state?: string;
  nonce?: string;
  /** When the person chose themselves (the ID token's auth_time), ms since the epoch. */
  issuedAt: number;
  expiresAt: number;
  /** Set by the first exchange attempt, successful or not: a code is never accepted twice. */
  redeemedAt?: number;
}

export interface IssuedTokens {
  code: string;
  personKey: string;
  idToken: string;
  accessToken: string;
  idTokenClaims: IdTokenClaims;
  issuedAt: number;
}

export interface TokenRefusal {
  error: string;
  description: string;
  at: number;
}

export interface PendingSignin {
  id: string;
  request: AuthorizeRequest;
  expiresAt: number;
}

/** 32 random bytes, base64url: unguessable codes and page ids. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export class Ledger {
  private readonly pending = new Map<string, PendingSignin>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly firstSignIns = new Map<string, number>();
  readonly tokens: IssuedTokens[] = [];
  readonly refusals: TokenRefusal[] = [];

  constructor(private readonly now: () => number) {}

  openPage(request: AuthorizeRequest): PendingSignin {
    this.dropExpired();
    const page = { id: randomToken(), request, expiresAt: this.now() + PAGE_LIFETIME_MS };
    this.pending.set(page.id, page);
    return page;
  }

  /** The page's request, once: a second post of the same page (a double click, a replay) finds nothing. */
  takePage(id: string): PendingSignin | undefined {
    const page = this.pending.get(id);
    this.pending.delete(id);
    return page && page.expiresAt > this.now() ? page : undefined;
  }

  issueCode(personKey: string, request: AuthorizeRequest): IssuedCode {
    const issuedAt = this.now();
    const code: IssuedCode = {
      code: randomToken(),
      personKey,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      ...(request.state !== undefined ? { state: request.state } : {}),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      issuedAt,
      expiresAt: issuedAt + CODE_LIFETIME_MS,
    };
    this.codes.set(code.code, code);
    if (!this.firstSignIns.has(personKey)) this.firstSignIns.set(personKey, issuedAt);
    return code;
  }

  code(code: string): IssuedCode | undefined {
    return this.codes.get(code);
  }

  /** When the person first signed in here: Cognito's `identities[].dateCreated`. */
  firstSignIn(personKey: string): number {
    return this.firstSignIns.get(personKey) ?? this.now();
  }

  issuedCodes(): IssuedCode[] {
    return [...this.codes.values()].map((code) => ({ ...code }));
  }

  reset(): void {
    this.pending.clear();
    this.codes.clear();
    this.tokens.length = 0;
    this.refusals.length = 0;
  }

  /** Keeps a long `npm start` from growing without bound; codes stay, for the record, until reset. */
  private dropExpired(): void {
    const now = this.now();
    for (const [id, page] of this.pending) if (page.expiresAt <= now) this.pending.delete(id);
  }
}
