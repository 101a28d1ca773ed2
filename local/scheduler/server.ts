/** The Scheduler stand-in's HTTP side: the service's REST JSON routes, as `@aws-sdk/client-scheduler` calls them. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body';
import { jsonObject } from '../json';
import { SchedulerError } from './errors';
import type { SchedulerModel } from './model';

export async function handleSchedulerRequest(
  model: SchedulerModel,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = (await readBody(req)).toString('utf8');
  try {
    if (!/Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/scheduler\/aws4_request/.test(req.headers.authorization ?? '')) {
      throw new SchedulerError('UnrecognizedClientException', 'Missing or invalid authentication token.', 403);
    }
    const url = new URL(req.url ?? '/', 'http://scheduler.local');
    const input = body.trim() === '' ? {} : jsonObject(body);
    if (!input) throw SchedulerError.validation('The request body is not a JSON object.');
    send(res, 200, route(model, req.method ?? 'GET', url, input));
  } catch (error) {
    const failure =
      error instanceof SchedulerError
        ? error
        : new SchedulerError('InternalServerException', error instanceof Error ? error.message : String(error), 500);
    send(res, failure.status, { Message: failure.message }, failure.code);
  }
}

function route(
  model: SchedulerModel,
  method: string,
  url: URL,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const [collection, encoded, ...rest] = url.pathname.split('/').filter(Boolean);
  const name = encoded === undefined ? undefined : decodeURIComponent(encoded);
  const query = url.searchParams;
  if (rest.length === 0 && collection === 'schedules') {
    if (name === undefined && method === 'GET') return model.listSchedules(query);
    if (name !== undefined) {
      const group = query.get('groupName') ?? undefined;
      if (method === 'POST') return model.createSchedule(name, input);
      if (method === 'GET') return model.getSchedule(name, group);
      if (method === 'DELETE') return model.deleteSchedule(name, group);
    }
  }
  if (rest.length === 0 && collection === 'schedule-groups' && name !== undefined) {
    if (method === 'POST') return model.createScheduleGroup(name, input);
    if (method === 'GET') return model.getScheduleGroup(name);
    if (method === 'DELETE') return model.deleteScheduleGroup(name);
  }
  throw new SchedulerError(
    'UnknownOperationException',
    `The Scheduler stand-in does not answer ${method} ${url.pathname}.`,
    404,
  );
}

function send(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}
