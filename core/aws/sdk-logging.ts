/**
 * The SDK's logger middleware builds a copy of every request and response, with sensitive fields masked, and hands
 * it to `logger.info`, even when the logger is the default no-op one. For the scanner, which reads and writes the
 * whole fleet, those copies were a fifth of its CPU. Nothing here sets an SDK logger (our own logs say what
 * happened), so the clients are built without that middleware.
 */
export const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

export function withoutSdkLogging<T extends { middlewareStack: { remove(name: string): boolean } }>(client: T): T {
  client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  return client;
}
