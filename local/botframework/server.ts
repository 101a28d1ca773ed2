/**
 * The stand-in's HTTP side, at the paths of the services it plays: the channel service's OpenID metadata and keys
 * (login.botframework.com `/v1/.well-known/*`), Entra ID's token endpoint (`/<tenant>/oauth2/v2.0/token`), and the
 * Connector API below the service URL (smba.trafficmanager.net `/teams/v3/...`). Every Connector call is recorded,
 * refused ones included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOKEN_PATH } from '../../bot/teams/settings';
import { readBody } from '../http/body';
import { sendJson } from '../http/send-json';
import { jsonObject } from '../json';
import type { BotTokens } from './bot-tokens';
import type { ChannelTokens } from './channel-tokens';
import { type Conversations, routeOf } from './connector';
import type { Recorder } from './recorder';

export const OPENID_METADATA_PATH = '/v1/.well-known/openidconfiguration';
export const JWKS_PATH = '/v1/.well-known/keys';
/** The service URL's path, as Teams' global one has it (`https://smba.trafficmanager.net/teams/`). */
export const SERVICE_PATH = '/teams/';
/** The Bot Framework's answer to a Connector call without a good bearer token. */
const DENIED = { message: 'Authorization has been denied for this request.' };

export interface ServerParts {
  url: () => string;
  channelTokens: ChannelTokens;
  botTokens: BotTokens;
  conversations: Conversations;
  recorder: Recorder;
  now: () => number;
  /** Added before every Connector API answer (a slow Teams); the channel's keys and the token endpoint stay fast. */
  latencyMs: () => number;
}

export async function handleRequest(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const body = (await readBody(req)).toString('utf8');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (path === OPENID_METADATA_PATH && method === 'GET') return sendJson(res, 200, metadata(parts.url()));
  if (path === JWKS_PATH && method === 'GET') return sendJson(res, 200, parts.channelTokens.jwks());
  if (path.endsWith(TOKEN_PATH) && method === 'POST') {
    let tenant: string;
    try {
      tenant = decodeURIComponent(path.slice(1, -TOKEN_PATH.length));
    } catch {
      tenant = '';
    }
    const answer = parts.botTokens.answer(tenant, req.headers['content-type'], body);
    return sendJson(res, answer.status, answer.body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  }
  if (path.startsWith(SERVICE_PATH)) {
    const latency = parts.latencyMs();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    return connectorCall(parts, req, `/${path.slice(SERVICE_PATH.length)}`, body, res);
  }
  sendJson(res, 404, { error: { code: 'NotFound', message: `Nothing is served at ${path}.` } });
}

function connectorCall(parts: ServerParts, req: IncomingMessage, path: string, text: string, res: ServerResponse) {
  const method = req.method ?? 'GET';
  const body = text === '' ? undefined : jsonObject(text);
  const appId = parts.botTokens.check(req.headers.authorization);
  const at = new Date(parts.now());
  const base = { method, path, ...(body ? { body } : {}), at };
  if (appId === undefined) {
    // Which call it would have been, so a test can tell what the bot tried.
    const route = routeOf(method, path);
    const conversationId = 'conversationId' in route ? route.conversationId : undefined;
    parts.recorder.emit({
      ...base,
      operation: route.operation,
      ...(conversationId !== undefined ? { conversationId } : {}),
      status: 401,
      answer: DENIED,
    });
    return sendJson(res, 401, DENIED);
  }
  if (text !== '' && body === undefined) {
    const answer = { error: { code: 'BadArgument', message: 'The body is not a JSON object.' } };
    parts.recorder.emit({ ...base, operation: 'unknown', status: 400, answer, appId });
    return sendJson(res, 400, answer);
  }
  const answer = parts.conversations.answer(method, path, body);
  parts.recorder.emit({
    ...base,
    operation: answer.operation,
    status: answer.status,
    answer: answer.body,
    appId,
    ...(answer.conversationId !== undefined ? { conversationId: answer.conversationId } : {}),
    ...(answer.activityId !== undefined ? { activityId: answer.activityId } : {}),
    ...(answer.replyToId !== undefined ? { replyToId: answer.replyToId } : {}),
  });
  sendJson(res, answer.status, answer.body);
}

/** Enough of login.botframework.com's OpenID document for botbuilder, which reads only jwks_uri. */
function metadata(url: string): Record<string, unknown> {
  return {
    issuer: url,
    authorization_endpoint: `${url}/v1/botframework.com/oauth2/v2.0/authorize`,
    jwks_uri: `${url}${JWKS_PATH}`,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
  };
}
