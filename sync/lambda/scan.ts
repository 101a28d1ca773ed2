/** Lambda entry point of the scheduled scanner. */
import type { Context } from 'aws-lambda';
import { config } from '../../core/config';
import { logger } from '../../core/logger';
import { syncDeps } from '../deps';
import { SCAN_RESULT_LOG } from '../scan-result-log';
import { runScan, type ScanResult } from '../scanner';

const deps = syncDeps(config(), [], logger);

export async function handler(
  _event: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<Omit<ScanResult, 'runs'>> {
  // The lease lasts as long as this invocation may: a timed-out scan cannot block the next one.
  const leaseSeconds = context ? Math.ceil(context.getRemainingTimeInMillis() / 1000) : undefined;
  const { runs: _runs, ...result } = await runScan(deps.scanner, leaseSeconds);
  // The failed-target count is logged as a field the stack's metric filter and alarm read.
  const { failedTargets } = result;
  logger.info(SCAN_RESULT_LOG.message, { [SCAN_RESULT_LOG.failedTargetsField]: failedTargets.length, failedTargets });
  return result;
}
