/** Posting on-call reports through the real WebClient to the Slack stand-in. */
import type { WebClient } from '@slack/web-api';
import { OnCallPostError } from '../../../../bot/slack/oncall/errors';
import { renderOnCallReport } from '../../../../bot/slack/oncall/render-report';
import { SlackOnCallChannel } from '../../../../bot/slack/oncall/slack-oncall-channel';
import type { SlackApiStandIn } from '../../../../local/slack-api';
import type { OnCallChannel } from '../../../../sync/report';
import { ONCALL_CHANNEL, onCallReport, startSlackStandIn, webClientFor } from '../../../helpers/slack-api';

let standIn: SlackApiStandIn;
let client: WebClient;

beforeAll(async () => {
  standIn = await startSlackStandIn();
  client = webClientFor(standIn).client;
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

async function postError(channel: OnCallChannel): Promise<OnCallPostError> {
  const error = await channel.post(onCallReport()).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OnCallPostError)) throw new Error(`expected an OnCallPostError, got ${String(error)}`);
  return error;
}

describe('SlackOnCallChannel', () => {
  it('posts the rendered report to its channel with chat.postMessage', async () => {
    const report = onCallReport({ kind: 'digest' });
    const channel: OnCallChannel = new SlackOnCallChannel(client, ONCALL_CHANNEL);
    await channel.post(report);

    const calls = standIn.calls('chat.postMessage');
    expect(calls).toHaveLength(1);
    const { text, blocks } = renderOnCallReport(report);
    expect(calls[0]).toMatchObject({
      args: { channel: ONCALL_CHANNEL, text, blocks, unfurl_links: 'false', unfurl_media: 'false' },
      answer: { ok: true, channel: ONCALL_CHANNEL },
      warnings: [],
    });
    expect(channel.name).toBe(`slack:${ONCALL_CHANNEL}`);
  });

  it("throws an OnCallPostError carrying Slack's error code when Slack answers ok: false", async () => {
    standIn.failNext('chat.postMessage', 'not_in_channel');
    const error = await postError(new SlackOnCallChannel(client, ONCALL_CHANNEL));
    expect(error).toMatchObject({ code: 'ONCALL_POST_FAILED', slackError: 'not_in_channel', channel: ONCALL_CHANNEL });
    expect(error.message).toBe(
      `The on-call report was not posted to ${ONCALL_CHANNEL}: Slack answered not_in_channel.`,
    );
  });

  it('reports a token Slack does not accept as invalid_auth', async () => {
    const stranger = webClientFor(standIn, 'xoxb-revoked').client;
    expect(await postError(new SlackOnCallChannel(stranger, ONCALL_CHANNEL))).toMatchObject({
      slackError: 'invalid_auth',
    });
    expect(standIn.calls('chat.postMessage')[0]?.answer).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('says Slack could not be reached when nothing answers, with no Slack error code', async () => {
    const closed = await startSlackStandIn();
    await closed.close();
    const unreachable = webClientFor(closed).client;
    const error = await postError(new SlackOnCallChannel(unreachable, ONCALL_CHANNEL));
    expect(error.slackError).toBeUndefined();
    expect(error.message).toContain('Slack could not be reached');
  });
});
