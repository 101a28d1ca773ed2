/**
 * Starts one DynamoDB Local for the whole run and points every AWS SDK client at stand-ins through the
 * SDK's standard variables. Workers inherit these variables; each test file makes its own tables.
 */
import { startDynamoDbLocal } from '../../local/dynamodb/launcher';

export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  (globalThis as { __dynamoDbLocal?: typeof dynamo }).__dynamoDbLocal = dynamo;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
}
