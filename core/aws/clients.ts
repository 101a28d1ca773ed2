/**
 * AWS SDK clients, each built from the SDK's default configuration so that AWS_REGION, the standard
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables and the default credentials chain work
 * unchanged. Only the retry strategy is ours: adaptive by default, because WorkSpaces throttles.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { WorkSpacesClient, type WorkSpacesClientConfig } from '@aws-sdk/client-workspaces';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';

export type RetrySettings = Config['aws'];

export function documentClient(retry: RetrySettings): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ retryMode: retry.retryMode, maxAttempts: retry.maxAttempts }),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
}

export function workspacesClient(
  region: string,
  retry: RetrySettings,
  credentials?: WorkSpacesClientConfig['credentials'],
): WorkSpacesClient {
  return new WorkSpacesClient({ region, retryMode: retry.retryMode, maxAttempts: retry.maxAttempts, credentials });
}

export function ec2Client(region: string, retry: RetrySettings): EC2Client {
  return new EC2Client({ region, retryMode: retry.retryMode, maxAttempts: retry.maxAttempts });
}
