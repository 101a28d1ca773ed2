/**
 * `npm run scan` and `npm run reap`: the scanner and the reaper from a shell, with the same implementation and
 * configuration as the Lambda handlers. Prints a short human summary. It lives in bot/ because the reaper's report is
 * delivered by the bot's on-call channels; sync/ itself never imports the bot.
 */
import { config } from '../core/config';
import { targetKey } from '../core/fleet-summary';
import { logger } from '../core/logger';
import { syncDeps } from '../sync/deps';
import { runReaper } from '../sync/reaper';
import { runScan } from '../sync/scanner';
import { oncallChannels } from './oncall';

const USAGE = 'Usage: npm run scan | npm run reap   (tsx bot/sync-cli.ts scan|reap)';

async function main(command: string | undefined): Promise<number> {
  const settings = config();
  if (command === 'scan') {
    const result = await runScan(syncDeps(settings, [], logger).scanner);
    if (result.skipped) {
      console.log(`Scan skipped: ${result.skipped}.`);
      return 0;
    }
    console.log(`Scanned ${result.total} WorkSpaces in ${(result.durationMs / 1000).toFixed(1)} s.`);
    console.log(
      `Writes: ${result.writes.created} new, ${result.writes.updated} changed, ${result.writes.markedMissing} marked missing, ${result.writes.stale} lost to newer data.`,
    );
    for (const run of result.runs) {
      const detail = run.status === 'complete' ? `${run.found} WorkSpaces` : (run.lastError ?? '');
      console.log(`  ${targetKey(run).padEnd(30)} ${run.status.padEnd(12)} ${detail}`);
    }
    return result.failedTargets.length ? 2 : 0;
  }
  if (command === 'reap') {
    const result = await runReaper(syncDeps(settings, oncallChannels(settings, logger), logger).reaper);
    console.log(`Removed ${result.removed.length} WorkSpaces whose absence was proven.`);
    for (const ws of result.removed) console.log(`  ${ws.workspaceId} (${ws.userName}, ${ws.region}): ${ws.proof}`);
    if (!result.report) console.log('Nothing new to report.');
    else if (result.postedTo.length === 0 && result.failedChannels.length === 0) {
      console.log(
        `The ${result.report.kind} report was not posted: no on-call channel is set up (ONCALL_SLACK_CHANNEL, or \`oncall here\` in a channel); it was only logged.`,
      );
    } else if (result.failedChannels.length) {
      console.log(
        `Could not post the ${result.report.kind} report to ${result.failedChannels.join(', ')}; it is kept for the next run.`,
      );
    } else console.log(`Posted a ${result.report.kind} report to on-call.`);
    return result.failedChannels.length ? 1 : 0;
  }
  console.error(USAGE);
  return 64;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
