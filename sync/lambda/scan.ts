/** Lambda entry point of the scheduled scanner. */
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { syncDeps } from '../deps';
import { runScan, type ScanResult } from '../scanner';

const deps = syncDeps(config(), [], logger);

export async function handler(): Promise<Omit<ScanResult, 'runs'> & { failedTargets: string[] }> {
  const { runs, ...result } = await runScan(deps.scanner);
  // The failed-target count is logged as a field the stack's metric filter and alarm read.
  const failedTargets = runs.filter((run) => run.status === 'failed').map((run) => `${run.accountId}#${run.region}`);
  logger.info('Scan result', { failedTargetCount: failedTargets.length, failedTargets });
  return { ...result, failedTargets };
}
