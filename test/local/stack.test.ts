/**
 * `npm start`'s stack without a browser: what it prints for each way it can run (stand-ins, real AWS, real Slack),
 * and that a start failing half-way stops what it had started and leaves the environment as it was.
 */
import { createServer } from 'node:http';
import { listen } from '../../local/http/listen';
import { describeStack, type LocalStack, startLocalStack } from '../../local/stack';

/** A stack as startLocalStack returns it, with only what describeStack reads. */
function stackLike(overrides: Partial<LocalStack>): LocalStack {
  return {
    url: 'http://127.0.0.1:3000',
    playgroundUrl: 'http://localhost:3000/',
    dynamoEndpoint: 'http://127.0.0.1:8000',
    endpoints: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' },
    fleetFile: `${process.cwd()}/local/workspaces-sim/demo-fleet.json`,
    simulator: { url: 'http://127.0.0.1:4000' } as LocalStack['simulator'],
    provider: {
      url: 'http://127.0.0.1:5000',
      people: [{ key: 'alice' }, { key: 'carol' }],
    } as unknown as LocalStack['provider'],
    slack: { apiUrl: 'http://127.0.0.1:6000/api/' } as LocalStack['slack'],
    scheduler: { standIn: { url: 'http://127.0.0.1:7000' } } as LocalStack['scheduler'],
    config: {
      tables: { workspaces: 'wsbot-workspaces', sync: 'wsbot-sync' },
      schedules: { groupName: 'workspaces-bot' },
    } as unknown as LocalStack['config'],
    signingSecret: 'local-signing-secret',
    oncallChannel: 'C0ONCALL',
    scanEveryMs: 60_000,
    reapEveryMs: 120_000,
    readySeconds: 3.2,
    ...overrides,
  } as LocalStack;
}

describe('what npm start prints', () => {
  it('with the stand-ins: the playground, each stand-in, and placeholder credentials for other shells', () => {
    const text = describeStack(stackLike({})).join('\n');
    expect(text).toContain(
      'Scheduler              http://127.0.0.1:7000 (local EventBridge Scheduler, group workspaces-bot',
    );
    expect(text).toContain('ready in 3.2 s');
    expect(text).toContain('Open http://localhost:3000/  to play Slack');
    expect(text).toContain('WorkSpaces simulator   http://127.0.0.1:4000 (fleet local/workspaces-sim/demo-fleet.json)');
    expect(text).toContain('Slack Web API stand-in http://127.0.0.1:6000/api/');
    expect(text).toContain('on-call channel C0ONCALL');
    expect(text).toContain('demo people: alice, carol');
    expect(text).toContain('export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000');
    expect(text).toContain('export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local');
  });

  it('with real AWS: no simulator, and no placeholder credentials that would replace the real ones', () => {
    const text = describeStack(stackLike({ simulator: undefined })).join('\n');
    expect(text).toMatch(/WorkSpaces +real AWS \(USE_REAL_AWS=true\)/);
    expect(text).not.toContain('AWS_ACCESS_KEY_ID');
  });

  it('with real Slack over Socket Mode: no playground and no stand-in', () => {
    const text = describeStack(stackLike({ slack: undefined, playgroundUrl: undefined })).join('\n');
    expect(text).toMatch(/Slack +your workspace, over Socket Mode \(no playground\)/);
    expect(text).not.toContain('Open ');
    expect(text).not.toContain('stand-in');
  });
});

describe('a start that fails', () => {
  const listening = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

  it('half-way (a fleet file that does not exist) stops what it had started', async () => {
    const before = listening();
    await expect(
      startLocalStack({
        port: 0,
        fleet: '/nonexistent/fleet.json',
        dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
        log: () => {},
      }),
    ).rejects.toThrow('/nonexistent/fleet.json');
    // The Slack stand-in and the sign-in provider had started listening; both are closed again (a closed server's
    // handle goes a moment after its close callback, hence the wait).
    for (let waited = 0; listening() > before && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listening()).toBe(before);
  });

  it('after it set the variables (a bad REGIONLIST) puts every variable back', async () => {
    const env = { ...process.env };
    process.env.REGIONLIST = 'not a region';
    try {
      await expect(
        startLocalStack({ port: 0, dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, log: () => {} }),
      ).rejects.toThrow('REGIONLIST');
      expect(process.env).toEqual({ ...env, REGIONLIST: 'not a region' });
    } finally {
      delete process.env.REGIONLIST;
    }
  });

  it('on a port already taken, says which and how to choose another', async () => {
    const taken = createServer();
    const url = await listen(taken);
    try {
      const port = Number(new URL(url).port);
      await expect(startLocalStack({ port, log: () => {} })).rejects.toThrow(
        `Port ${port} is already in use (another npm start?). Stop it, or choose another: PORT=3001 npm start`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
