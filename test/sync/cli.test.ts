/**
 * `npm run scan` and `npm run reap` as a person runs them: the CLI in a process of its own, configured only by its
 * environment (the stand-ins' endpoints, the test's tables), its summary on stdout and its exit code.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunningWorkspacesSimulator } from '../../local/workspaces-sim';
import { testTables } from '../helpers/dynamo';
import { SMALL_FLEET, startSimulator } from '../helpers/simulator';
import { BOT_TOKEN, ONCALL_CHANNEL, startSlackStandIn } from '../helpers/slack-api';

const CLI = path.join(__dirname, '..', '..', 'bot', 'sync-cli.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

let running: RunningWorkspacesSimulator;
let tablePrefix: string;

beforeAll(async () => {
  running = await startSimulator({ fleet: structuredClone(SMALL_FLEET) });
  tablePrefix = (await testTables()).prefix;
});
afterAll(() => running.close());

/** The test's environment (the stand-ins' endpoints, set by startSimulator) without any Slack or on-call setting. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TABLE_PREFIX: tablePrefix,
    LOG_LEVEL: 'ERROR',
    AWS_MAX_ATTEMPTS: '2',
  };
  for (const name of Object.keys(env)) if (/^(SLACK_|ONCALL_)/.test(name)) delete env[name];
  return env;
}

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, CLI, ...args],
      { env: { ...baseEnv(), ...extraEnv } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run scan / npm run reap', () => {
  it('scans, says what it found and wrote per region, and exits 0', async () => {
    const { code, stdout } = await cli(['scan']);
    expect(stdout).toMatch(/^Scanned \d+ WorkSpaces in [\d.]+ s\./);
    expect(stdout).toMatch(/Writes: \d+ new, 0 changed, 0 marked missing, 0 lost to newer data\./);
    expect(stdout).toMatch(/123456789012#us-east-1 +complete +\d+ WorkSpaces/);
    expect(code).toBe(0);
  }, 30_000);

  it('exits 2 when a region could not be scanned, and says why', async () => {
    running.sim.setOutage('eu-west-1', 'down');
    try {
      const { code, stdout } = await cli(['scan']);
      expect(stdout).toMatch(/123456789012#eu-west-1 +failed +ServiceUnavailableException/);
      expect(code).toBe(2);
    } finally {
      running.sim.setOutage('eu-west-1', null);
    }
  }, 30_000);

  it('reaps and says what became of the report: not posted without a channel, posted, or failed with exit 1', async () => {
    running.sim.setState('ws-alice', 'UNHEALTHY');
    await cli(['scan']);
    const first = await cli(['reap']);
    expect(first.stdout).toContain('Removed 0 WorkSpaces whose absence was proven.');
    // An unhealthy WorkSpace is news; no on-call channel is set up yet.
    expect(first.stdout).toContain(
      'The changes report was not posted: no on-call channel is set up (ONCALL_SLACK_CHANNEL, or `oncall here` in a channel); it was only logged.',
    );
    expect(first.code).toBe(0);
    expect((await cli(['reap'])).stdout).toContain('Nothing new to report.');

    // Something new (a region down), and a channel that refuses the post: kept for the next run, exit 1.
    const slack = await startSlackStandIn();
    try {
      const oncall = { ONCALL_SLACK_CHANNEL: ONCALL_CHANNEL, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl };
      running.sim.setOutage('eu-west-1', 'down');
      await cli(['scan']);
      // A channel set up without a token (a shell without SLACK_BOT_TOKEN or SLACK_SECRET_ARN) fails loudly and
      // keeps the news for the next run, rather than counting it as told.
      const tokenless = await cli(['reap'], { ONCALL_SLACK_CHANNEL: ONCALL_CHANNEL });
      expect(tokenless.stdout).toContain(`Could not post the changes report to slack:${ONCALL_CHANNEL}`);
      expect(tokenless.code).toBe(1);
      slack.failNext('chat.postMessage', 'channel_not_found');
      const refused = await cli(['reap'], oncall);
      expect(refused.stdout).toContain('Could not post the changes report to slack');
      expect(refused.code).toBe(1);
      const posted = await cli(['reap'], oncall);
      expect(posted.stdout).toContain('Posted a changes report to on-call.');
      expect(posted.code).toBe(0);
      const calls = slack.calls('chat.postMessage');
      expect(calls.map((call) => [call.args.channel, call.answer.ok])).toEqual([
        [ONCALL_CHANNEL, false],
        [ONCALL_CHANNEL, true],
      ]);
    } finally {
      running.sim.setOutage('eu-west-1', null);
      await slack.close();
    }
  }, 60_000);

  it('answers anything else with its usage and exit code 64', async () => {
    const { code, stderr } = await cli(['sweep']);
    expect(stderr).toContain('Usage: npm run scan | npm run reap');
    expect(code).toBe(64);
  }, 30_000);
});
