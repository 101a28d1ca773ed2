/** BatchWriteItem for any number of puts and deletes: 25 a request, retrying what DynamoDB leaves unprocessed. */
import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunks, mapConcurrent } from '../collections';

type WriteRequest = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string][number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function writeAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  writes: { put?: readonly object[]; delete?: readonly Record<string, unknown>[] },
  concurrency = 8,
): Promise<void> {
  const requests: WriteRequest[] = [
    ...(writes.put ?? []).map((item) => ({ PutRequest: { Item: item as Record<string, unknown> } })),
    ...(writes.delete ?? []).map((key) => ({ DeleteRequest: { Key: key } })),
  ];
  await mapConcurrent(chunks(requests, 25), concurrency, async (batch) => {
    let pending: WriteRequest[] | undefined = batch;
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
      const out: BatchWriteCommandOutput = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = out.UnprocessedItems?.[tableName];
    }
  });
}
