export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dynamoDbLocal?: { stop(): Promise<void> } }).__dynamoDbLocal?.stop();
}
