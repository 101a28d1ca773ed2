/**
 * The one-time sign-in that ties a chat account to an AD identity: a random state bound to the chat
 * identity, the authorization code grant with PKCE (S256) through the hosted UI, a verified ID token,
 * and a link that lasts LINK_TTL_DAYS. Every failure links nothing and carries its reason and the facts behind it;
 * bot/views/signin.ts says it to the person, with the next step, in words that fit their chat platform.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthSettings, LinkSettings } from '../config';
import type { Link, LinkStore } from '../data/links';
import type { SigninStateStore } from '../data/signin-states';
import { WorkspacesBotError } from '../errors';
import { type AdUser, type GroupNames, parseAdUser, parseGroups, rolesFromGroups } from '../identity';
import type { Log } from '../logger';
import type { ChatIdentity } from '../policy';
import type { IdTokenVerifier } from './id-token';

export const SIGNIN_FAILURES = [
  'STATE_UNKNOWN',
  'PROVIDER_ERROR',
  'EXCHANGE_FAILED',
  'TOKEN_INVALID',
  'NO_AD_USER',
  'NO_GROUP',
  'EMAIL_MISMATCH',
] as const;
export type SigninFailure = (typeof SIGNIN_FAILURES)[number];

/** What a refusal is about, for the words that explain it; none of it is secret to the person signing in. */
export interface SigninFacts {
  /** The chat platform the sign-in link was made on, once the link is known. */
  platform?: ChatIdentity['platform'];
  /** PROVIDER_ERROR: what the sign-in service answered (`access_denied`...). */
  providerError?: string;
  /** EMAIL_MISMATCH: the chat account's e-mail, and the company account's (absent when the token had none). */
  chatEmail?: string;
  tokenEmail?: string;
  /** NO_GROUP: who signed in, and the groups that would have let them in. */
  adUser?: AdUser;
  groups?: GroupNames;
}

export class SigninError extends WorkspacesBotError {
  constructor(
    readonly reason: SigninFailure,
    /** For logs; people get bot/views/signin.ts's words. */
    message: string,
    readonly facts: SigninFacts = {},
    options?: { cause?: unknown },
  ) {
    super(`SIGNIN_${reason}`, message, options);
  }
}

/** Tells the person in chat what came of their sign-in; `notify` is where the platform said to, when it did. */
export interface LinkNotifier {
  linked(link: Link, notify?: unknown): Promise<void>;
  /** The sign-in was refused for a reason the person can act on in chat (no WorkSpaces group). */
  refused?(chat: ChatIdentity, error: SigninError, notify?: unknown): Promise<void>;
}

export interface SigninDeps {
  auth: AuthSettings;
  groups: GroupNames;
  links: LinkSettings;
  states: SigninStateStore;
  linkStore: LinkStore;
  verifier: IdTokenVerifier;
  /** Trades the code for an ID token at the provider's token endpoint. */
  exchange: (code: string, codeVerifier: string, redirectUri: string) => Promise<string>;
  notifiers: Partial<Record<ChatIdentity['platform'], LinkNotifier>>;
  now: () => Date;
  log: Log;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

export function callbackUrl(auth: AuthSettings): string {
  return `${auth.publicUrl}/auth/callback`;
}

/**
 * Starts a sign-in for a chat user: the URL of the bot's own start page, valid 10 minutes, usable once. `notify` is
 * kept for the platform's notifier (where to tell the person the outcome).
 */
export async function createSigninLink(
  deps: SigninDeps,
  chat: ChatIdentity,
  { chatEmail, notify }: { chatEmail?: string; notify?: unknown } = {},
): Promise<string> {
  const state = base64url(randomBytes(32));
  await deps.states.create(state, chat, base64url(randomBytes(32)), deps.now(), {
    ...(chatEmail ? { chatEmail: chatEmail.toLowerCase() } : {}),
    ...(notify !== undefined ? { notify } : {}),
  });
  return `${deps.auth.publicUrl}/auth/start?state=${state}`;
}

/** Where /auth/start sends the browser: the hosted UI, code grant with PKCE, straight to the SAML provider. */
export async function authorizeUrl(deps: SigninDeps, state: string | undefined): Promise<string> {
  const stored = state ? await deps.states.peek(state, deps.now()) : undefined;
  if (!stored || !state) throw staleState();
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: deps.auth.clientId,
    redirect_uri: callbackUrl(deps.auth),
    scope: 'openid email profile',
    state,
    code_challenge: base64url(createHash('sha256').update(stored.codeVerifier).digest()),
    code_challenge_method: 'S256',
  });
  if (deps.auth.identityProvider) params.set('identity_provider', deps.auth.identityProvider);
  return `${deps.auth.domainUrl}/oauth2/authorize?${params}`;
}

function staleState(): SigninError {
  return new SigninError('STATE_UNKNOWN', 'The sign-in state is unknown, expired or already used.');
}

/** The AD user from the ID token: identities[].userId (DOMAIN\user) by default, or a configured claim. */
export function adUserFromClaims(claims: Record<string, unknown>, claim: string): AdUser | undefined {
  if (claim !== 'identities') return parseAdUser(claims[claim]);
  let identities = claims.identities;
  if (typeof identities === 'string') {
    try {
      identities = JSON.parse(identities);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(identities)) return undefined;
  const entries = identities.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  const primary = entries.find((i) => String(i.primary) === 'true') ?? entries[0];
  return parseAdUser(primary?.userId);
}

export interface CallbackParams {
  state?: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

/** Finishes a sign-in: consumes the state once, trades the code, verifies the token, and links. */
export async function completeSignin(deps: SigninDeps, params: CallbackParams): Promise<Link> {
  const now = deps.now();
  const stored = params.state ? await deps.states.consume(params.state, now) : undefined;
  if (!stored) throw staleState();
  const chat = stored.chat;
  const platform = chat.platform;
  if (params.error || !params.code) {
    throw new SigninError('PROVIDER_ERROR', `The sign-in service answered ${params.error ?? 'no code'}.`, {
      platform,
      providerError: params.error ?? 'no code',
    });
  }

  let idToken: string;
  try {
    idToken = await deps.exchange(params.code, stored.codeVerifier, callbackUrl(deps.auth));
  } catch (error) {
    throw new SigninError(
      'EXCHANGE_FAILED',
      'The code could not be traded for a token.',
      { platform },
      { cause: error },
    );
  }
  let claims: Record<string, unknown>;
  try {
    claims = await deps.verifier.verify(idToken);
  } catch (error) {
    throw new SigninError('TOKEN_INVALID', 'The ID token did not verify.', { platform }, { cause: error });
  }

  const adUser = adUserFromClaims(claims, deps.auth.adUserClaim);
  if (!adUser) throw new SigninError('NO_AD_USER', 'The ID token names no AD user.', { platform });
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
  // A link made for a chat account with a known email needs that email in the token: without it, no proof.
  if (stored.chatEmail && stored.chatEmail !== email) {
    throw new SigninError('EMAIL_MISMATCH', 'The ID token is for another e-mail than the chat account.', {
      platform,
      chatEmail: stored.chatEmail,
      ...(email ? { tokenEmail: email } : {}),
    });
  }
  const groups = parseGroups(claims[deps.auth.groupsClaim]);
  const roles = rolesFromGroups(groups, deps.groups);
  if (roles.size === 0) {
    const error = new SigninError('NO_GROUP', 'The AD user is in no WorkSpaces group.', {
      platform,
      adUser,
      groups: deps.groups,
    });
    // Said in chat too: every command would otherwise answer with the same sign-in prompt, a loop with no reason.
    await tellChat(deps, () => deps.notifiers[platform]?.refused?.(chat, error, stored.notify));
    throw error;
  }

  const link: Link = {
    chat,
    adUserName: adUser.userName,
    ...(adUser.domain ? { adDomain: adUser.domain } : {}),
    ...(email ? { email } : {}),
    groups,
    roles: [...roles],
    linkedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.links.ttlDays * 86_400_000).toISOString(),
  };
  await deps.linkStore.put(link);
  deps.log.info('Chat account linked', {
    platform: chat.platform,
    tenantId: chat.tenantId,
    userId: chat.userId,
    roles: link.roles,
  });
  await tellChat(deps, () => deps.notifiers[chat.platform]?.linked(link, stored.notify));
  return link;
}

/** The chat hears of the sign-in's outcome when it can; the sign-in itself never fails for it. */
async function tellChat(deps: SigninDeps, tell: () => Promise<void> | undefined): Promise<void> {
  try {
    await tell();
  } catch (error) {
    deps.log.warn('Could not tell the person in chat what came of the sign-in', { error: String(error) });
  }
}

/** Trades an authorization code at the hosted UI's token endpoint (a public client: no secret). */
export async function exchangeCodeAtTokenEndpoint(
  auth: AuthSettings,
  code: string,
  codeVerifier: string,
  redirectUri: string,
): Promise<string> {
  const response = await fetch(`${auth.domainUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (!response.ok || typeof body.id_token !== 'string') {
    throw new Error(`token endpoint answered HTTP ${response.status} ${String(body.error ?? '')}`.trim());
  }
  return body.id_token;
}
