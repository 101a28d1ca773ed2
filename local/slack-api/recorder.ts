/** What the stand-in saw, in order, for tests to assert on and for the playground to show as it happens. */
import type { RecordedCall, ResponseUrlPost, SlackApiEvent } from './types';

export type SlackApiListener = (event: SlackApiEvent) => void;

export class Recorder {
  private recordedCalls: RecordedCall[] = [];
  private responsePosts: ResponseUrlPost[] = [];
  private readonly listeners = new Set<SlackApiListener>();

  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.recordedCalls] : this.recordedCalls.filter((c) => c.method === method);
  }

  responses(id?: string): ResponseUrlPost[] {
    return id === undefined ? [...this.responsePosts] : this.responsePosts.filter((p) => p.id === id);
  }

  /** Returns the function that unsubscribes. A listener that throws is not allowed to break the stand-in. */
  subscribe(listener: SlackApiListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SlackApiEvent): void {
    if (event.type === 'call') this.recordedCalls.push(event.call);
    if (event.type === 'response') this.responsePosts.push(event.post);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken test listener must not turn into an answer Slack would never give.
      }
    }
  }

  /**
   * The first call of `method` matching `predicate`, already made or still to come: a test can start waiting after
   * the code under test has already called. Rejects after `timeoutMs`, naming the calls it did see.
   */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    const matches = (call: RecordedCall) => call.method === method && predicate(call);
    const already = this.recordedCalls.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        const seen = this.recordedCalls.map((c) => c.method).join(', ') || 'none';
        reject(new Error(`No matching ${method} call within ${timeoutMs} ms (calls seen: ${seen}).`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((event) => {
        if (event.type !== 'call' || !matches(event.call)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event.call);
      });
    });
  }

  reset(): void {
    this.recordedCalls = [];
    this.responsePosts = [];
  }
}
