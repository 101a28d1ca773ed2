/**
 * Run as its own Node process by test/core/aws/errors.test.ts: calls WorkSpaces at the URL given and prints how the
 * error is classified. Jest's sandbox cannot show this: Node's own errors come from another realm there, and the
 * SDK's retry wraps them in a plain Error without their `code`, which no Lambda ever sees.
 */
import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { awsErrorKind, describeAwsError } from '../../core/aws/errors';

async function main(url: string): Promise<void> {
  const client = new WorkSpacesClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1 });
  try {
    await client.send(new DescribeWorkspacesCommand({}));
    process.stdout.write(JSON.stringify({ kind: 'none' }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ kind: awsErrorKind(error), description: describeAwsError(error) }));
  } finally {
    client.destroy();
  }
}

void main(process.argv[2] ?? '');
