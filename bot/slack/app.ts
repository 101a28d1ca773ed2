/**
 * The Bolt app: every listener registered on it, served by AwsLambdaReceiver (HTTP, Lambda or local) or
 * over Socket Mode. The bot's ids come from configuration, so a cold start never waits for auth.test.
 */
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { HttpHandler, HttpResult } from '../http/types';
import { type SlackCredentials, slackCredentials } from './credentials';
import { refusal } from './gate';
import { register, type SlackEntry } from './listeners';
import type { SlackSettings } from './settings';

function authorizer(credentials: SlackCredentials, settings: SlackSettings) {
  let ids: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    if (settings.botId && settings.botUserId) {
      return { botToken: credentials.botToken, botId: settings.botId, botUserId: settings.botUserId };
    }
    // Only when the ids were not configured: ask once per container.
    ids ??= new WebClient(credentials.botToken, settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}).auth
      .test()
      .then((out) => ({ botId: out.bot_id, botUserId: out.user_id }));
    return { botToken: credentials.botToken, ...(await ids) };
  };
}

function clientOptions(settings: SlackSettings) {
  return settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
}

/** Every error a listener or middleware did not handle is logged with what it was about; Bolt then answers. */
function logErrors(app: App, entry: SlackEntry): void {
  app.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    entry.log.error('Unhandled error in a Slack listener', {
      code: (error as { code?: string }).code,
      error: String(original),
    });
  });
}

/** The /slack/events handler: Slack's signed requests in, Bolt's answer out (401 for a bad signature). */
export async function slackHttpHandler(entry: SlackEntry, settings: SlackSettings): Promise<HttpHandler> {
  const credentials = await slackCredentials(settings);
  const receiver = new AwsLambdaReceiver({ signingSecret: credentials.signingSecret, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    authorize: authorizer(credentials, settings),
    clientOptions: clientOptions(settings),
    logLevel: LogLevel.ERROR,
  });
  register(app, entry);
  logErrors(app, entry);
  const handle = await receiver.start();
  const gate = { signingSecret: credentials.signingSecret, ...(settings.teamIds ? { teamIds: settings.teamIds } : {}) };
  return async (event) => refusal(event, gate) ?? ((await handle(event, {})) as HttpResult);
}

/** The same listeners over Socket Mode, for a real Slack workspace without a public URL. */
export async function startSocketModeApp(entry: SlackEntry, settings: SlackSettings): Promise<App> {
  if (!settings.appToken) throw new Error('Socket Mode needs SLACK_APP_TOKEN');
  const credentials = await slackCredentials(settings);
  const app = new App({
    socketMode: true,
    appToken: settings.appToken,
    signingSecret: credentials.signingSecret,
    authorize: authorizer(credentials, settings),
    clientOptions: clientOptions(settings),
    logLevel: LogLevel.ERROR,
  });
  register(app, entry);
  logErrors(app, entry);
  await app.start();
  return app;
}
