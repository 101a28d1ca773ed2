/**
 * WorkSpaces' request throttling as AWS describes it: a token bucket per account, per region and per API operation.
 * A call takes a token or is refused with ThrottlingException; a refused call takes none. Buckets start full
 * (`burst` tokens) and refill at `rate` tokens a second, on the wall clock: the simulated clock may stand still.
 */

export interface RateLimit {
  /** Tokens added a second. */
  rate: number;
  /** The bucket's size: how many calls may go at once after a quiet spell. */
  burst: number;
  /** One WorkSpaces operation; without it, every WorkSpaces operation that has no limit of its own. */
  operation?: string;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimits {
  private readonly limits = new Map<string | undefined, RateLimit>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Sets the limit of one operation, or of all; every bucket starts full again. */
  set(limit: RateLimit): void {
    if (!(limit.rate >= 0) || !(limit.burst >= 1)) throw new Error('a rate limit needs rate >= 0 and burst >= 1');
    this.limits.set(limit.operation, { ...limit });
    this.buckets.clear();
  }

  /** No limits: nothing is throttled but what throttleNext asks for. */
  clear(): void {
    this.limits.clear();
    this.buckets.clear();
  }

  /** Takes a token for this call; false when the bucket is empty, and the call is to be throttled. */
  take(accountId: string, region: string, operation: string): boolean {
    const limit = this.limits.get(operation) ?? this.limits.get(undefined);
    if (!limit) return true;
    const key = `${accountId}#${region}#${operation}`;
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
