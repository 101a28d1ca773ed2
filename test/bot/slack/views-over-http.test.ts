/**
 * The views of issue 17 as a person meets them in Slack: signed slash commands and clicks POSTed to the function
 * URL handler, answers read from the HTTP response and the response_url posts the Slack stand-in records.
 */
import { generateFleet } from '../../../local/workspaces-sim';
import { type BotFixture, startBot } from '../../helpers/bot';
import { SMALL_FLEET } from '../../helpers/simulator';
import { blockAction, FORM, post, signed } from '../../helpers/slack-requests';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const CAROL = { id: 'U0CAROL', name: 'carol' };

type Json = Record<string, unknown>;
let f: BotFixture;

beforeAll(async () => {
  const extra = generateFleet({ workspaces: 60, regions: ['us-east-1'], directoriesPerRegion: 1, seed: 11 });
  const spec = structuredClone(SMALL_FLEET);
  spec.directories.push(...extra.directories);
  spec.workspaces.push(...extra.workspaces, {
    workspaceId: 'ws-broken',
    directoryId: 'd-east',
    userName: 'dan',
    state: 'ERROR',
    runningMode: 'ALWAYS_ON',
  });
  f = await startBot(spec);
  await f.link(ALICE.id, 'alice', ['user']);
  await f.link(CAROL.id, 'carol', ['user', 'admin']);
});
afterAll(() => f.close());

let replies = 0;
function replyUrl() {
  const id = `v${++replies}`;
  return { url: f.slack.responseUrl(id), id };
}

/** A slash command's answer: the worker's first post on the command's response_url. */
async function command(user: typeof ALICE, text: string) {
  return (await f.command(user, text)).body as { text: string; blocks: Json[] };
}

async function click(user: typeof ALICE, action_id: string, value: string) {
  const reply = replyUrl();
  const response = await post(
    f.url,
    signed(blockAction(user, { action_id, value }, reply.url, { ts: `${Date.now() / 1000}` }), FORM),
  );
  expect(response.status).toBe(200);
  await f.bot.drain();
  return f.slack.responses(reply.id).at(-1)?.body as { text: string; blocks: Json[]; replace_original?: boolean };
}

/** The buttons of the blocks: action id, label, value, and whether they ask first. */
function buttons(blocks: Json[]) {
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Json[])
    .filter((e) => e.type === 'button')
    .map((e) => ({
      id: e.action_id as string,
      label: (e.text as Json).text as string,
      value: e.value as string,
      style: e.style,
      confirm: e.confirm !== undefined,
    }));
}

const text = (value: unknown) => JSON.stringify(value);

describe('/workspace rebuild', () => {
  it('asks first, with a red Rebuild behind a dialog and a Cancel beside it that leaves the WorkSpace as it is', async () => {
    const asked = await command(ALICE, 'rebuild');
    expect(asked.text).toBe('Rebuild ws-alice?');
    expect(buttons(asked.blocks)).toEqual([
      { id: 'workspace_action:rebuild', label: 'Rebuild', value: 'rebuild:ws-alice', style: 'danger', confirm: true },
      { id: 'workspace_action:cancel', label: 'Cancel', value: 'status:ws-alice', style: undefined, confirm: false },
    ]);

    f.simulator.sim.resetStats();
    const cancelled = await click(ALICE, 'workspace_action:cancel', 'status:ws-alice');
    // The question is replaced by the WorkSpace as it is; nothing was asked of AWS.
    expect(cancelled.replace_original).toBe(true);
    expect(cancelled.text).toBe('ws-alice is Available (us-east-1).');
    expect(f.simulator.sim.callCount('RebuildWorkspaces')).toBe(0);
    expect(f.simulator.sim.get('ws-alice')?.state).toBe('AVAILABLE');
  });
});

describe('an action that went through', () => {
  it('names the command that shows how it is going, as it is typed in Slack', async () => {
    f.simulator.sim.setState('ws-alice', 'AVAILABLE');
    await f.scan();
    const outcome = await click(ALICE, 'workspace_action:reboot', 'reboot:ws-alice');
    expect(outcome.text).toBe('Rebooting ws-alice, requested by @alice.');
    expect(text(outcome.blocks)).toContain(
      'It takes a few minutes; `/workspace status ws-alice` shows how it is going.',
    );
  });
});

describe('the fleet', () => {
  it('offers the broken WorkSpace its repairs before Terminate, in the overview', async () => {
    const overview = await command(CAROL, 'fleet');
    const broken = buttons(overview.blocks).filter((b) => b.value.endsWith(':ws-broken'));
    expect(broken.map((b) => b.label)).toEqual(['Restore', 'Rebuild', 'Terminate']);
    expect(broken.slice(0, 2).every((b) => b.confirm)).toBe(true);
  });

  it('on Next, shows the page with its position and the summary in one line, the rows near the top', async () => {
    const overview = await command(CAROL, 'fleet');
    const titles = overview.blocks.map((b) => text(b));
    expect(titles.some((t) => t.includes('Fleet, page 1 of 7 · 65 WorkSpaces'))).toBe(true);
    const next = buttons(overview.blocks).find((b) => b.id === 'fleet_page:next')!;
    const second = await click(CAROL, 'fleet_page:next', next.value);
    expect(second.replace_original).toBe(true);
    expect(second.text).toMatch(/^Fleet, page 2 of 7 · 65 WorkSpaces\. 65 WorkSpaces; \d+ needs? attention\.$/);
    expect(second.blocks.map((b) => b.type).slice(0, 3)).toEqual(['context', 'section', 'section']);
    expect(text(second.blocks[0])).toMatch(/65 WorkSpaces; \d+ needs? attention · counted at the scan of <!date\^/);
    expect(text(second.blocks[1])).toContain('*Fleet, page 2 of 7 · 65 WorkSpaces*');
    expect(text(second.blocks)).not.toContain('By state');
  });
});
