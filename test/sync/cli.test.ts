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

const CLI = path.join(__dirname, '..', '..', 'sync', 'cli.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

let running: RunningWorkspacesSimulator;
let tablePrefix: string;

beforeAll(async () => {
  running = await startSimulator({ fleet: structuredClone(SMALL_FLEET) });
  tablePrefix = (await testTables()).config.tables.workspaces.replace(/-workspaces$/, '');
});
afterAll(() => running.close());

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, CLI, ...args],
      // Only what a shell would set: the stand-ins' endpoints (set by startSimulator), the tables, quiet logs.
      { env: { ...process.env, TABLE_PREFIX: tablePrefix, LOG_LEVEL: 'ERROR', AWS_MAX_ATTEMPTS: '2' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run scan / npm run reap', () => {
  it('scans, says what it found and wrote per region, and exits 0', async () => {
    const { code, stdout } = await cli('scan');
    expect(stdout).toMatch(/^Scanned \d+ WorkSpaces in [\d.]+ s\./);
    expect(stdout).toMatch(/Writes: \d+ new, 0 changed, 0 marked missing, 0 forgotten/);
    expect(stdout).toMatch(/123456789012#us-east-1 +complete +\d+ WorkSpaces/);
    expect(code).toBe(0);
  }, 30_000);

  it('exits 2 when a region could not be scanned, and says why', async () => {
    running.sim.setOutage('eu-west-1', 'down');
    try {
      const { code, stdout } = await cli('scan');
      expect(stdout).toMatch(/123456789012#eu-west-1 +failed +ServiceUnavailableException/);
      expect(code).toBe(2);
    } finally {
      running.sim.setOutage('eu-west-1', null);
    }
  }, 30_000);

  it('reaps, says what it removed and what became of the report, and exits 0', async () => {
    const first = await cli('reap');
    expect(first.stdout).toContain('Removed 0 WorkSpaces whose absence was proven.');
    // The small fleet has an unhealthy WorkSpace, which is news; no on-call channel is configured here.
    expect(first.stdout).toContain(
      'No on-call channel is configured (ONCALL_SLACK_CHANNEL): the changes report was logged.',
    );
    expect(first.code).toBe(0);
    const again = await cli('reap');
    expect(again.stdout).toContain('Nothing new to report.');
    expect(again.code).toBe(0);
  }, 30_000);

  it('answers anything else with its usage and exit code 64', async () => {
    const { code, stderr } = await cli('sweep');
    expect(stderr).toContain('Usage: npm run scan | npm run reap');
    expect(code).toBe(64);
  }, 30_000);
});
