/** The Slack Web API stand-in for tests, the real WebClient pointed at it, and an on-call report to post. */
import { type Logger, LogLevel, retryPolicies, WebClient } from '@slack/web-api';
import { type SlackApiStandIn, type SlackUser, startSlackApi } from '../../local/slack-api';
import type { OnCallReport } from '../../sync/report';

export const BOT_TOKEN = 'xoxb-test-bot-token';
export const ONCALL_CHANNEL = 'C0ONCALL';

export async function startSlackStandIn(users?: SlackUser[]): Promise<SlackApiStandIn> {
  return startSlackApi({ botToken: BOT_TOKEN, ...(users ? { users } : {}) });
}

/** What WebClient logged, so a test can assert on its warnings instead of printing them. */
export interface CapturedLog {
  warnings: string[];
  errors: string[];
}

/**
 * The real WebClient, configured only with the stand-in's URL, retries that do not wait minutes between attempts
 * (Retry-After is still honoured), and a logger that captures instead of printing.
 */
export function webClientFor(standIn: SlackApiStandIn, token = BOT_TOKEN): { client: WebClient; log: CapturedLog } {
  const log: CapturedLog = { warnings: [], errors: [] };
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => log.warnings.push(messages.join(' ')),
    error: (...messages: unknown[]) => log.errors.push(messages.join(' ')),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
  const client = new WebClient(token, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: retryPolicies.rapidRetryPolicy,
    logger,
  });
  return { client, log };
}

export const REPORT_TIME = '2026-11-23T12:00:00.000Z';

/** An on-call report with one of everything; a test overrides what it is about. */
export function onCallReport(overrides: Partial<OnCallReport> = {}): OnCallReport {
  return {
    generatedAt: REPORT_TIME,
    kind: 'changes',
    removed: [
      {
        workspaceId: 'ws-gone1',
        userName: 'carol',
        region: 'us-east-1',
        accountId: '123456789012',
        lastSeenAt: '2026-11-22T18:30:00.000Z',
        proof: 'two-complete-scans',
      },
    ],
    unscanned: [
      {
        accountId: '111122223333',
        region: 'ap-southeast-2',
        failingSince: '2026-11-23T06:00:00.000Z',
        lastError: 'AccessDeniedException: not authorized to perform workspaces:DescribeWorkspaces',
        lastCompleteAt: '2026-11-23T05:00:00.000Z',
      },
    ],
    attention: [
      {
        workspaceId: 'ws-sick1',
        userName: 'erin',
        region: 'eu-west-1',
        accountId: '123456789012',
        state: 'UNHEALTHY',
        since: '2026-11-23T10:15:00.000Z',
        reason: 'state',
      },
    ],
    fleet: {
      total: 412,
      byState: { AVAILABLE: 380, STOPPED: 31, UNHEALTHY: 1 },
      scannedAt: '2026-11-23T11:55:00.000Z',
    },
    ...overrides,
  };
}
