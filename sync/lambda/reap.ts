/** Lambda entry point of the scheduled reaper. */
import { slackCredentials } from '../../bot/slack/credentials';
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { oncallChannels } from '../channels';
import { syncDeps } from '../deps';
import { runReaper } from '../reaper';
import type { OnCallChannel } from '../report';

const settings = config();
const deps = syncDeps(settings, [], logger);
let channels: Promise<OnCallChannel[]> | undefined;

/** The bot token comes from the Slack secret when there is one (read once per container), as the bot's does. */
async function resolveChannels(): Promise<OnCallChannel[]> {
  if (!settings.oncall.slackChannel) return [];
  const token = settings.slack.secretArn ? (await slackCredentials(settings.slack)).botToken : settings.slack.botToken;
  return oncallChannels(settings, logger, token);
}

export async function handler(): Promise<{ removed: number; posted: boolean }> {
  channels ??= resolveChannels().catch((error) => {
    channels = undefined;
    throw error;
  });
  const result = await runReaper({ ...deps.reaper, channels: await channels });
  if (result.failedChannels.length) {
    // Fail the invocation so the error alarm fires; the undelivered report is kept for the next run.
    throw new Error(`On-call report not delivered to ${result.failedChannels.join(', ')}`);
  }
  return { removed: result.removed.length, posted: result.report !== undefined };
}
