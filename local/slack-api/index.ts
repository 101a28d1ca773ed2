/**
 * A local stand-in for the Slack Web API that the real `WebClient` talks to when built with
 * `new WebClient(token, { slackApiUrl: standIn.apiUrl })`. Tests and the playground read what it recorded, hear
 * it as it happens (`subscribe`), and arm rate limits and failures. It knows nothing of jest.
 */
import { serve } from '../http/listen';
import { Faults } from './faults';
import { Recorder, type SlackApiListener } from './recorder';
import { API_PATH, handleRequest, RESPONSE_URL_PATH } from './server';
import { DEFAULT_SLACK_USERS, Team } from './team';
import type { RecordedCall, ResponseUrlPost, SlackApiOptions } from './types';

export { messageBlockProblems, viewProblems } from './block-kit';
export type { SlackApiListener } from './recorder';
export { APP_ID, BOT_ID, BOT_USER_ID, DEFAULT_SLACK_USERS, TEAM_ID } from './team';
export type * from './types';

export interface SlackApiStandIn {
  /** The base URL, such as `http://127.0.0.1:50123`. */
  url: string;
  /** What to give WebClient as `slackApiUrl`; ends in `/api/`. */
  apiUrl: string;
  /** Every Web API call Slack answered, in order; only those of `method` when given. */
  calls(method?: string): RecordedCall[];
  /** The first matching call, already made or still to come; rejects after `timeoutMs` (default 5000). */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Every post to the response_url `id` answers this HTTP status, or never answers ('hang'), and is not recorded. */
  failResponseUrl(id: string, fault: number | 'hang'): void;
  /** Adds `ms` before every answer, Web API and response_url alike (0: full speed). */
  setLatency(ms: number): void;
  /** A `response_url` on the stand-in; what is posted to it is recorded under `id`. */
  responseUrl(id: string): string;
  /** The posts to response URLs, in order; only those to `id` when given. */
  responses(id?: string): ResponseUrlPost[];
  /** Hears every call, response_url post and rate-limited attempt; returns the function that stops it. */
  subscribe(listener: SlackApiListener): () => void;
  /** The next `count` Web API requests answer HTTP 429 with `Retry-After` (default 1 s), as Slack does. */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  /** The next call of `method` answers `{ ok: false, error }`. */
  failNext(method: string, error: string): void;
  /** The bot's direct-message channel with a person, as conversations.open and chat.postMessage name it. */
  dmChannel(userId: string): string;
  /** The person whose direct-message channel with the bot `channel` is; undefined for any other channel. */
  dmUser(channel: string): string | undefined;
  /** A fresh message timestamp from the team's sequence, for messages shown beside the stand-in's own. */
  nextTs(): string;
  /** Forgets calls, posts, messages, views and armed faults; keeps tokens, users and subscribers. */
  reset(): void;
  close(): Promise<void>;
}

export async function startSlackApi(options: SlackApiOptions): Promise<SlackApiStandIn> {
  const tokens = new Set(typeof options.botToken === 'string' ? [options.botToken] : options.botToken);
  if (tokens.size === 0 || [...tokens].some((token) => token === '')) {
    throw new Error('startSlackApi needs at least one non-empty bot token.');
  }
  const team = new Team(options.users ?? DEFAULT_SLACK_USERS);
  const recorder = new Recorder();
  const faults = new Faults();
  let url = '';
  const parts = { team, recorder, faults, tokens, url: () => url };
  const served = await serve((req, res) => handleRequest(parts, req, res), options);
  url = served.url;

  return {
    url,
    apiUrl: `${url}${API_PATH}`,
    calls: (method) => recorder.calls(method),
    waitForCall: (method, predicate, timeoutMs) => recorder.waitForCall(method, predicate, timeoutMs),
    responseUrl: (id) => `${url}${RESPONSE_URL_PATH}${encodeURIComponent(id)}`,
    responses: (id) => recorder.responses(id),
    subscribe: (listener) => recorder.subscribe(listener),
    rateLimitNext: (count, retryAfterSeconds) => faults.rateLimitNext(count, retryAfterSeconds),
    failNext: (method, error) => faults.failNext(method, error),
    failResponseUrl: (id, fault) => faults.failResponseUrl(id, fault),
    setLatency: (ms) => {
      faults.latencyMs = Math.max(0, ms);
    },
    dmChannel: (userId) => team.dmChannel(userId),
    dmUser: (channel) => team.dmUser(channel),
    nextTs: () => team.nextTs(),
    reset: () => {
      recorder.reset();
      faults.reset();
      team.reset();
    },
    close: served.close,
  };
}
