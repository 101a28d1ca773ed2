/**
 * WorkSpaces and EC2 clients, each built from the SDK's default configuration so that AWS_REGION, the
 * standard AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables and the default credentials chain work
 * unchanged. Only the retry strategy is ours: adaptive by default, because WorkSpaces throttles.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { WorkSpacesClient, type WorkSpacesClientConfig } from '@aws-sdk/client-workspaces';
import type { RetrySettings } from './dynamodb';
import { withoutSdkLogging } from './sdk-logging';

export type { RetrySettings } from './dynamodb';

export function workspacesClient(
  region: string,
  retry: RetrySettings,
  credentials?: WorkSpacesClientConfig['credentials'],
): WorkSpacesClient {
  return withoutSdkLogging(
    new WorkSpacesClient({ region, retryMode: retry.retryMode, maxAttempts: retry.maxAttempts, credentials }),
  );
}

/** `region` undefined: the SDK's default region (AWS_REGION). */
export function ec2Client(
  region: string | undefined,
  retry: RetrySettings,
  credentials?: WorkSpacesClientConfig['credentials'],
): EC2Client {
  return withoutSdkLogging(
    new EC2Client({ region, retryMode: retry.retryMode, maxAttempts: retry.maxAttempts, credentials }),
  );
}
