/**
 * Member-account credentials, against the simulator's STS: the session name the member's CloudTrail shows is the
 * function's own (ROLE_SESSION_NAME), with a request's id when there is one.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountCredentials, sessionNameFor } from '../../../core/aws/account-credentials';
import type { RunningWorkspacesSimulator } from '../../../local/workspaces-sim';
import { SMALL_FLEET, startSimulator } from '../../helpers/simulator';

const ROLE = 'arn:aws:iam::210987654321:role/WorkspacesBot-member-act';
let running: RunningWorkspacesSimulator;

beforeAll(async () => {
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  running = await startSimulator({ fleet: SMALL_FLEET });
});
afterAll(() => running.close());

/** Who the member account sees calling with these credentials. */
async function callerArn(credentials: AccountCredentials): Promise<string> {
  const sts = new STSClient({ credentials: credentials.for('210987654321') });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  } finally {
    sts.destroy();
  }
}

describe('AccountCredentials', () => {
  it("assumes each member role under the function's session name", async () => {
    const credentials = new AccountCredentials([ROLE], { sessionName: 'workspaces-bot-act', externalId: 'ext-1' });
    expect(await callerArn(credentials)).toBe(
      'arn:aws:sts::210987654321:assumed-role/WorkspacesBot-member-act/workspaces-bot-act',
    );
    expect(credentials.for('111122223333')).toBeUndefined();
  });

  it("adds a request's id to the session name, for one request's calls", async () => {
    const credentials = new AccountCredentials(
      [ROLE],
      { sessionName: 'workspaces-bot-act' },
      '8f14e45f-ceea-467f-a0e6-7d1a0e4b9c21',
    );
    expect(await callerArn(credentials)).toBe(
      'arn:aws:sts::210987654321:assumed-role/WorkspacesBot-member-act/workspaces-bot-act-8f14e45f-ceea-467f-a0e6-7d1a0e4b9c21',
    );
  });

  it('keeps a session name within what STS accepts: 64 characters of [\\w+=,.@-]', () => {
    expect(sessionNameFor('workspaces-bot-act')).toBe('workspaces-bot-act');
    const long = sessionNameFor('workspaces-bot-act', `slack:T0123/${'x'.repeat(80)}`);
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^workspaces-bot-act-slack_T0123_x+$/);
  });
});
