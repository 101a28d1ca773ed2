/**
 * Fetches JWKS with the platform's fetch. aws-jwt-verify's own fetcher speaks only https; this one also
 * reaches the local sign-in provider over http, so production and the local stack verify tokens through
 * the same code, configured by URL alone.
 */
import type { Fetcher } from 'aws-jwt-verify/https';

export class FetchJwksFetcher implements Fetcher {
  constructor(private readonly timeoutMs = 3000) {}

  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) throw new Error(`JWKS fetch from ${uri} answered HTTP ${response.status}`);
    return response.arrayBuffer();
  }
}
