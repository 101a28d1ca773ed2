/** The Scheduler stand-in, through the real @aws-sdk/client-scheduler. */
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { type SchedulerStandIn, startScheduler, type TargetInvocation } from '../../local/scheduler';

const WORKER = 'arn:aws:lambda:us-east-1:123456789012:function:worker';
const ROLE = 'arn:aws:iam::123456789012:role/scheduler-invoke';
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:schedules-dlq';
/** Fri 4 Dec 2026, 12:00 UTC. */
const START = Date.UTC(2026, 11, 4, 12, 0, 0);

let standIn: SchedulerStandIn;
let client: SchedulerClient;
let fired: TargetInvocation[];
let failing = 0;

beforeEach(async () => {
  fired = [];
  failing = 0;
  standIn = await startScheduler({
    start: START,
    target: async (invocation) => {
      if (failing > 0) {
        failing--;
        throw new Error('worker unavailable');
      }
      fired.push(invocation);
    },
  });
  client = new SchedulerClient({ endpoint: standIn.url, region: 'us-east-1' });
  await client.send(new CreateScheduleGroupCommand({ Name: 'bot' }));
});

afterEach(async () => {
  client.destroy();
  await standIn.close();
});

function schedule(overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: 'stop-ws-1',
    GroupName: 'bot',
    ScheduleExpression: 'at(2026-12-04T18:30:00)',
    ScheduleExpressionTimezone: 'Europe/Berlin',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    ClientToken: 'token-1',
    Target: {
      Arn: WORKER,
      RoleArn: ROLE,
      Input: JSON.stringify({ type: 'schedule', id: 1 }),
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: DLQ },
    },
    ...overrides,
  };
}

const minutes = (n: number) => n * 60_000;

test('a one-time schedule fires at its wall-clock time in its time zone, once, with its Input as the event, and is deleted', async () => {
  const { ScheduleArn } = await client.send(new CreateScheduleCommand(schedule()));
  expect(ScheduleArn).toBe('arn:aws:scheduler:us-east-1:123456789012:schedule/bot/stop-ws-1');
  const got = await client.send(new GetScheduleCommand({ Name: 'stop-ws-1', GroupName: 'bot' }));
  expect(got).toMatchObject({
    ScheduleExpressionTimezone: 'Europe/Berlin',
    State: 'ENABLED',
    ActionAfterCompletion: 'DELETE',
  });
  // 18:30 in Berlin is 17:30 UTC: 5 h 30 min after the start.
  await standIn.advance(minutes(5 * 60 + 29));
  expect(fired).toEqual([]);
  await standIn.advance(minutes(1));
  expect(fired).toEqual([{ arn: WORKER, roleArn: ROLE, event: { type: 'schedule', id: 1 }, scheduleArn: ScheduleArn }]);
  await standIn.advance(minutes(60));
  expect(fired).toHaveLength(1);
  await expect(client.send(new GetScheduleCommand({ Name: 'stop-ws-1', GroupName: 'bot' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
});

test('with ActionAfterCompletion NONE the schedule stays, and does not fire again', async () => {
  await client.send(new CreateScheduleCommand(schedule({ ActionAfterCompletion: 'NONE' })));
  await standIn.advance(minutes(24 * 60));
  await standIn.advance(minutes(60));
  expect(fired).toHaveLength(1);
  await expect(client.send(new GetScheduleCommand({ Name: 'stop-ws-1', GroupName: 'bot' }))).resolves.toMatchObject({
    Name: 'stop-ws-1',
  });
});

test('a failing target is retried as the RetryPolicy says, then the event goes to the dead-letter queue', async () => {
  failing = 10;
  await client.send(new CreateScheduleCommand(schedule()));
  const [invocation] = await standIn.advance(minutes(6 * 60));
  expect(invocation).toMatchObject({ attempts: 3, ok: false });
  expect(standIn.model.deadLetters()).toEqual([
    expect.objectContaining({ queueArn: DLQ, event: { type: 'schedule', id: 1 }, error: 'worker unavailable' }),
  ]);
  failing = 1;
  await client.send(new CreateScheduleCommand(schedule({ Name: 'again', ClientToken: 'token-2' })));
  const [second] = await standIn.advance(minutes(24 * 60));
  expect(second).toMatchObject({ attempts: 2, ok: true });
});

test('the same ClientToken with the same request is answered as before; a second schedule of that name conflicts', async () => {
  const first = await client.send(new CreateScheduleCommand(schedule()));
  const again = await client.send(new CreateScheduleCommand(schedule()));
  expect(again.ScheduleArn).toBe(first.ScheduleArn);
  await expect(client.send(new CreateScheduleCommand(schedule({ ClientToken: 'token-2' })))).rejects.toBeInstanceOf(
    ConflictException,
  );
  await expect(
    client.send(new CreateScheduleCommand(schedule({ ScheduleExpression: 'at(2026-12-05T10:00:00)' }))),
  ).rejects.toBeInstanceOf(ConflictException);
  await standIn.advance(minutes(24 * 60));
  expect(fired).toHaveLength(1);
});

test.each([
  ['a name longer than 64 characters', { Name: 'x'.repeat(65) }],
  ['a name with a character outside [0-9a-zA-Z-_.]', { Name: 'stop ws-1' }],
  ['an expression that is not at(yyyy-mm-ddThh:mm:ss)', { ScheduleExpression: 'at(2026-12-04 18:30)' }],
  ['a date that does not exist', { ScheduleExpression: 'at(2026-02-30T10:00:00)' }],
  ['an unknown time zone', { ScheduleExpressionTimezone: 'Mars/Olympus_Mons' }],
  ['an offset instead of a zone name', { ScheduleExpressionTimezone: '+01:00' }],
  ['a flexible window without its length', { FlexibleTimeWindow: { Mode: 'FLEXIBLE' as const } }],
  ['a role that is not an IAM role ARN', { Target: { Arn: WORKER, RoleArn: 'scheduler-role' } }],
  [
    'a retry policy past 185 attempts',
    { Target: { Arn: WORKER, RoleArn: ROLE, RetryPolicy: { MaximumRetryAttempts: 200 } } },
  ],
  ['an unknown ActionAfterCompletion', { ActionAfterCompletion: 'ARCHIVE' as never }],
])('refuses %s with a ValidationException and creates nothing', async (_why, overrides) => {
  await expect(client.send(new CreateScheduleCommand(schedule(overrides)))).rejects.toBeInstanceOf(ValidationException);
  const listed = await client.send(new ListSchedulesCommand({ GroupName: 'bot' }));
  expect(listed.Schedules).toEqual([]);
});

test('a schedule in a group that does not exist is not found', async () => {
  await expect(client.send(new CreateScheduleCommand(schedule({ GroupName: 'nope' })))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
});

test('clocks going back: a wall-clock time that occurs twice fires once, at its first occurrence', async () => {
  // Sun 25 Oct 2026, 02:30 happens twice in Berlin (CEST 00:30 UTC, then CET 01:30 UTC).
  const standInAt = await startScheduler({
    start: Date.UTC(2026, 9, 25, 0, 0, 0),
    target: async (i) => void fired.push(i),
  });
  const local = new SchedulerClient({ endpoint: standInAt.url, region: 'us-east-1' });
  try {
    await local.send(
      new CreateScheduleCommand(schedule({ GroupName: 'default', ScheduleExpression: 'at(2026-10-25T02:30:00)' })),
    );
    await standInAt.advance(minutes(29));
    expect(fired).toHaveLength(0);
    await standInAt.advance(minutes(1));
    expect(fired).toHaveLength(1);
    await standInAt.advance(minutes(120));
    expect(fired).toHaveLength(1);
  } finally {
    local.destroy();
    await standInAt.close();
  }
});

test('clocks going forward: a wall-clock time that never occurs is skipped, as the service skips it', async () => {
  await client.send(new CreateScheduleCommand(schedule({ ScheduleExpression: 'at(2027-03-28T02:30:00)' })));
  await standIn.advance(minutes(200 * 24 * 60));
  expect(fired).toEqual([]);
});

test('ListSchedules pages, filters by group and prefix; DeleteSchedule removes one so it never fires', async () => {
  for (let i = 0; i < 5; i++) {
    await client.send(new CreateScheduleCommand(schedule({ Name: `s-${i}`, ClientToken: `t-${i}` })));
  }
  await client.send(new CreateScheduleCommand(schedule({ Name: 'other', GroupName: 'default', ClientToken: 'o' })));
  const first = await client.send(new ListSchedulesCommand({ GroupName: 'bot', MaxResults: 3 }));
  expect(first.Schedules?.map((s) => s.Name)).toEqual(['s-0', 's-1', 's-2']);
  const second = await client.send(
    new ListSchedulesCommand({ GroupName: 'bot', MaxResults: 3, NextToken: first.NextToken }),
  );
  expect(second.Schedules?.map((s) => s.Name)).toEqual(['s-3', 's-4']);
  expect(second.NextToken).toBeUndefined();
  const prefixed = await client.send(new ListSchedulesCommand({ NamePrefix: 'oth' }));
  expect(prefixed.Schedules?.map((s) => [s.GroupName, s.Name])).toEqual([['default', 'other']]);
  await client.send(new DeleteScheduleCommand({ Name: 's-0', GroupName: 'bot' }));
  await expect(client.send(new DeleteScheduleCommand({ Name: 's-0', GroupName: 'bot' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
  await standIn.advance(minutes(24 * 60));
  expect(fired.map((f) => f.scheduleArn.split('/').pop()).sort()).toEqual(['other', 's-1', 's-2', 's-3', 's-4']);
});

test('env() points the SDK at the stand-in through AWS_ENDPOINT_URL_SCHEDULER', async () => {
  const previous = process.env.AWS_ENDPOINT_URL_SCHEDULER;
  Object.assign(process.env, standIn.env());
  const fromEnv = new SchedulerClient({});
  try {
    await fromEnv.send(new CreateScheduleCommand(schedule()));
    expect(standIn.model.pending().map((s) => s.Name)).toEqual(['stop-ws-1']);
  } finally {
    fromEnv.destroy();
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SCHEDULER;
    else process.env.AWS_ENDPOINT_URL_SCHEDULER = previous;
  }
});
