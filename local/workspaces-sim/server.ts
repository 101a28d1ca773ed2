/**
 * The HTTP side: one port for WorkSpaces (JSON 1.1, X-Amz-Target), EC2 and STS (form-encoded query), and SQS's
 * GetQueueAttributes (JSON 1.0), for the depth of the worker's dead-letter queue. Works out who
 * calls from which region from the SigV4 header, applies latency, outages and throttling, then dispatches.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body';
import { jsonObject } from '../json';
import { ApiError } from './errors';
import { handleQueryCall, type QueryService, queryErrorBody, queryService } from './query-api';
import type { WorkspacesSim } from './sim';
import { handleWorkspacesCall } from './workspaces-api';

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'WorkspacesService.';
const SQS_TARGET_PREFIX = 'AmazonSQS.';
const SQS_CONTENT_TYPE = 'application/x-amz-json-1.0';

interface Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

type Call =
  | { protocol: 'json'; operation: string; body: string }
  | { protocol: 'sqs'; operation: string; body: string }
  | { protocol: 'query'; operation: string; service: QueryService; params: URLSearchParams };

/** Reads `Credential=AKID/date/REGION/service/aws4_request` from the Authorization header. */
function parseScope(authorization: string | undefined): Scope | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(authorization ?? '');
  if (!match) return undefined;
  return { accessKeyId: match[1]!, region: match[2]!, service: match[3]! };
}

export class RequestHandler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly sim: WorkspacesSim) {}

  /** Drops pending latency timers, so closing the server leaves nothing on the event loop. */
  cancelPending(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = (await readBody(req)).toString('utf8');
    const scope = parseScope(req.headers.authorization);
    const call = identify(req, body, scope);
    try {
      if (!call) throw new ApiError('UnknownOperationException', 'Neither X-Amz-Target nor Action names an operation.');
      const region = scope?.region ?? 'us-east-1';
      this.sim.recordCall(call.operation, region);
      await this.delay(this.sim.latencyMs());
      if (!scope) {
        throw new ApiError(
          call.protocol === 'json' ? 'MissingAuthenticationTokenException' : 'MissingAuthenticationToken',
          'Missing Authentication Token',
          403,
        );
      }
      this.sim.fleet.settle();
      const caller = this.sim.caller(scope.accessKeyId);
      this.sim.recordCaller(call.operation, caller.arn);
      if (call.protocol === 'sqs') {
        send(res, 200, SQS_CONTENT_TYPE, JSON.stringify(this.sqsCall(call.operation, parseJson(call.body))), requestId);
      } else if (call.protocol === 'json') {
        this.gate(call.operation, region, caller.accountId);
        const input = parseJson(call.body);
        const output = handleWorkspacesCall(call.operation, input, { sim: this.sim, caller, region });
        send(res, 200, JSON_CONTENT_TYPE, JSON.stringify(output), requestId);
      } else {
        if (this.sim.takeThrottle(call.operation, region)) {
          throw call.service === 'ec2'
            ? new ApiError('RequestLimitExceeded', 'Request limit exceeded.', 503)
            : new ApiError('Throttling', 'Rate exceeded', 400);
        }
        const xml = handleQueryCall(call.operation, call.params, { sim: this.sim, caller, region, requestId });
        send(res, 200, 'text/xml', xml, requestId);
      }
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError('InternalFailure', (error as Error).message ?? 'error', 500);
      if (call?.protocol === 'query') {
        send(res, apiError.status, 'text/xml', queryErrorBody(call.service, apiError, requestId), requestId);
      } else {
        const payload = { __type: apiError.code, message: apiError.message, ...apiError.extra };
        send(res, apiError.status, JSON_CONTENT_TYPE, JSON.stringify(payload), requestId);
      }
    }
  }

  /** SQS's GetQueueAttributes: the depth the simulator was given for the queue (0 for any other queue). */
  private sqsCall(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    if (operation !== 'GetQueueAttributes') {
      throw new ApiError('UnsupportedOperation', `The simulator does not answer SQS ${operation}.`);
    }
    if (typeof input.QueueUrl !== 'string') throw new ApiError('MissingParameter', 'QueueUrl is required.');
    return { Attributes: { ApproximateNumberOfMessages: String(this.sim.queueDepth(input.QueueUrl)) } };
  }

  /** Region outages and throttling, which WorkSpaces answers before looking at the request. */
  private gate(operation: string, region: string, accountId: string): void {
    const outage = this.sim.outage(region);
    if (outage === 'down') {
      this.sim.recordOutage();
      throw new ApiError('ServiceUnavailableException', 'The service is unavailable. Please try again later.', 503);
    }
    if (outage === 'not-offered') {
      this.sim.recordOutage();
      throw new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
    }
    if (this.sim.isThrottled(accountId, operation, region))
      throw new ApiError('ThrottlingException', 'Rate exceeded', 400);
  }

  /** Latency on a timer: hundreds of concurrent calls wait together and the event loop stays free. */
  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function identify(req: IncomingMessage, body: string, scope: Scope | undefined): Call | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith(TARGET_PREFIX)) {
    return { protocol: 'json', operation: target.slice(TARGET_PREFIX.length), body };
  }
  if (typeof target === 'string' && target.startsWith(SQS_TARGET_PREFIX)) {
    return { protocol: 'sqs', operation: target.slice(SQS_TARGET_PREFIX.length), body };
  }
  const params = new URLSearchParams(body);
  const action = params.get('Action');
  if (!action) return undefined;
  return { protocol: 'query', operation: action, service: queryService(action, scope?.service), params };
}

function parseJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const value = jsonObject(body);
  if (!value) throw new ApiError('SerializationException', 'The request body is not a JSON object.');
  return value;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, requestId: string): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}
