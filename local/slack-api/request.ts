/** Decodes a Web API request the way Slack does: form fields (JSON-valued ones parsed), a JSON body, or a query. */

import type { IncomingMessage } from 'node:http';
import { jsonObject } from '../json';
import type { RecordedCall } from './types';

/** Form fields whose value is JSON; WebClient JSON-encodes every object or array it sends in a form. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export interface DecodedRequest {
  contentType: RecordedCall['contentType'];
  args: Record<string, unknown>;
  token: string | undefined;
}

/** Slack's answer to a body it cannot read. */
export class UnreadableBody extends Error {
  constructor(readonly error: 'invalid_json' | 'invalid_form_data') {
    super(error);
  }
}

export function decodeRequest(req: IncomingMessage, url: URL, body: string): DecodedRequest {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    // Slack takes the token of a JSON call only from the Authorization header.
    return { contentType: 'json', args: parseJsonObject(body), token: bearer };
  }
  if (type === 'application/x-www-form-urlencoded' || (type === '' && body === '')) {
    // Slack reads arguments from the query string as well as from the form.
    const args = decodeForm(new URLSearchParams([...url.searchParams, ...new URLSearchParams(body)]));
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    return { contentType: type === '' ? 'query' : 'form', args, token };
  }
  throw new UnreadableBody('invalid_form_data');
}

function decodeForm(params: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, value] of params) {
    args[name] = JSON_FIELDS.has(name) ? parseJsonOr(value) : value;
  }
  return args;
}

/** A JSON field that does not parse stays a string, which the method then refuses as Slack does. */
function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export function parseJsonObject(body: string): Record<string, unknown> {
  const value = jsonObject(body);
  if (!value) throw new UnreadableBody('invalid_json');
  return value;
}
