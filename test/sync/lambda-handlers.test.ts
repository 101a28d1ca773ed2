/**
 * The scanner's and reaper's Lambda handlers, loaded as Lambda loads them (configuration from the
 * environment at import), against the simulator, DynamoDB Local and the Slack Web API stand-in.
 */

import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../../core/config';
import { createTables } from '../../local/dynamodb/create-tables';
import { jsonObject } from '../../local/json';
import type { SlackApiStandIn } from '../../local/slack-api';
import type { RunningWorkspacesSimulator } from '../../local/workspaces-sim';
import { SCAN_RESULT_LOG } from '../../sync/scan-result-log';
import { startSimulator } from '../helpers/simulator';
import { BOT_TOKEN, ONCALL_CHANNEL, startSlackStandIn } from '../helpers/slack-api';

let running: RunningWorkspacesSimulator;
let slack: SlackApiStandIn;
const savedEnv = { ...process.env };

beforeAll(async () => {
  running = await startSimulator({
    fleet: {
      regions: ['us-east-1', 'eu-west-1'],
      directories: [
        { directoryId: 'd-east', region: 'us-east-1', name: 'corp.example.com' },
        { directoryId: 'd-west', region: 'eu-west-1', name: 'corp.example.com' },
      ],
      workspaces: [
        { workspaceId: 'ws-keep', directoryId: 'd-east', userName: 'alice' },
        { workspaceId: 'ws-gone', directoryId: 'd-east', userName: 'bob' },
        { workspaceId: 'ws-sick', directoryId: 'd-west', userName: 'carol', state: 'UNHEALTHY' },
      ],
    },
  });
  slack = await startSlackStandIn();
  Object.assign(process.env, {
    TABLE_PREFIX: `lambda${randomUUID().slice(0, 8)}`,
    ONCALL_SLACK_CHANNEL: ONCALL_CHANNEL,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'SILENT',
  });
  const raw = new DynamoDBClient({});
  await createTables(raw, loadConfig().tables);
  raw.destroy();
});
afterAll(async () => {
  process.env = savedEnv;
  await running.close();
  await slack.close();
});

function loadHandler<T>(path: string): T {
  let mod: T | undefined;
  jest.isolateModules(() => {
    mod = require(path) as T;
  });
  return mod!;
}

type ScanHandler = { handler: () => Promise<{ total: number; failedTargets: string[] }> };
type ReapHandler = { handler: () => Promise<{ removed: number; posted: boolean }> };

it("logs the result line the stack's region-failure alarm reads, with the failed-target count", async () => {
  process.env.LOG_LEVEL = 'INFO';
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    running.sim.setOutage('eu-west-1', 'down');
    await loadHandler<ScanHandler>('../../sync/lambda/scan').handler();
  } finally {
    write.mockRestore();
    running.sim.setOutage('eu-west-1', null);
    process.env.LOG_LEVEL = 'SILENT';
  }
  const logged = lines
    .flatMap((line) => line.split('\n'))
    .map(jsonObject)
    .filter((line): line is Record<string, unknown> => line !== undefined);
  const result = logged.find((line) => line.message === SCAN_RESULT_LOG.message);
  expect(result?.[SCAN_RESULT_LOG.failedTargetsField]).toBe(1);
});

it('scans, then reaps a terminated WorkSpace and posts the report to the on-call Slack channel', async () => {
  const scan = loadHandler<ScanHandler>('../../sync/lambda/scan');
  const reap = loadHandler<ReapHandler>('../../bot/lambda/reap');

  expect(await scan.handler()).toMatchObject({ total: 3, failedTargets: [] });
  expect(await reap.handler()).toEqual({ removed: 0, posted: true });
  const first = await slack.waitForCall('chat.postMessage');
  expect(first.args.channel).toBe(ONCALL_CHANNEL);
  expect(JSON.stringify(first.args.blocks)).toContain('ws-sick');

  running.sim.removeWorkspace('ws-gone');
  running.sim.setOutage('eu-west-1', 'down');
  slack.reset();
  expect(await scan.handler()).toMatchObject({ failedTargets: ['123456789012#eu-west-1'] });
  expect(await reap.handler()).toEqual({ removed: 1, posted: true });

  const [post] = slack.calls('chat.postMessage');
  const blocks = JSON.stringify(post?.args.blocks);
  expect(post?.args.channel).toBe(ONCALL_CHANNEL);
  expect(blocks).toContain('ws-gone');
  expect(blocks).toContain('bob');
  expect(blocks).toContain('eu-west-1');
  expect(String(post?.args.text)).toMatch(/1 WorkSpace removed/);

  // Nothing new: nothing posted.
  slack.reset();
  await scan.handler();
  expect(await reap.handler()).toEqual({ removed: 0, posted: false });
  expect(slack.calls('chat.postMessage')).toEqual([]);
});

it('fails the reaper invocation when Slack refuses the report, and delivers it on the next run', async () => {
  const scan = loadHandler<ScanHandler>('../../sync/lambda/scan');
  const reap = loadHandler<ReapHandler>('../../bot/lambda/reap');
  running.sim.setOutage('eu-west-1', null);
  running.sim.setState('ws-keep', 'ERROR');
  await scan.handler();
  slack.reset();
  slack.failNext('chat.postMessage', 'channel_not_found');

  await expect(reap.handler()).rejects.toThrow(`On-call report not delivered to slack:${ONCALL_CHANNEL}`);
  expect(await reap.handler()).toMatchObject({ posted: true });
  expect(JSON.stringify(slack.calls('chat.postMessage').at(-1)?.args.blocks)).toContain('ws-keep');
});
