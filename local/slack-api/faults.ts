/** Faults a test or the playground arms ahead of time: rate limits and errors Slack would answer. */

/** How a response_url answers instead of taking the post: an HTTP status, or no answer at all (a hang). */
export type ResponseUrlFault = number | 'hang';

export class Faults {
  private rateLimits: number[] = [];
  private failures = new Map<string, string[]>();
  private responseUrlFaults = new Map<string, ResponseUrlFault>();
  /** Added before every answer, Web API and response_url alike: a slow Slack. */
  latencyMs = 0;

  /** The next `count` Web API requests, whatever their method, answer HTTP 429 with this Retry-After. */
  rateLimitNext(count: number, retryAfterSeconds = 1): void {
    for (let i = 0; i < count; i += 1) this.rateLimits.push(retryAfterSeconds);
  }

  /** The Retry-After to answer this request with, if it is to be rate-limited. */
  takeRateLimit(): number | undefined {
    return this.rateLimits.shift();
  }

  /** The next call of `method` answers `{ ok: false, error }`; several queue up in order. */
  failNext(method: string, error: string): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  takeFailure(method: string): string | undefined {
    return this.failures.get(method)?.shift();
  }

  /** Every post to the response_url `id` answers `fault` (404 for one that expired, 500, or a hang) and is not taken. */
  failResponseUrl(id: string, fault: ResponseUrlFault): void {
    this.responseUrlFaults.set(id, fault);
  }

  responseUrlFault(id: string): ResponseUrlFault | undefined {
    return this.responseUrlFaults.get(id);
  }

  reset(): void {
    this.rateLimits = [];
    this.failures = new Map();
    this.responseUrlFaults = new Map();
    this.latencyMs = 0;
  }
}
