/**
 * AWS errors as the real SDK client throws them, from a tiny HTTP server that answers what a test asks (a proxy's
 * HTML page, a modelled JSON error), and from endpoints that cannot be reached.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { awsErrorKind, describeAwsError, isThrottling, plainAwsError } from '../../../core/aws/errors';
import { AwsWorkspacesGateway } from '../../../core/aws/workspaces-gateway';

let answer: { status: number; contentType: string; body: string };
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'x-amzn-RequestId': 'req-1' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const html = (status: number) => ({ status, contentType: 'text/html', body: '<html><body>Bad Gateway</body></html>' });
const json = (status: number, type: string, message: string) => ({
  status,
  contentType: 'application/x-amz-json-1.1',
  body: JSON.stringify({ __type: type, message }),
});

async function thrownBy(url: string): Promise<unknown> {
  const client = new WorkSpacesClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1 });
  try {
    await client.send(new DescribeWorkspacesCommand({}));
  } catch (error) {
    return error;
  } finally {
    client.destroy();
  }
  throw new Error('the call succeeded');
}

describe('classifying AWS errors', () => {
  it('names a 5xx HTML page by its status, never by the parser error the SDK wraps it in', async () => {
    answer = html(502);
    const error = await thrownBy(endpoint);
    expect(awsErrorKind(error)).toBe('server');
    expect(describeAwsError(error)).toBe('AWS answered HTTP 502');
    const plain = plainAwsError(error);
    expect(plain.code).toBe('HTTP502');
    expect(plain.message).toMatch(/^AWS answered HTTP 502: /);
    expect(plain.message).not.toMatch(/Unexpected token|\$response|JSON/);
  });

  it('names a 4xx HTML page by its status too', async () => {
    answer = html(403);
    const error = await thrownBy(endpoint);
    expect(awsErrorKind(error)).toBe('refused');
    expect(plainAwsError(error)).toMatchObject({ code: 'HTTP403', message: 'AWS answered HTTP 403' });
  });

  it('tells throttling, a modelled 5xx, access and a refusal apart by name and status', async () => {
    answer = json(400, 'ThrottlingException', 'Rate exceeded');
    expect(isThrottling(await thrownBy(endpoint))).toBe(true);
    answer = json(429, 'SomethingNew', 'slow down');
    expect(awsErrorKind(await thrownBy(endpoint))).toBe('throttling');
    answer = json(503, 'ServiceUnavailableException', 'unavailable');
    const unavailable = await thrownBy(endpoint);
    expect(awsErrorKind(unavailable)).toBe('server');
    expect(describeAwsError(unavailable)).toBe('ServiceUnavailableException (AWS answered HTTP 503)');
    answer = json(400, 'AccessDeniedException', 'no');
    expect(awsErrorKind(await thrownBy(endpoint))).toBe('access-denied');
    answer = json(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    expect(awsErrorKind(await thrownBy(endpoint))).toBe('not-offered');
    answer = json(400, 'InvalidParameterValuesException', 'bad filter');
    const refused = await thrownBy(endpoint);
    expect(awsErrorKind(refused)).toBe('refused');
    expect(plainAwsError(refused).message).toBe('AWS answered InvalidParameterValuesException: bad filter');
  });

  it('a message that merely says "Rate exceeded" is not throttling: the name and status decide', async () => {
    answer = json(400, 'InvalidParameterValuesException', 'Rate exceeded');
    expect(isThrottling(await thrownBy(endpoint))).toBe(false);
  });

  it('a host that does not resolve and a refused connection are network faults, not "not offered"', () => {
    const dns = classifiedInProcess('http://workspaces.nowhere.invalid');
    expect(dns.kind).toBe('network');
    expect(dns.description).toMatch(/^could not reach AWS \((ENOTFOUND|EAI_AGAIN)\)$/);
    expect(classifiedInProcess('http://127.0.0.1:1')).toEqual({
      kind: 'network',
      description: 'could not reach AWS (ECONNREFUSED)',
    });
  });
});

/** Classifies in a Node process of its own: see test/helpers/unreachable-endpoint.ts for why. */
function classifiedInProcess(url: string): { kind: string; description?: string } {
  const loader = pathToFileURL(require.resolve('tsx')).href;
  const script = path.join(__dirname, '../../helpers/unreachable-endpoint.ts');
  return JSON.parse(execFileSync(process.execPath, ['--import', loader, script, url], { encoding: 'utf8' }));
}

describe('restore through the gateway', () => {
  const previous = process.env.AWS_ENDPOINT_URL_WORKSPACES;
  beforeAll(() => {
    process.env.AWS_ENDPOINT_URL_WORKSPACES = endpoint;
  });
  afterAll(() => {
    process.env.AWS_ENDPOINT_URL_WORKSPACES = previous;
  });
  const restore = () =>
    new AwsWorkspacesGateway({ retryMode: 'standard', maxAttempts: 1 }).act(
      { region: 'us-east-1', accountId: '123456789012' },
      'restore',
      ['ws-1'],
    );

  it('throws a 5xx (an HTML page included), as the batch actions do, instead of calling it a refusal', async () => {
    answer = html(502);
    await expect(restore()).rejects.toMatchObject({ $metadata: { httpStatusCode: 502 } });
    answer = json(500, 'InternalServerError', 'oops');
    await expect(restore()).rejects.toMatchObject({ name: 'InternalServerError' });
  });

  it("reports the service's refusal of the one WorkSpace as its FailedRequest", async () => {
    answer = json(400, 'InvalidResourceStateException', 'The WorkSpace is not in a valid state.');
    await expect(restore()).resolves.toMatchObject({
      failed: [{ workspaceId: 'ws-1', errorCode: 'InvalidResourceStateException' }],
    });
  });
});
