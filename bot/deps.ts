/** Builds the chat bot's dependencies from configuration: the one place the bot is wired. */
import { idTokenVerifier } from '../core/auth/id-token';
import { exchangeCodeAtTokenEndpoint, type SigninDeps } from '../core/auth/signin';
import { documentClient } from '../core/aws/dynamodb';
import type { AuthSettings, Config } from '../core/config';
import { LinkStore } from '../core/data/links';
import { SigninStateStore } from '../core/data/signin-states';
import { ConfigError } from '../core/errors';
import { type Log, logger } from '../core/logger';

function requireAuth(config: Config): AuthSettings {
  if (!config.auth)
    throw new ConfigError('AUTH_CLIENT_ID', 'the Cognito app client id (the sign-in is not configured)');
  return config.auth;
}

/** `notifiers`: how each platform tells a person what came of their sign-in (linkNotifiers in bot/chat). */
export function signinDeps(
  config: Config,
  notifiers: SigninDeps['notifiers'] = {},
  log: Log = logger,
  db = documentClient(config.aws),
): SigninDeps {
  const auth = requireAuth(config);
  return {
    auth,
    groups: config.groups,
    links: config.links,
    states: new SigninStateStore(db, config.tables.signinStates),
    linkStore: new LinkStore(db, config.tables.links),
    verifier: idTokenVerifier(auth),
    exchange: (code, verifier, redirectUri) => exchangeCodeAtTokenEndpoint(auth, code, verifier, redirectUri),
    notifiers,
    now: () => new Date(),
    log,
  };
}
