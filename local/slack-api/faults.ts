/** Faults a test or the playground arms ahead of time: rate limits and errors Slack would answer. */

export class Faults {
  private rateLimits: number[] = [];
  private failures = new Map<string, string[]>();

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

  reset(): void {
    this.rateLimits = [];
    this.failures = new Map();
  }
}
