/** The stand-in's data shapes: what it records and what a test or the playground configures. */

/** A person in the stand-in's Slack workspace, answered by `users.info`. */
export interface SlackUser {
  id: string;
  /** The handle, such as `alice`. */
  name: string;
  realName?: string;
  email?: string;
  /** An IANA zone, such as `Europe/Paris`; defaults to UTC. */
  tz?: string;
  isBot?: boolean;
}

export interface SlackApiOptions {
  /** The bot token (or tokens) the stand-in accepts in `Authorization: Bearer …`. */
  botToken: string | readonly string[];
  /** The directory `users.info` and `conversations.open` read; defaults to DEFAULT_SLACK_USERS. */
  users?: readonly SlackUser[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
}

/** One Web API call that Slack answered (rate-limited attempts are not calls: Slack never looked at them). */
export interface RecordedCall {
  method: string;
  /** The arguments as Slack decodes them: JSON-valued form fields (`blocks`, `view`…) parsed. */
  args: Record<string, unknown>;
  contentType: 'form' | 'json' | 'query';
  token: string | undefined;
  /** What the stand-in answered, `ok` included. */
  answer: SlackAnswer;
  /** What Slack would accept but warn about, such as blocks without a fallback `text`. */
  warnings: string[];
  at: Date;
}

/** A POST to a `response_url`. */
export interface ResponseUrlPost {
  /** The id given to `responseUrl(id)`. */
  id: string;
  body: Record<string, unknown>;
  ok: boolean;
  /** Slack's error code when it refused the post, such as `invalid_blocks`. */
  error?: string;
  problems: string[];
  at: Date;
}

export type SlackAnswer = { ok: boolean; error?: string } & Record<string, unknown>;

/** What subscribers hear, in the order it happened. */
export type SlackApiEvent =
  | { type: 'call'; call: RecordedCall }
  | { type: 'response'; post: ResponseUrlPost }
  | { type: 'rate-limited'; method: string; retryAfterSeconds: number }
  /** A response_url post answered with an armed fault (a status, or no answer) and not taken. */
  | { type: 'response-refused'; id: string; fault: number | 'hang' };
