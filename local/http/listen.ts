/** How the local stand-ins serve HTTP: on 127.0.0.1 (a free port by default), closed with their connections. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a server listening and says where; a taken port rejects instead of raising an unhandled 'error'. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

export interface Served {
  server: Server;
  url: string;
  /** Stops listening and drops every open connection (keep-alive ones included). */
  close(): Promise<void>;
}

/**
 * Serves `handle`; a request it fails answers 500 with the error, or, when an answer was already under way, loses
 * its connection.
 * `keepAliveMs`: how long idle connections stay open (the simulator keeps them past the SDK agent's idle time).
 */
export async function serve(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { port?: number; host?: string; keepAliveMs?: number } = {},
): Promise<Served> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Half an answer cannot be mended: the connection is dropped, so the client sees a failure, not a truncation.
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  if (options.keepAliveMs !== undefined) {
    server.keepAliveTimeout = options.keepAliveMs;
    server.headersTimeout = options.keepAliveMs + 5_000;
    server.maxRequestsPerSocket = 0;
  }
  const url = await listen(server, options.port, options.host);
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
