/**
 * How many handed-off chat requests wait in the worker's dead-letter queue: requests Lambda gave up on after its
 * retries. The SQS client is loaded on the first read, so only the reaper pays for it.
 */
import type { RetrySettings } from './dynamodb';
import { withoutSdkLogging } from './sdk-logging';

export type DeadLetterCount = () => Promise<number>;

export function deadLetterCount(queueUrl: string, retry: RetrySettings): DeadLetterCount {
  let sqs: Promise<{ count: () => Promise<number> }> | undefined;
  return async () => {
    sqs ??= import('@aws-sdk/client-sqs').then(({ SQSClient, GetQueueAttributesCommand }) => {
      const client = withoutSdkLogging(new SQSClient({ retryMode: retry.retryMode, maxAttempts: retry.maxAttempts }));
      return {
        count: async () => {
          const out = await client.send(
            new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
          );
          const count = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
          return Number.isFinite(count) ? count : 0;
        },
      };
    });
    return (await sqs).count();
  };
}
