/**
 * The worker's dead letters in the on-call report: the reaper counts them with the real SQS client (the simulator
 * answers GetQueueAttributes), a rise is news, the same count is not news twice, and the Slack report says so.
 */
import { renderOnCallMessages } from '../../bot/slack/oncall/render-report';
import type { RunningWorkspacesSimulator } from '../../local/workspaces-sim';
import { runReaper } from '../../sync/reaper';
import { runScan } from '../../sync/scanner';
import { SMALL_FLEET, startSimulator } from '../helpers/simulator';
import { RecordingChannel, syncFixture } from '../helpers/sync';

let running: RunningWorkspacesSimulator;
/** A queue URL on the simulator, as SQS names queues: the client sends to the queue URL's own host. */
let QUEUE: string;

beforeAll(async () => {
  running = await startSimulator({ fleet: structuredClone(SMALL_FLEET) });
  QUEUE = `${running.url}/111122223333/WorkspacesBot-WorkerDeadLetterQueue`;
});
afterAll(() => running.close());

it('reports chat requests that failed for good when their number rises, once, and says what they are', async () => {
  const channel = new RecordingChannel();
  const f = await syncFixture({ WORKER_DLQ_URL: QUEUE }, [channel]);
  await runScan(f.scanner);
  await runReaper(f.reaper);
  const quiet = channel.reports.length;

  running.sim.setQueueDepth(QUEUE, 3);
  await runReaper(f.reaper);
  expect(channel.reports).toHaveLength(quiet + 1);
  const report = channel.reports.at(-1)!;
  expect(report.deadLetters).toBe(3);
  const [message] = renderOnCallMessages(report);
  expect(JSON.stringify(message)).toContain('3 chat requests failed for good');
  expect(JSON.stringify(message)).toContain('dead-letter queue');

  // The same three: not news again.
  await runReaper(f.reaper);
  expect(channel.reports).toHaveLength(quiet + 1);
  // One more: news.
  running.sim.setQueueDepth(QUEUE, 4);
  await runReaper(f.reaper);
  expect(channel.reports.at(-1)?.deadLetters).toBe(4);
});

it('says nothing of dead letters when no queue is configured', async () => {
  const channel = new RecordingChannel();
  const f = await syncFixture({}, [channel]);
  running.sim.setQueueDepth(QUEUE, 5);
  await runScan(f.scanner);
  await runReaper(f.reaper);
  expect(channel.reports.every((report) => report.deadLetters === undefined)).toBe(true);
});
