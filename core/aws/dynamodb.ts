/**
 * The DynamoDB document client, from the SDK's default configuration (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB,
 * the credentials chain) with our retry settings. A module of its own: the chat function loads it at cold
 * start and must not pay for the WorkSpaces or EC2 clients with it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { withoutSdkLogging } from './sdk-logging';

export type RetrySettings = Config['aws'];

export function documentClient(retry: RetrySettings): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    withoutSdkLogging(new DynamoDBClient({ retryMode: retry.retryMode, maxAttempts: retry.maxAttempts })),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
}
