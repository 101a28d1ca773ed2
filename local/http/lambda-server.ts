/**
 * Serves a Lambda function URL handler over plain HTTP: each request becomes the same payload-2.0 event
 * the function URL would deliver, so the local stack and the tests exercise the deployed handler itself.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { HttpEvent, HttpHandler } from '../../bot/http/types';
import { readBody } from './body';
import { serve } from './listen';

export interface LambdaServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer): HttpEvent {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const now = Date.now();
  const text = body.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now}-${Math.random().toString(36).slice(2, 10)}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length
      ? { body: isText ? text : body.toString('base64'), isBase64Encoded: !isText }
      : { isBase64Encoded: false }),
  };
}

export async function startLambdaServer(handler: HttpHandler, port = 0): Promise<LambdaServer> {
  const { url, server, close } = await serve(
    async (req, res) => {
      const event = toFunctionUrlEvent(req, await readBody(req));
      const result = await handler(event);
      const body = result.body ?? '';
      res.writeHead(result.statusCode, { ...(result.headers as Record<string, string>) });
      res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
    },
    { port },
  );
  return { url, server, close };
}
