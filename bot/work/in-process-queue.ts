/**
 * The hand-off for one machine (npm start, tests): a job runs in this process once the entry point that handed it
 * off has answered, as a Lambda's asynchronous invocation runs apart from the function that made it. `drain()` waits
 * for everything handed off, so tests can assert on the outcome.
 */
import type { Log } from '../../core/logger';
import type { Job, WorkQueue } from './jobs';

export class InProcessWorkQueue implements WorkQueue {
  private readonly running = new Set<Promise<void>>();
  private held: Job[] = [];

  /**
   * @param startAtOnce start each job as soon as it is handed off, for entry points that answer before they hand off
   *   (Socket Mode acks over its socket first); otherwise jobs wait for release().
   */
  constructor(
    private readonly work: (job: Job) => Promise<void>,
    private readonly log: Log,
    private readonly startAtOnce = false,
  ) {}

  async enqueue(job: Job): Promise<void> {
    // A copy through JSON, as the Lambda hand-off would deliver it.
    this.held.push(JSON.parse(JSON.stringify(job)) as Job);
    if (this.startAtOnce) this.release();
  }

  /** Starts the jobs handed off so far; the entry point calls it once its answer is on its way. */
  release(): void {
    const jobs = this.held;
    this.held = [];
    for (const job of jobs) {
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.work(job))
        .catch((error) => this.log.error('Handed-off job failed', { error: String(error) }))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  async drain(): Promise<void> {
    this.release();
    while (this.running.size) await Promise.all([...this.running]);
  }
}
