/** Lambda entry point of the scheduled reaper: sync's reaper, its report delivered by the bot's on-call channels. */
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { syncDeps } from '../../sync/deps';
import { runReaper } from '../../sync/reaper';
import { oncallChannels } from '../oncall';

const settings = config();
const deps = syncDeps(settings, oncallChannels(settings, logger), logger);

export async function handler(): Promise<{ removed: number; posted: boolean }> {
  const result = await runReaper(deps.reaper);
  if (result.failedChannels.length) {
    // Fail the invocation so the error alarm fires; the undelivered report is kept for the next run.
    throw new Error(`On-call report not delivered to ${result.failedChannels.join(', ')}`);
  }
  return { removed: result.removed.length, posted: result.postedTo.length > 0 };
}
