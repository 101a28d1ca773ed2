/**
 * The Teams entry point over HTTP, with botbuilder's real CloudAdapter and the Bot Framework stand-in: a signed
 * activity is served and its reply reaches the Connector API with a token the stand-in issued to the bot's app id
 * and password; an invoke's answer is the HTTP body; every kind of bad token is refused with 401 before the bot's
 * logic runs; and no adapter with authentication off is ever served.
 */
import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { router } from '../../../bot/http/router';
import { createTeamsAdapter, ServiceUrlRefused, type TeamsAdapter } from '../../../bot/teams/adapter';
import { MAX_BODY_BYTES, teamsHttpHandler } from '../../../bot/teams/http';
import { parseTeamsSettings } from '../../../bot/teams/settings';
import { ConfigError } from '../../../core/errors';
import type { Log } from '../../../core/logger';
import { type BotFramework, startBotFramework, TOKEN_FAULTS } from '../../../local/botframework';
import { type LambdaServer, startLambdaServer } from '../../../local/http/lambda-server';
import {
  executeAction,
  GROUP_CHAT,
  mentionText,
  personalText,
  postActivity,
  postSigned,
  submitAction,
  type TeamsActivity,
  teamsPeople,
} from '../../helpers/teams';

/** The conversation reference botbuilder takes from an activity (ConversationAccount wants a name Teams leaves out). */
const referenceOf = (activity: TeamsActivity) =>
  TurnContext.getConversationReference(activity as unknown as Partial<Activity>);

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** Why botbuilder refused each fault, in its own words: the refusal comes from its validation, not from ours. */
const REASONS: Record<(typeof TOKEN_FAULTS)[number], RegExp> = {
  unsigned: /jwt signature is required/,
  'alg-none': /jwt signature is required|invalid algorithm/,
  expired: /The token has expired/,
  'wrong-audience': /Invalid AppId passed on token/,
  'wrong-issuer': /No valid identity/,
  'unknown-key': /Signing Key could not be retrieved/,
  'no-endorsement': /Could not validate endorsement/,
  'forged-service-url': /ServiceUrl claim do not match/,
  'bad-signature': /invalid signature/,
};

interface Turn {
  type: string;
  text: string | undefined;
  value: unknown;
  withoutMention: string;
}

/** Records each turn; answers an invoke with a card, anything else with a message. */
function recordingLogic(turns: Turn[]) {
  return async (context: TurnContext) => {
    const { activity } = context;
    turns.push({
      type: activity.type,
      text: activity.text,
      value: activity.value,
      withoutMention: TurnContext.removeRecipientMention(activity)?.trim() ?? '',
    });
    if (activity.text === 'fail') throw new Error('the database at 10.0.0.7 is down');
    if (activity.type === 'invoke') {
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 200,
          body: {
            statusCode: 200,
            type: 'application/vnd.microsoft.card.adaptive',
            value: { type: 'AdaptiveCard', version: '1.5', body: [] },
          },
        },
      });
      return;
    }
    await context.sendActivity(`Heard: ${TurnContext.removeRecipientMention(activity)?.trim() ?? ''}`);
  };
}

/** What the entry point logged about each refusal. */
const refusals: string[] = [];
const recordingLog: Log = {
  ...quiet,
  warn: (...args: unknown[]) => {
    refusals.push(args.map((arg) => JSON.stringify(arg)).join(' '));
  },
};

async function serve(teams: TeamsAdapter, turns: Turn[]): Promise<LambdaServer> {
  const handler = teamsHttpHandler(teams, recordingLogic(turns), { log: recordingLog });
  return startLambdaServer(router({ '/teams/messages': { POST: handler } }));
}

let bf: BotFramework;
let teams: TeamsAdapter;
let server: LambdaServer;
const turns: Turn[] = [];
let people: ReturnType<typeof teamsPeople>;

beforeAll(async () => {
  // botbuilder prints every refusal with console.error; the assertions below say what matters.
  jest.spyOn(console, 'error').mockImplementation(() => {});
  bf = await startBotFramework();
  people = teamsPeople(bf);
  teams = await createTeamsAdapter(parseTeamsSettings(bf.env()), { log: quiet });
  server = await serve(teams, turns);
});

afterAll(async () => {
  await server?.close();
  await bf?.close();
  jest.restoreAllMocks();
});

beforeEach(() => {
  turns.length = 0;
  refusals.length = 0;
  bf.reset();
});

describe('a signed activity', () => {
  it('runs the logic, and its reply reaches the Connector API with a token the stand-in issued to the bot', async () => {
    const activity = personalText(bf, { person: people.alice! }, 'list');
    const answer = await postSigned(bf, server.url, activity);

    expect(answer.status).toBe(200);
    expect(turns).toEqual([expect.objectContaining({ type: 'message', text: 'list' })]);
    const [reply] = bf.calls('replyToActivity');
    expect(reply).toMatchObject({
      status: 201,
      appId: bf.appId,
      conversationId: activity.conversation.id,
      replyToId: activity.id,
      body: expect.objectContaining({ type: 'message', text: 'Heard: list' }),
    });
    expect(bf.calls().every((call) => call.status < 400)).toBe(true);
    // The real client credentials grant, with the app id and the password, for the stand-in's scope.
    expect(bf.tokenRequests()).toEqual([
      expect.objectContaining({ clientId: bf.appId, scope: `${bf.url}/.default`, granted: true }),
    ]);
  });

  it('in a channel, @mentioning the bot: the mention entity is what botbuilder strips', async () => {
    const answer = await postSigned(bf, server.url, mentionText(bf, { person: people.bob! }, 'fleet'));
    expect(answer.status).toBe(200);
    expect(turns[0]).toMatchObject({ text: '<at>WorkSpaces</at> fleet', withoutMention: 'fleet' });
    expect(bf.calls('replyToActivity')[0]!.body).toMatchObject({ text: 'Heard: fleet' });
  });

  it('in a group chat too', async () => {
    const activity = mentionText(bf, { person: people.bob!, chat: GROUP_CHAT }, 'help');
    expect((await postSigned(bf, server.url, activity)).status).toBe(200);
    expect(bf.calls('replyToActivity')[0]!.conversationId).toBe(GROUP_CHAT.id);
  });

  it('an Action.Execute invoke: the invoke response the logic sets is the HTTP answer', async () => {
    const activity = executeAction(bf, { person: people.alice! }, { verb: 'reboot', data: { workspaceId: 'ws-1' } });
    const answer = await postSigned(bf, server.url, activity);

    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.5', body: [] },
    });
    expect(turns[0]).toMatchObject({
      type: 'invoke',
      value: { action: { type: 'Action.Execute', verb: 'reboot', data: { workspaceId: 'ws-1' } } },
    });
    // The card came back in the HTTP answer; nothing was posted to the Connector API.
    expect(bf.calls()).toEqual([]);
  });

  it('an Action.Submit message carries the card data in value', async () => {
    const activity = submitAction(bf, { person: people.alice! }, { value: { verb: 'stop', workspaceId: 'ws-2' } });
    expect((await postSigned(bf, server.url, activity)).status).toBe(200);
    expect(turns[0]).toMatchObject({ type: 'message', value: { verb: 'stop', workspaceId: 'ws-2' } });
  });
});

describe('refused with 401, the logic never called and nothing sent', () => {
  afterEach(() => {
    expect(turns).toEqual([]);
    expect(bf.calls()).toEqual([]);
  });

  it.each(TOKEN_FAULTS.map((fault) => [fault]))('a token with the fault %s', async (fault) => {
    const answer = await postSigned(bf, server.url, personalText(bf, { person: people.alice! }, 'list'), fault);
    expect([answer.status, answer.text]).toEqual([401, 'Unauthorized.']);
    expect(refusals).toEqual([expect.stringMatching(REASONS[fault])]);
  });

  it('no Authorization header', async () => {
    const answer = await postActivity(server.url, personalText(bf, { person: people.alice! }, 'list'));
    expect(answer.status).toBe(401);
  });

  it('a header that is no bearer token', async () => {
    const activity = personalText(bf, { person: people.alice! }, 'list');
    const answer = await postActivity(server.url, activity, 'not-a-jwt');
    expect(answer.status).toBe(401);
  });

  it("a good token for another activity's service URL", async () => {
    const activity = personalText(bf, { person: people.alice! }, 'list');
    const token = bf.tokenFor({ serviceUrl: `${bf.url}/emea/` });
    expect((await postActivity(server.url, activity, token)).status).toBe(401);
  });

  it('an activity that says it comes from another channel, with a token endorsed for Teams', async () => {
    const activity = { ...personalText(bf, { person: people.alice! }, 'list'), channelId: 'webchat' };
    expect((await postSigned(bf, server.url, activity)).status).toBe(401);
  });

  it('a genuine token of another channel (a key endorsed for Web Chat, a Web Chat activity)', async () => {
    const activity = { ...personalText(bf, { person: people.alice! }, 'list'), channelId: 'webchat' };
    expect((await postSigned(bf, server.url, activity, 'no-endorsement')).status).toBe(401);
  });

  it('a signed activity whose service URL is not a Teams service', async () => {
    const activity = {
      ...personalText(bf, { person: people.alice! }, 'list'),
      serviceUrl: 'https://attacker.example/',
    };
    expect((await postSigned(bf, server.url, activity)).status).toBe(401);
  });
});

describe('bodies that are no activity', () => {
  afterEach(() => expect(turns).toEqual([]));

  it(`past ${MAX_BODY_BYTES} bytes: 413`, async () => {
    const activity = personalText(bf, { person: people.alice! }, 'x'.repeat(MAX_BODY_BYTES));
    expect((await postSigned(bf, server.url, activity)).status).toBe(413);
  });

  it('not JSON: 400', async () => {
    const answer = await postActivity(server.url, '{"type": "message",', bf.tokenFor({ serviceUrl: bf.serviceUrl }));
    expect([answer.status, answer.text]).toEqual([400, 'Bad request.']);
  });

  it.each([
    ['no type', { type: undefined }],
    ['a type that is no string', { type: 42 }],
    ['a conversation that is no object', { conversation: 'a:1' }],
    ['no sender', { from: undefined }],
    ['a recipient without an id', { recipient: { name: 'WorkSpaces' } }],
  ])('an activity with %s: 400', async (_case, change) => {
    const activity = { ...personalText(bf, { person: people.alice! }, 'list'), ...change };
    const answer = await postActivity(server.url, activity, bf.tokenFor(activity));
    expect([answer.status, answer.text]).toEqual([400, 'Bad request.']);
  });

  it('JSON but not an object: 400', async () => {
    expect((await postActivity(server.url, '[1, 2]')).status).toBe(400);
  });
});

describe('the outbound credentials', () => {
  it('a password the token endpoint refuses: the reply is not sent, the answer is a plain 500', async () => {
    const other = await startBotFramework({ appPassword: 'the-real-password' });
    const log = { errors: [] as unknown[] };
    const wrong = await createTeamsAdapter(parseTeamsSettings({ ...other.env(), TEAMS_APP_PASSWORD: 'a-wrong-one' }), {
      log: quiet,
    });
    const wrongTurns: Turn[] = [];
    const wrongServer = await startLambdaServer(
      teamsHttpHandler(wrong, recordingLogic(wrongTurns), {
        log: { ...quiet, error: (...args: unknown[]) => void log.errors.push(args) },
      }),
    );
    try {
      const answer = await postSigned(
        other,
        `${wrongServer.url}/teams/messages`,
        personalText(other, { person: people.alice! }, 'hi'),
      );
      expect([answer.status, answer.text]).toEqual([500, 'Internal error.']);
      expect(wrongTurns).toHaveLength(1);
      expect(other.tokenRequests()).toEqual([expect.objectContaining({ granted: false, error: 'invalid_client' })]);
      expect(other.calls()).toEqual([]);
      expect(log.errors).toHaveLength(1);
      expect(JSON.stringify(log.errors)).not.toContain('a-wrong-one');
    } finally {
      await wrongServer.close();
      await other.close();
    }
  });
});

describe('a turn that fails', () => {
  it('answers a plain 500: what went wrong is logged, never sent', async () => {
    const errors: unknown[] = [];
    const failing = await startLambdaServer(
      teamsHttpHandler(teams, recordingLogic(turns), {
        log: { ...quiet, error: (...args: unknown[]) => void errors.push(args) },
      }),
    );
    try {
      const answer = await postSigned(bf, failing.url, personalText(bf, { person: people.alice! }, 'fail'));
      expect([answer.status, answer.text]).toEqual([500, 'Internal error.']);
      expect(JSON.stringify(errors)).toContain('the database at 10.0.0.7 is down');
    } finally {
      await failing.close();
    }
  });
});

describe('the client secret from Secrets Manager', () => {
  const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}`;
  const fromSecret = (standIn: BotFramework, name: string) => {
    const { TEAMS_APP_PASSWORD: _password, ...env } = standIn.env();
    return parseTeamsSettings({ ...env, TEAMS_SECRET_ARN: arn(name) });
  };

  it('is read once per process, and is the password the token endpoint checks', async () => {
    const other = await startBotFramework({ appPassword: 'from-the-secret' });
    const reads: string[] = [];
    const secrets = async (secretArn: string) => {
      reads.push(secretArn);
      return JSON.stringify({ appPassword: 'from-the-secret' });
    };
    const first = await createTeamsAdapter(fromSecret(other, 'once'), { log: quiet, secrets });
    await createTeamsAdapter(fromSecret(other, 'once'), { log: quiet, secrets });
    expect(reads).toEqual([arn('once')]);

    const own = await serve(first, []);
    try {
      const activity = personalText(other, { person: people.alice! }, 'hi');
      expect((await postSigned(other, `${own.url}/teams/messages`, activity)).status).toBe(200);
      expect(other.tokenRequests()).toEqual([expect.objectContaining({ clientId: other.appId, granted: true })]);
      expect(other.calls('replyToActivity')).toEqual([expect.objectContaining({ status: 201, appId: other.appId })]);
    } finally {
      await own.close();
      await other.close();
    }
  });

  it('a secret without appPassword is a configuration error that names the variable, not the value', async () => {
    const secrets = async () => JSON.stringify({ password: 'sup3r-s3cret' });
    const failing = createTeamsAdapter(fromSecret(bf, 'shapeless'), { log: quiet, secrets });
    await expect(failing).rejects.toBeInstanceOf(ConfigError);
    await expect(failing).rejects.toThrow(/TEAMS_SECRET_ARN/);
    await expect(failing).rejects.not.toThrow(/sup3r-s3cret/);
  });

  it('a read that failed is tried again', async () => {
    let calls = 0;
    const secrets = async () => {
      calls += 1;
      if (calls === 1) throw new Error('Secrets Manager is unavailable');
      return JSON.stringify({ appPassword: 'pw' });
    };
    await expect(createTeamsAdapter(fromSecret(bf, 'flaky'), { log: quiet, secrets })).rejects.toThrow(/unavailable/);
    await expect(createTeamsAdapter(fromSecret(bf, 'flaky'), { log: quiet, secrets })).resolves.toMatchObject({
      appId: bf.appId,
    });
    expect(calls).toBe(2);
  });
});

describe('proactive messages', () => {
  it('continueConversation posts to the stored conversation with the bot token', async () => {
    const activity = personalText(bf, { person: people.carol! }, 'link');
    // A reference as stored for later: the conversation, not the message it was taken from.
    const { activityId: _message, ...reference } = referenceOf(activity);
    await teams.continueConversation(reference, async (context) => {
      await context.sendActivity('You are linked.');
    });
    // botbuilder's proactive turn replies to the continuation event it made up; Teams posts that as a new message.
    const [sent] = bf.calls();
    expect(sent).toMatchObject({
      operation: 'replyToActivity',
      status: 201,
      appId: bf.appId,
      conversationId: activity.conversation.id,
      body: expect.objectContaining({ text: 'You are linked.' }),
    });
  });

  it('a reference naming a service URL that is not Teams is refused, and nothing is sent anywhere', async () => {
    const activity = personalText(bf, { person: people.carol! }, 'link');
    const reference = {
      ...referenceOf(activity),
      serviceUrl: 'https://attacker.example/teams/',
    };
    let ran = false;
    await expect(
      teams.continueConversation(reference, async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(ServiceUrlRefused);
    expect(ran).toBe(false);
    expect(bf.calls()).toEqual([]);
  });
});

describe('authentication is never off', () => {
  it('createTeamsAdapter refuses to build an adapter without an app id', async () => {
    await expect(createTeamsAdapter(parseTeamsSettings({}), { log: quiet })).rejects.toThrow(/TEAMS_APP_ID/);
  });

  it('the entry point refuses an adapter it did not get from createTeamsAdapter (an auth-disabled one here)', async () => {
    // The one adapter with authentication off in the whole project: botbuilder's default with no credentials.
    const open = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const openTurns: Turn[] = [];
    const forged: TeamsAdapter = { ...teams, adapter: open };
    expect(() => teamsHttpHandler(forged, recordingLogic(openTurns))).toThrow(/createTeamsAdapter/);

    // What it would have let through: an activity with no token at all reaches the logic.
    const req = { method: 'POST', headers: {}, body: personalText(bf, { person: people.alice! }, 'list') };
    const res = { status: () => res, header: () => res, send: () => res, end: () => res, socket: undefined };
    await open.process(req, res, async (context) => {
      openTurns.push({
        type: context.activity.type,
        text: context.activity.text,
        value: undefined,
        withoutMention: '',
      });
    });
    expect(openTurns).toHaveLength(1);

    // The same activity, unsigned, to the adapter with credentials configured: 401, the logic never called.
    const answer = await postActivity(server.url, req.body);
    expect(answer.status).toBe(401);
    expect(turns).toEqual([]);
  });
});
