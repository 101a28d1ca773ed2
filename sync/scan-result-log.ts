/**
 * The line the scan handler logs after every scan. The CDK stack's metric filter reads its failed-target count for
 * the region-failure alarm, so both take its shape from here.
 */
export const SCAN_RESULT_LOG = { message: 'Scan result', failedTargetsField: 'failedTargetCount' } as const;
