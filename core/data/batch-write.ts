/** BatchWriteItem for any number of items: 25 a request, retrying what DynamoDB leaves unprocessed. */
import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunks, mapConcurrent } from '../collections';

type WriteRequests = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function putAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: readonly object[],
  concurrency = 8,
): Promise<void> {
  await mapConcurrent(chunks(items, 25), concurrency, async (batch) => {
    let requests: WriteRequests | undefined = batch.map((item) => ({
      PutRequest: { Item: item as Record<string, unknown> },
    }));
    for (let attempt = 0; requests?.length; attempt++) {
      if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
      const out: BatchWriteCommandOutput = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = out.UnprocessedItems?.[tableName];
    }
  });
}
