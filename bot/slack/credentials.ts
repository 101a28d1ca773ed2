/**
 * The Slack signing secret and bot token: from Secrets Manager in Lambda (read once per container and
 * cached), or from the environment on one machine. Their values are never logged.
 */

import { ConfigError } from '../../core/errors';
import type { SlackSettings } from './settings';

export interface SlackCredentials {
  signingSecret: string;
  botToken: string;
}

let cached: Promise<SlackCredentials> | undefined;

async function fromSecret(secretArn: string): Promise<SlackCredentials> {
  // Loaded here, on the first cold-start request, rather than with the module.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  client.destroy();
  let value: Partial<SlackCredentials> = {};
  try {
    value = JSON.parse(out.SecretString ?? '{}');
  } catch {
    // Reported below without echoing the secret.
  }
  if (!value.signingSecret || !value.botToken) {
    throw new ConfigError(
      'SLACK_SECRET_ARN',
      'a secret whose value is {"signingSecret": "...", "botToken": "xoxb-..."}',
      secretArn,
    );
  }
  return { signingSecret: value.signingSecret, botToken: value.botToken };
}

export function slackCredentials(settings: SlackSettings): Promise<SlackCredentials> {
  if (settings.secretArn) {
    cached ??= fromSecret(settings.secretArn).catch((error) => {
      cached = undefined;
      throw error;
    });
    return cached;
  }
  if (!settings.signingSecret)
    return Promise.reject(
      new ConfigError('SLACK_SIGNING_SECRET', "the Slack app's signing secret (or SLACK_SECRET_ARN)"),
    );
  if (!settings.botToken)
    return Promise.reject(new ConfigError('SLACK_BOT_TOKEN', 'the Slack bot token, xoxb-... (or SLACK_SECRET_ARN)'));
  return Promise.resolve({ signingSecret: settings.signingSecret, botToken: settings.botToken });
}
