/** Builds the chat bot's dependencies from configuration: the one place the bot is wired. */
import { WebClient } from '@slack/web-api';
import { idTokenVerifier } from '../core/auth/id-token';
import { exchangeCodeAtTokenEndpoint, type SigninDeps } from '../core/auth/signin';
import { documentClient } from '../core/aws/dynamodb';
import type { AuthSettings, Config } from '../core/config';
import { LinkStore } from '../core/data/links';
import { SigninStateStore } from '../core/data/signin-states';
import { ConfigError } from '../core/errors';
import { type Log, logger } from '../core/logger';
import { slackCredentials } from './slack/credentials';
import { SlackLinkNotifier } from './slack/link-notifier';

function requireAuth(config: Config): AuthSettings {
  if (!config.auth)
    throw new ConfigError('AUTH_CLIENT_ID', 'the Cognito app client id (the sign-in is not configured)');
  return config.auth;
}

/** The Slack Web API client, built on first use: in Lambda its token comes from the Slack secret. */
export type SlackClient = () => Promise<WebClient | undefined>;

export function slackClient(config: Config): SlackClient {
  let client: Promise<WebClient | undefined> | undefined;
  const options = config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {};
  return () => {
    client ??= (
      config.slack.secretArn
        ? slackCredentials(config.slack).then(({ botToken }) => botToken)
        : Promise.resolve(config.slack.botToken)
    ).then(
      (token) => (token ? new WebClient(token, options) : undefined),
      (error) => {
        client = undefined;
        throw error;
      },
    );
    return client;
  };
}

export function signinDeps(config: Config, slack: SlackClient = slackClient(config), log: Log = logger): SigninDeps {
  const auth = requireAuth(config);
  const db = documentClient(config.aws);
  return {
    auth,
    groups: config.groups,
    links: config.links,
    states: new SigninStateStore(db, config.tables.signinStates),
    linkStore: new LinkStore(db, config.tables.links),
    verifier: idTokenVerifier(auth),
    exchange: (code, verifier, redirectUri) => exchangeCodeAtTokenEndpoint(auth, code, verifier, redirectUri),
    notifiers: { slack: new SlackLinkNotifier(slack) },
    now: () => new Date(),
    log,
  };
}
