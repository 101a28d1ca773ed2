/** The Slack Web API client, built on first use: in Lambda its token comes from the Slack secret (read once). */
import { WebClient } from '@slack/web-api';
import type { Config } from '../../core/config';
import { slackCredentials } from './credentials';

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
