/**
 * The durable hand-off on Lambda: an asynchronous invocation of the worker function. Lambda keeps the
 * event (with retries and a dead-letter queue) even after this function is frozen; the call is awaited.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Job, WorkQueue } from './jobs';

export class LambdaWorkQueue implements WorkQueue {
  private readonly client = new LambdaClient({});

  constructor(private readonly functionName: string) {}

  async enqueue(job: Job): Promise<void> {
    const out = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(job)),
      }),
    );
    if (out.StatusCode !== 202) throw new Error(`Lambda did not accept the job (status ${out.StatusCode})`);
  }
}
