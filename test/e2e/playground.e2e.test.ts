/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core against the same stack `npm start`
 * runs (startLocalStack), on free ports. On-call's pane shows the reaper's first report. As alice: sign in through
 * the local provider's page, list, reboot and see the state change. As carol, the admin: sign in, page through the
 * fleet overview, schedule a stop in 30 minutes and fast-forward the Schedules panel's clock to it, terminate with the
 * typed confirmation. Saves a screenshot to test-artifacts/playground.png.
 *
 * Then the same page as Microsoft Teams (`?platform=teams`), its cards drawn by Microsoft's adaptivecards renderer:
 * bob signs in from his personal chat, lists his WorkSpaces and reboots one (the card updates in place to the
 * outcome), @mentions the bot in the IT Operations channel; carol pages through the fleet and terminates a WorkSpace
 * with its id typed into the card's box. No card may fail to render. Saves test-artifacts/playground-teams.png.
 *
 * Every wait is for a specific element or text, with generous timeouts: this runs on loaded CI machines.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { DEMO_FLEET, type LocalStack, startLocalStack } from '../../local/stack';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const SCREENSHOT = path.join(ARTIFACTS, 'playground.png');
const TEAMS_SCREENSHOT = path.join(ARTIFACTS, 'playground-teams.png');
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Per step: generous, since a loaded 2-core CI machine runs this next to other test files. */
const STEP_MS = 120_000;
const WAIT_MS = 30_000;
/** Starting the stack and Chromium, and stopping them. */
const LAUNCH_MS = 180_000;

const ALICE = 'U0ALICE';
const CAROL = 'U0CAROL';

interface FleetFile {
  workspaces: { workspaceId: string; userName: string; state: string; runningMode: string }[];
}
const fleet = JSON.parse(readFileSync(DEMO_FLEET, 'utf8')) as FleetFile;
const alicesWorkspace = fleet.workspaces.find((ws) => ws.userName === 'alice')!.workspaceId;
/** Someone else's WorkSpace that terminate accepts. */
const toTerminate = fleet.workspaces.find(
  (ws) => ws.state === 'AVAILABLE' && !['alice', 'bob', 'carol'].includes(ws.userName),
)!.workspaceId;

/** Bob's first WorkSpace that can be rebooted, and another that terminate accepts, neither touched in Slack. */
const bobsWorkspace = fleet.workspaces.find((ws) => ws.userName === 'bob' && ws.state === 'AVAILABLE')!.workspaceId;
const toTerminateInTeams = fleet.workspaces.find(
  (ws) =>
    ws.state === 'AVAILABLE' &&
    ws.workspaceId !== toTerminate &&
    !['alice', 'bob', 'carol', 'dave', 'erin'].includes(ws.userName),
)!.workspaceId;

/** Someone else's WorkSpace that can be stopped (not always on), touched by no other step: carol schedules its stop. */
const toStop = fleet.workspaces.find(
  (ws) =>
    ws.state === 'AVAILABLE' &&
    ws.runningMode === 'AUTO_STOP' &&
    ![toTerminate, toTerminateInTeams].includes(ws.workspaceId) &&
    !['alice', 'bob', 'carol', 'dave', 'erin'].includes(ws.userName),
)!.workspaceId;

/** The demo fleet's unhealthy WorkSpace: the reaper's first report, at start, lists it for on-call. */
const unhealthy = fleet.workspaces.find((ws) => ws.state === 'UNHEALTHY')!.workspaceId;

let stack: LocalStack;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let finished = false;
let teams: Page;
let teamsFinished = false;
/** What the Teams page logged as errors (a card the renderer refused says so there too). */
const teamsErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM}, which is missing. Install it with ` +
        '`apt-get install -y chromium` (.ci/run does this on CI); `npx playwright install` cannot download here.',
    );
  }
  // The stand-ins, whatever the developer's shell says.
  delete process.env.SLACK_APP_TOKEN;
  delete process.env.PUBLIC_URL;
  stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    tablePrefix: `e2e${Date.now().toString(36)}`,
    // REBOOTING must outlast the test, so that `status` still shows it.
    durations: { REBOOTING: 600_000 },
    scanEveryMs: 3_600_000,
    reapEveryMs: 3_600_000,
    log: () => {},
  });
  userDataDir = mkdtempSync(path.join(tmpdir(), 'playground-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  context.setDefaultTimeout(WAIT_MS);
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(stack.playgroundUrl!);
  await page.getByText('Connected to the local stack.').waitFor();
}, LAUNCH_MS);

afterAll(async () => {
  if (page && !finished) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-failure.png'), fullPage: true }).catch(() => {});
  }
  if (teams && !teamsFinished) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await teams
      .screenshot({ path: path.join(ARTIFACTS, 'playground-teams-failure.png'), fullPage: true })
      .catch(() => {});
  }
  await context?.close().catch(() => {});
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await stack?.stop();
}, LAUNCH_MS);

/** The bot's messages in #general that this person sees, oldest first. */
function messages(userId: string): Locator {
  return page.locator(`#timeline-channel li.msg[data-user="${userId}"]:not(.msg-typed)`);
}

/** Types a command as the chosen person and returns the bot's answer: the next message in #general. */
async function command(userId: string, text: string): Promise<Locator> {
  const before = await messages(userId).count();
  await page.getByLabel('Message #general').fill(text);
  await page.getByLabel('Message #general').press('Enter');
  const answer = messages(userId).nth(before);
  await answer.waitFor();
  return answer;
}

async function be(userId: string): Promise<void> {
  await page.getByLabel('You are').selectOption(userId);
}

/** Clicks Sign in, chooses the person on the provider's page in the new tab, and comes back. */
async function signIn(userId: string, displayName: string, adUser: string): Promise<void> {
  const answer = await command(userId, '/workspace link');
  const [provider] = await Promise.all([
    context.waitForEvent('page'),
    answer.getByRole('link', { name: 'Sign in' }).click(),
  ]);
  await provider.getByRole('heading', { name: /Sign in to WorkSpaces Bot/ }).waitFor();
  await provider.getByRole('button', { name: new RegExp(displayName) }).click();
  await provider.getByText(`Linked as ${adUser}`).first().waitFor();
  await provider.close();
  await page.bringToFront();
  // The bot says so in its direct messages, as in Slack.
  await page.locator('#timeline-dm li.msg', { hasText: `Linked as ${adUser}` }).waitFor({ state: 'attached' });
}

function workspaceIds(text: string | null): string[] {
  return [...new Set(text?.match(/ws-[a-z0-9]{6,}/g) ?? [])];
}

/** The fleet overview, paged with Next on either platform: page 2 shows other WorkSpaces than page 1. */
async function pagesWithNext(overview: Locator): Promise<void> {
  await overview.getByText('Fleet, page 1').waitFor();
  const firstPage = workspaceIds(await overview.textContent());
  await overview.getByRole('button', { name: 'Next' }).click();
  await overview.getByText('Fleet, page 2').waitFor();
  const secondPage = workspaceIds(await overview.textContent());
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage).not.toEqual(firstPage);
}

describe('the playground in Chromium', () => {
  it(
    "shows the reaper's report in the on-call pane, with the WorkSpace that needs attention",
    async () => {
      const report = page.getByRole('log', { name: 'On-call reports' }).locator('li.msg').first();
      await report.waitFor();
      expect(await report.textContent()).toContain(unhealthy);
    },
    STEP_MS,
  );

  it(
    'alice is asked to sign in, signs in on the provider page, and lists her WorkSpace',
    async () => {
      await be(ALICE);
      const first = await command(ALICE, '/workspace list');
      await first.getByRole('link', { name: 'Sign in' }).waitFor();
      await signIn(ALICE, 'Alice Doe', 'alice');
      const list = await command(ALICE, '/workspace list');
      await list.getByText(alicesWorkspace).first().waitFor();
      await list.getByRole('button', { name: 'Reboot' }).waitFor();
    },
    STEP_MS,
  );

  it(
    'alice reboots it: the message updates in place, and status shows Rebooting',
    async () => {
      const list = messages(ALICE).last();
      await list.getByRole('button', { name: 'Reboot' }).click();
      await list.getByText(/requested by @alice/).waitFor();
      expect(await list.textContent()).toContain(alicesWorkspace);
      const status = await command(ALICE, '/workspace status');
      await status.getByText('Rebooting').first().waitFor();
      expect(stack.simulator!.sim.get(alicesWorkspace)?.state).toBe('REBOOTING');
    },
    STEP_MS,
  );

  it(
    'carol signs in and pages through the fleet overview',
    async () => {
      await be(CAROL);
      await signIn(CAROL, 'Carol Reyes', 'carol');
      const overview = await command(CAROL, '/workspace fleet');
      await pagesWithNext(overview);
    },
    STEP_MS,
  );

  it(
    'carol schedules a stop of a WorkSpace in 30 minutes, sees it in the Schedules panel, and fast-forwards to it: it fires',
    async () => {
      const asked = await command(CAROL, `/workspace stop ${toStop} in 30m`);
      await asked.getByRole('button', { name: 'Confirm' }).click();
      const panel = page.getByRole('region', { name: 'Schedules' });
      // Her stop as she asked for it (alice's reboot has a check back pending too, listed as a follow-up).
      const pending = panel
        .getByRole('list', { name: 'Pending schedules' })
        .locator('li', { hasText: `stop ${toStop}, asked by @carol` });
      await pending.waitFor();
      expect(await pending.textContent()).toMatch(/UTC · .* Europe\/London · in (29|30) min/);
      expect(stack.simulator!.sim.get(toStop)?.state).toBe('AVAILABLE');
      await panel.getByRole('button', { name: '+1 h' }).click();
      await panel
        .getByRole('status')
        .getByText(new RegExp(`Fired: .*stop ${toStop}`))
        .waitFor();
      await pending.waitFor({ state: 'detached' });
      expect(['STOPPING', 'STOPPED']).toContain(stack.simulator!.sim.get(toStop)?.state);
    },
    STEP_MS,
  );

  it(
    'carol terminates a WorkSpace after typing its id into the modal',
    async () => {
      const before = await messages(CAROL).count();
      await page.getByLabel('Message #general').fill(`/workspace terminate ${toTerminate}`);
      await page.getByLabel('Message #general').press('Enter');
      const modal = page.getByRole('dialog', { name: 'Terminate WorkSpace' });
      await modal.waitFor();
      const input = modal.getByLabel('Type the WorkSpace id to confirm');
      await input.fill('ws-wrong');
      await modal.getByRole('button', { name: 'Terminate' }).click();
      // The bot's validation error is shown under the field, which is marked invalid; nothing is terminated.
      await modal.locator('input[aria-invalid="true"]').waitFor();
      expect(await modal.locator('.sk-error').textContent()).toContain(toTerminate);
      expect(stack.simulator!.sim.get(toTerminate)?.state).toBe('AVAILABLE');

      await input.fill(toTerminate);
      await modal.getByRole('button', { name: 'Terminate' }).click();
      await modal.waitFor({ state: 'hidden' });
      const outcome = messages(CAROL)
        .filter({ hasText: toTerminate })
        .filter({ hasText: /requested by @carol/ });
      await outcome.first().waitFor();
      expect(await messages(CAROL).count()).toBeGreaterThan(before);
      expect(['TERMINATING', 'TERMINATED']).toContain(stack.simulator!.sim.get(toTerminate)?.state);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      finished = true;
    },
    STEP_MS,
  );
});

// --- Microsoft Teams ---------------------------------------------------------------------------------------------

const BOB = 'bob';
const CAROL_IN_TEAMS = 'carol';

let teamsPerson = BOB;

/**
 * The bot's messages in a Teams conversation that the person chosen sees ('dm': their chat with the bot, whether
 * shown or not; 'channel': IT Operations, where everyone sees everything).
 */
function teamsMessages(where: 'dm' | 'channel'): Locator {
  const whose = where === 'dm' ? `[data-user="${teamsPerson}"]` : '';
  return teams.locator(`#timeline-${where} li.msg${whose}:not(.msg-typed)`);
}

async function teamsShow(where: 'dm' | 'channel'): Promise<void> {
  await teams.locator(`.nav[data-view="${where}"]`).click();
  await teams.locator(`#view-${where} #composer`).waitFor();
}

/**
 * Types in the conversation shown and returns the bot's answer: its next card, in the same conversation unless
 * `answerIn` says otherwise (a private answer to an @mention in the channel goes to the person's chat).
 */
async function teamsSay(where: 'dm' | 'channel', text: string, answerIn = where): Promise<Locator> {
  const before = await teamsMessages(answerIn).count();
  const box = teams.locator('#command');
  await box.fill(text);
  await box.press('Enter');
  const answer = teamsMessages(answerIn).nth(before);
  await answer.waitFor({ state: 'attached' });
  await answer.locator('.tm-card, .tm-card-error').first().waitFor({ state: 'attached' });
  return answer;
}

/** The renderer gives an Action.OpenUrl button the role of a link. */
function signInButton(card: Locator): Locator {
  return card.locator('.tm-card button', { hasText: 'Sign in' });
}

async function teamsBe(key: string): Promise<void> {
  await teams.getByLabel('You are').selectOption(key);
  teamsPerson = key;
}

/**
 * Signs in from the person's chat with the bot: the card's Sign in button, then the provider's page. (The bot does
 * not yet tell a Teams person the outcome in chat, as it tells a Slack one: its Teams asker names no `notifyAt`.)
 */
async function teamsSignIn(displayName: string, adUser: string): Promise<void> {
  const card = await teamsSay('dm', 'link');
  const [provider] = await Promise.all([context.waitForEvent('page'), signInButton(card).click()]);
  await provider.getByRole('heading', { name: /Sign in to WorkSpaces Bot/ }).waitFor();
  await provider.getByRole('button', { name: new RegExp(displayName) }).click();
  await provider.getByText(`Linked as ${adUser}`).first().waitFor();
  await provider.close();
  await teams.bringToFront();
}

describe('the playground as Microsoft Teams, cards drawn by the adaptivecards renderer', () => {
  beforeAll(async () => {
    teams = await context.newPage();
    teams.on('console', (message) => {
      if (message.type() === 'error') teamsErrors.push(message.text());
    });
    teams.on('pageerror', (error) => teamsErrors.push(error.message));
    await teams.goto(`${stack.playgroundUrl!}?platform=teams&user=${BOB}`);
    await teams.getByText('Connected to the local stack.').waitFor();
  }, LAUNCH_MS);

  it(
    'bob, not linked yet, is asked to sign in; he signs in from his chat with the bot and lists his WorkSpaces',
    async () => {
      await teamsShow('dm');
      const first = await teamsSay('dm', 'list');
      await signInButton(first).waitFor();
      await teamsSignIn('Bob Stone', 'bob');
      const list = await teamsSay('dm', 'list');
      await list.getByText(bobsWorkspace).first().waitFor();
      // The renderer drew Teams Markdown: bold as bold, no stray asterisks or backslashes.
      expect(await list.locator('.tm-card').textContent()).not.toMatch(/\*\*|\\/);
    },
    STEP_MS,
  );

  it(
    'bob reboots one: the invoke is answered at once, and the card updates in place to the outcome',
    async () => {
      const list = teamsMessages('dm').last();
      const count = await teamsMessages('dm').count();
      const row = list.locator('.ac-container', { hasText: bobsWorkspace }).last();
      await row.getByRole('button', { name: 'Reboot' }).first().click();
      await list.locator('.msg-reply', { hasText: 'Working on it' }).waitFor();
      await list
        .getByText(/requested by/)
        .first()
        .waitFor();
      expect(await list.textContent()).toContain(bobsWorkspace);
      expect(await list.getAttribute('data-updates')).not.toBeNull();
      // Updated in place: no new message for the outcome.
      expect(await teamsMessages('dm').count()).toBe(count);
      expect(stack.simulator!.sim.get(bobsWorkspace)?.state).toBe('REBOOTING');
    },
    STEP_MS,
  );

  it(
    'bob @mentions the bot in the IT Operations channel: the answer, private, comes to his chat with the bot',
    async () => {
      await teamsShow('channel');
      const unmentioned = teams.locator('#timeline-channel li.notice:visible');
      await teams.locator('#command').fill('help');
      await teams.locator('#command').press('Enter');
      // Without the @mention Teams would not even send it to the bot; the page says so.
      await unmentioned.filter({ hasText: '@mention' }).first().waitFor();
      const help = await teamsSay('channel', '@WorkSpaces help', 'dm');
      expect(await help.textContent()).toContain('What you can ask');
      expect(await teamsMessages('channel').count()).toBe(0);
      // The commands are in bold, drawn from Teams Markdown by the page's processor: no asterisks left.
      await teamsShow('dm');
      expect(await help.locator('.tm-card strong', { hasText: 'list' }).count()).toBeGreaterThan(0);
      expect(await help.locator('.tm-card').textContent()).not.toMatch(/\*\*|\\/);
    },
    STEP_MS,
  );

  it(
    "draws Markdown safely: the page's processor makes no HTML of the text and links only to http(s)",
    async () => {
      const text = '<img src=x onerror=alert(1)> **b** \\*x\\* [ok](https://example.com/a_b) [no](javascript:alert(1))';
      // A string, so that the test's own transform leaves the page's dynamic import alone.
      const html = await teams.evaluate<string>(
        `import('/playground/platforms/teams.js').then((m) => m.markdownHtml(${JSON.stringify(text)}))`,
      );
      expect(html).toBe(
        '<p>&lt;img src=x onerror=alert(1)&gt; <strong>b</strong> *x* ' +
          '<a href="https://example.com/a_b" target="_blank" rel="noopener noreferrer">ok</a> [no](javascript:alert(1))</p>',
      );
    },
    STEP_MS,
  );

  it(
    'carol signs in and pages through the fleet overview with Next',
    async () => {
      await teamsBe(CAROL_IN_TEAMS);
      await teamsShow('dm');
      await teamsSignIn('Carol Reyes', 'carol');
      const overview = await teamsSay('dm', 'fleet');
      await pagesWithNext(overview);
    },
    STEP_MS,
  );

  it(
    "carol terminates a WorkSpace with its id typed into the card's box; no card failed to render",
    async () => {
      const question = await teamsSay('dm', `terminate ${toTerminateInTeams}`);
      // The box is under the button (Action.ShowCard), as Teams shows it.
      await question.getByRole('button', { name: 'Terminate…' }).click();
      const box = question.getByLabel(/Type the WorkSpace id to confirm/);
      await box.fill('ws-wrong');
      await question.getByRole('button', { name: 'Terminate', exact: true }).click();
      // The card checks the id before anything is sent, as in Teams; nothing is terminated.
      await question.locator('.ac-input-validation-failed').waitFor();
      mkdirSync(ARTIFACTS, { recursive: true });
      await question.screenshot({ path: path.join(ARTIFACTS, 'playground-teams-terminate.png') });
      expect(stack.simulator!.sim.get(toTerminateInTeams)?.state).toBe('AVAILABLE');

      await box.fill(toTerminateInTeams);
      await question.getByRole('button', { name: 'Terminate', exact: true }).click();
      await question.locator('.msg-reply', { hasText: 'Working on it' }).waitFor();
      await question
        .getByText(/requested by/)
        .first()
        .waitFor();
      expect(['TERMINATING', 'TERMINATED']).toContain(stack.simulator!.sim.get(toTerminateInTeams)?.state);

      expect(await teams.locator('.tm-card-error').count()).toBe(0);
      expect(teamsErrors).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await teams.screenshot({ path: TEAMS_SCREENSHOT, fullPage: true });
      teamsFinished = true;
    },
    STEP_MS,
  );

  it(
    'shows a card the renderer refuses as an error, not half-drawn (what the checks above rely on)',
    async () => {
      const shown = await teams.evaluate<string[]>(`import('/playground/platforms/teams.js').then(async (m) => {
        const platform = await m.createPlatform({ mention: '@WorkSpaces', channel: 'IT Operations' }, {});
        const card = (content) => ({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }] });
        const drawn = (content) => {
          const node = document.createElement('div');
          node.append(platform.renderMessage(card(content), { messageId: 'none' }));
          return node.querySelector('.tm-card-error') ? 'error: ' + node.textContent : 'drawn';
        };
        return [
          drawn({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'fine' }] }),
          drawn({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement' }] }),
          drawn({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text' }] }),
        ];
      })`);
      expect(shown[0]).toBe('drawn');
      expect(shown[1]).toMatch(/^error: This card could not be shown: .*NoSuchElement/);
      expect(shown[2]).toMatch(/^error: This card could not be shown/);
      expect(teamsErrors.filter((e) => e.startsWith('Adaptive Card render error'))).toHaveLength(2);
    },
    STEP_MS,
  );
});
