/** The Slack Web API client, built on first use: in Lambda its token comes from the Slack secret (read once). */
import { WebClient } from '@slack/web-api';
import type { Config } from '../../core/config';
import { slackCredentials } from './credentials';
import { slackSettings } from './settings';

export type SlackClient = () => Promise<WebClient | undefined>;

export function slackClient(config: Config): SlackClient {
  let client: Promise<WebClient | undefined> | undefined;
  const settings = slackSettings(config);
  const options = settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
  return () => {
    client ??= (
      settings.secretArn
        ? slackCredentials(settings).then(({ botToken }) => botToken)
        : Promise.resolve(settings.botToken)
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
