/**
 * The SDK clients the bot builds leave out the SDK's logger middleware, which copied every request and response
 * (20,000 items per scan) for a logger nobody set.
 */
import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { ec2Client, workspacesClient } from '../../../core/aws/clients';
import { documentClient } from '../../../core/aws/dynamodb';
import { SDK_LOGGER_MIDDLEWARE } from '../../../core/aws/sdk-logging';

const retry = { retryMode: 'standard' as const, maxAttempts: 3 };
const hasLogger = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().some((name) => name.startsWith(`${SDK_LOGGER_MIDDLEWARE} `));

describe('SDK clients', () => {
  it('a plain client has the middleware under that name (so removing it by name is not a silent no-op)', () => {
    expect(hasLogger(new WorkSpacesClient({ region: 'us-east-1' }))).toBe(true);
  });

  it.each([
    ['WorkSpaces', () => workspacesClient('us-east-1', retry)],
    ['EC2', () => ec2Client('us-east-1', retry)],
    ['DynamoDB (document client)', () => documentClient(retry)],
  ])('the %s client is built without it', (_, build) => {
    expect(hasLogger(build())).toBe(false);
  });
});
