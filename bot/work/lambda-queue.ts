/**
 * The durable hand-off on Lambda: an asynchronous invocation of the worker function. Lambda keeps the
 * event (with retries and a dead-letter queue) even after this function is frozen; the call is awaited.
 * The Lambda client is loaded on the first hand-off, not at cold start.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Job, WorkQueue } from './jobs';

export class LambdaWorkQueue implements WorkQueue {
  private client:
    | Promise<{ client: LambdaClient; InvokeCommand: typeof import('@aws-sdk/client-lambda').InvokeCommand }>
    | undefined;

  constructor(private readonly functionName: string) {}

  async enqueue(job: Job): Promise<void> {
    this.client ??= import('@aws-sdk/client-lambda').then(({ LambdaClient, InvokeCommand }) => ({
      client: new LambdaClient({}),
      InvokeCommand,
    }));
    const { client, InvokeCommand } = await this.client;
    const out = await client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(job)),
      }),
    );
    if (out.StatusCode !== 202) throw new Error(`Lambda did not accept the job (status ${out.StatusCode})`);
  }
}
