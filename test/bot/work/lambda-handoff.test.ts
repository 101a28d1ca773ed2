/**
 * The durable hand-off as it runs on Lambda: the chat function acks, then invokes the worker function
 * asynchronously (InvocationType Event) with the job; the worker performs it from that payload. A small
 * stand-in for the Lambda Invoke API records the invocation, reached through AWS_ENDPOINT_URL_LAMBDA.
 */
import { createServer, type Server } from 'node:http';
import type { ConverseJob } from '../../../bot/work/jobs';
import { LambdaWorkQueue } from '../../../bot/work/lambda-queue';
import type { WorkspacesGateway } from '../../../core/aws/workspaces-gateway';
import { readBody } from '../../../local/http/body';
import { listen } from '../../../local/http/listen';
import { type BotFixture, startBot } from '../../helpers/bot';
import { SMALL_FLEET } from '../../helpers/simulator';
import { blockAction, FORM, homeTabAction, post, signed, slashCommand } from '../../helpers/slack-requests';

interface Invocation {
  path: string;
  invocationType: string | undefined;
  payload: ConverseJob;
}

let lambda: Server;
let lambdaUrl: string;
const invocations: Invocation[] = [];
let answerStatus = 202;

beforeAll(async () => {
  lambda = createServer(async (req, res) => {
    invocations.push({
      path: req.url ?? '',
      invocationType: req.headers['x-amz-invocation-type'] as string | undefined,
      payload: JSON.parse((await readBody(req)).toString('utf8')) as ConverseJob,
    });
    res.writeHead(answerStatus, { 'x-amzn-requestid': 'req-1' }).end();
  });
  lambdaUrl = await listen(lambda);
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaUrl;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_LAMBDA;
  await new Promise((resolve) => lambda.close(resolve));
});
beforeEach(() => {
  invocations.length = 0;
  answerStatus = 202;
});

const job: ConverseJob = {
  type: 'converse',
  request: {
    chat: { platform: 'slack', tenantId: 'T0TEST', userId: 'U0ALICE' },
    requestedBy: '@alice',
    intent: { kind: 'command', text: 'restart' },
    requestKey: 'slack:T0TEST:command:trigger-1',
    reply: {
      inPlace: { platform: 'slack', kind: 'response-url', url: 'http://127.0.0.1:1/response', replaceOriginal: true },
      below: { platform: 'slack', kind: 'response-url', url: 'http://127.0.0.1:1/response', replaceOriginal: false },
    },
  },
};

describe('LambdaWorkQueue', () => {
  it('invokes the worker asynchronously with the job as its payload', async () => {
    await new LambdaWorkQueue('workspaces-bot-worker').enqueue(job);
    expect(invocations).toEqual([
      { path: '/2015-03-31/functions/workspaces-bot-worker/invocations', invocationType: 'Event', payload: job },
    ]);
  });

  it('fails loudly when Lambda does not accept the job, so the chat function does not pretend it was handed off', async () => {
    answerStatus = 200;
    await expect(new LambdaWorkQueue('workspaces-bot-worker').enqueue(job)).rejects.toThrow('did not accept the job');
  });
});

describe('the chat function with a worker function configured', () => {
  let f: BotFixture;
  beforeAll(async () => {
    f = await startBot(structuredClone(SMALL_FLEET), { WORKER_FUNCTION_NAME: 'workspaces-bot-worker' });
    await f.link('U0ALICE', 'alice', ['user']);
  });
  afterAll(() => f.close());

  it('acks, hands the request to the worker by an async invocation, and the worker acts once from that payload', async () => {
    const responseUrl = f.slack.responseUrl('handoff');
    const response = await post(
      f.url,
      signed(slashCommand({ id: 'U0ALICE', name: 'alice' }, 'restart', responseUrl), FORM),
    );
    expect(response.status).toBe(200);
    // Handed off before the handler returned, and nothing done yet in this process: not even an answer.
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatchObject({
      invocationType: 'Event',
      payload: { type: 'converse', request: { intent: { kind: 'command', text: 'restart' } } },
    });
    expect(f.slack.responses('handoff')).toEqual([]);
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('AVAILABLE');

    // The worker function runs the delivered payload; a second delivery (a Lambda retry) acts not again, and only
    // puts the same outcome in place of the message once more, saying it had been handled.
    await f.bot.work(invocations[0]!.payload, { deliveryId: 'req-1' });
    await f.bot.work(invocations[0]!.payload, { deliveryId: 'req-2' });
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('REBOOTING');
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
    const answers = f.slack.responses('handoff').map((r) => r.body as { text: string; replace_original: boolean });
    expect(answers).toEqual([
      expect.objectContaining({ text: 'Rebooting ws-alice…', replace_original: true }),
      expect.objectContaining({ text: 'Rebooting ws-alice, requested by @alice.', replace_original: true }),
      expect.objectContaining({ text: 'Rebooting ws-alice, requested by @alice.', replace_original: true }),
    ]);
    expect(JSON.stringify(f.slack.responses('handoff').at(-1)?.body)).toContain('already been handled');
  });

  it('answers a click on the home tab in one DM, updated in place, though the job is delivered twice', async () => {
    answerStatus = 202;
    invocations.length = 0;
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    f.slack.reset();
    const tabClick = homeTabAction(
      { id: 'U0ALICE', name: 'alice' },
      {
        action_id: 'workspace_action:reboot',
        value: 'reboot:ws-alice',
      },
    );
    expect((await post(f.url, signed(tabClick, FORM))).status).toBe(200);
    const job = invocations[0]?.payload;
    expect(job?.type === 'converse' && job.request.reply.inPlace).toEqual({
      platform: 'slack',
      kind: 'message',
      channel: 'U0ALICE',
    });

    await f.bot.work(invocations[0]!.payload, { deliveryId: 'req-3' });
    await f.bot.work(invocations[0]!.payload, { deliveryId: 'req-4' });
    const posted = f.slack.calls('chat.postMessage').filter((call) => call.args.channel === 'U0ALICE');
    expect(posted.map((call) => call.args.text)).toEqual(['Rebooting ws-alice…']);
    const updated = f.slack.calls('chat.update').map((call) => call.args.text);
    expect(updated).toEqual(['Rebooting ws-alice, requested by @alice.']);
  });

  it('says at once that nothing was done when Lambda refuses the hand-off, and does nothing', async () => {
    answerStatus = 500;
    f.simulator.sim.resetStats();
    const responseUrl = f.slack.responseUrl('refused');
    const response = await post(
      f.url,
      signed(slashCommand({ id: 'U0ALICE', name: 'alice' }, 'restart', responseUrl), FORM),
    );
    expect(response.status).toBe(200);
    expect(f.slack.responses('refused').map((r) => (r.body as { text: string }).text)).toEqual([
      'Nothing was done: the request could not be passed on. Try again in a minute.',
    ]);
    expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(0);
  });

  describe('a worker killed mid-action and retried by Lambda (the same request id)', () => {
    /**
     * The first worker's gateway: its process dies at `when` (while re-reading the live state, before anything was
     * asked of AWS; or once AWS has taken the reboot), so the call never returns; `dead` says it has died.
     */
    function dyingGateway(real: WorkspacesGateway, when: 'before-act' | 'after-act') {
      const never = new Promise<never>(() => {});
      let died = () => {};
      const dead = new Promise<void>((resolve) => {
        died = resolve;
      });
      const gateway: WorkspacesGateway = {
        describe: async (target, ids) => {
          if (when === 'after-act') return real.describe(target, ids);
          died();
          return never;
        },
        act: async (target, action, ids) => {
          await real.act(target, action, ids);
          died();
          return never;
        },
      };
      return { gateway, dead };
    }

    async function handedOffClick(ts: string) {
      answerStatus = 202;
      invocations.length = 0;
      f.simulator.sim.setState('ws-alice', 'AVAILABLE');
      await f.scan();
      f.simulator.sim.resetStats();
      const id = `killed-${ts}`;
      const click = blockAction(
        { id: 'U0ALICE', name: 'alice' },
        { action_id: 'workspace_action:reboot', value: 'reboot:ws-alice' },
        f.slack.responseUrl(id),
        { ts },
      );
      expect((await post(f.url, signed(click, FORM))).status).toBe(200);
      const texts = () => f.slack.responses(id).map((r) => (r.body as { text: string }).text);
      return { job: invocations[0]!.payload, texts };
    }

    async function dies(job: ConverseJob, when: 'before-act' | 'after-act', deliveryId: string, texts: () => string[]) {
      const real = f.bot.services.actions.workspaces;
      const dying = dyingGateway(real, when);
      f.bot.services.actions.workspaces = dying.gateway;
      void f.bot.work(job, { deliveryId });
      await dying.dead;
      f.bot.services.actions.workspaces = real;
      await waitFor(() => texts().includes('Rebooting ws-alice…'));
    }

    it.each([
      ['before it called AWS: the retry reboots', 'before-act' as const, '1700000001.000001'],
      ['after AWS took the reboot: the retry does not reboot again', 'after-act' as const, '1700000001.000002'],
    ])('%s; one reboot in all, and the message ends on an outcome', async (_, when, ts) => {
      const { job, texts } = await handedOffClick(ts);
      await dies(job, when, 'lambda-req-1', texts);
      await f.bot.work(job, { deliveryId: 'lambda-req-1' });
      expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(1);
      expect(f.simulator.sim.get('ws-alice')?.state).toBe('REBOOTING');
      const last = texts().at(-1);
      if (when === 'before-act') expect(last).toBe('Rebooting ws-alice, requested by @alice.');
      // The retry re-reads the live state and says what it is: rebooting already.
      else expect(last).toMatch(/^ws-alice has been rebooting/);
    });

    it('another delivery of the same click, while the claim is fresh, neither acts nor answers', async () => {
      const { job, texts } = await handedOffClick('1700000001.000003');
      await dies(job, 'before-act', 'lambda-req-2', texts);
      await f.bot.work(job, { deliveryId: 'lambda-req-other' });
      expect(f.simulator.sim.callCount('RebootWorkspaces')).toBe(0);
      expect(texts()).toEqual(['Rebooting ws-alice…']);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the worker acting in a member account', () => {
  const MEMBER = '210987654321';
  let m: BotFixture;
  beforeAll(async () => {
    const fleet = structuredClone(SMALL_FLEET);
    fleet.directories.push({
      directoryId: 'd-member',
      region: 'us-east-1',
      accountId: MEMBER,
      name: 'corp.example.com',
    });
    fleet.workspaces.push({
      workspaceId: 'ws-dana',
      directoryId: 'd-member',
      userName: 'dana',
      state: 'AVAILABLE',
      runningMode: 'AUTO_STOP',
    });
    m = await startBot(fleet, {
      WORKER_FUNCTION_NAME: 'workspaces-bot-worker',
      ACCOUNT_ROLE_ARNS: `arn:aws:iam::${MEMBER}:role/WorkspacesBot-member-act`,
      ROLE_SESSION_NAME: 'workspaces-bot-act',
    });
    await m.link('U0DANA', 'dana', ['user']);
  });
  afterAll(() => m.close());

  it('calls there under a role session named after the request, which CloudTrail shows', async () => {
    answerStatus = 202;
    invocations.length = 0;
    m.simulator.sim.resetStats();
    const click = blockAction(
      { id: 'U0DANA', name: 'dana' },
      { action_id: 'workspace_action:reboot', value: 'reboot:ws-dana' },
      m.slack.responseUrl('member'),
      { ts: '1700000009.000001' },
    );
    expect((await post(m.url, signed(click, FORM))).status).toBe(200);
    await m.bot.work(invocations[0]!.payload, { deliveryId: 'lambda-req-42' });
    expect(m.simulator.sim.get('ws-dana')?.state).toBe('REBOOTING');
    expect(m.simulator.sim.stats().callers.RebootWorkspaces).toEqual([
      `arn:aws:sts::${MEMBER}:assumed-role/WorkspacesBot-member-act/workspaces-bot-act-lambda-req-42`,
    ]);
  });

  it('acts for a schedule that fires there under a role session named after that delivery too', async () => {
    m.simulator.sim.setState('ws-dana', 'AVAILABLE');
    m.simulator.sim.resetStats();
    const owner = { platform: 'slack' as const, tenantId: 'T0TEST', userId: 'U0DANA' };
    const address = { platform: 'slack' as const, kind: 'message' as const, channel: 'D0DANA' };
    const schedule = {
      name: 'reboot-ws-dana-member1',
      action: 'reboot' as const,
      workspaceId: 'ws-dana',
      at: new Date().toISOString(),
      wall: '2026-12-03T12:00:00',
      zone: 'UTC',
      owner,
      ownerAdUser: 'dana',
      requestedBy: '@dana',
      reply: { inPlace: address, below: address },
      createdAt: new Date().toISOString(),
    };
    await m.bot.services.schedules.index.add(schedule);
    await m.bot.work({ type: 'scheduled-action', schedule }, { deliveryId: 'lambda-req-43' });
    expect(m.simulator.sim.stats().callers.RebootWorkspaces).toEqual([
      `arn:aws:sts::${MEMBER}:assumed-role/WorkspacesBot-member-act/workspaces-bot-act-lambda-req-43`,
    ]);
  });
});
