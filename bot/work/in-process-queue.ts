/**
 * The hand-off for one machine (npm start, tests): the job runs in this process right after the
 * listener returns. `drain()` waits for everything handed off, so tests can assert on the outcome.
 */
import type { Log } from '../../core/logger';
import type { Job, WorkQueue } from './jobs';

export class InProcessWorkQueue implements WorkQueue {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly work: (job: Job) => Promise<void>,
    private readonly log: Log,
  ) {}

  async enqueue(job: Job): Promise<void> {
    // A copy through JSON, as the Lambda hand-off would deliver it.
    const delivered = JSON.parse(JSON.stringify(job)) as Job;
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.work(delivered))
      .catch((error) => this.log.error('Handed-off job failed', { error: String(error) }))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
