/**
 * The README's command table, the configuration reference, the Slack manifest, help and the default roles say the
 * same about who may do what: a change to one that the others do not follow fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { help } from '../bot/views/help';
import { loadConfig } from '../core/config';
import { DEFAULT_ROLE_ACTIONS } from '../core/policy';
import { ACTIONS, type Action } from '../core/rules';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const configuration = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
const manifest = readFileSync(join(root, 'manifest.yml'), 'utf8');

/** The "who" of each command in the README's command table, by the action words in its first column. */
function readmeWho(): Map<Action, string> {
  const table = readme.slice(readme.indexOf('## Using it from Slack'), readme.indexOf('What the messages look like'));
  const who = new Map<Action, string>();
  for (const line of table.split('\n').filter((l) => l.startsWith('| `/workspace'))) {
    const [command, role] = line
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim());
    for (const action of ACTIONS) {
      const words = action === 'reboot' ? ['reboot', 'restart'] : [action];
      // The first row that names an action says who may use it; later rows are about acting for others.
      if (!who.has(action) && words.some((word) => new RegExp(`\\b${word}\\b`).test(command!))) who.set(action, role!);
    }
  }
  return who;
}

describe('who may do what, everywhere it is said', () => {
  it('the README gives users exactly the actions the default roles give them', () => {
    const who = readmeWho();
    for (const action of ACTIONS) {
      expect([action, who.get(action)]).toEqual([action, DEFAULT_ROLE_ACTIONS.user.has(action) ? 'users' : 'admins']);
    }
  });

  it('the configuration reference states the default USER_ACTIONS, and the configuration reads it so', () => {
    const defaults = [...DEFAULT_ROLE_ACTIONS.user].join(',');
    expect(configuration).toContain(`| \`USER_ACTIONS\`  | \`${defaults}\` |`);
    expect([...loadConfig({}).roleActions.user]).toEqual([...DEFAULT_ROLE_ACTIONS.user]);
    expect(readme).toContain(
      `users may ${[...DEFAULT_ROLE_ACTIONS.user].slice(0, -1).join(', ')} and\n${[...DEFAULT_ROLE_ACTIONS.user].at(-1)} their own WorkSpaces`,
    );
  });

  it('help shows a user exactly the default actions, and the manifest promises users no other', () => {
    const shown = help(new Set(['user']), DEFAULT_ROLE_ACTIONS)
      .sections.flatMap((s) => (s.type === 'commands' ? s.commands.map((c) => c.usage.split(' ')[0]) : []))
      .map((word) => (word === 'restart' ? 'reboot' : word));
    expect(ACTIONS.filter((a) => shown.includes(a))).toEqual(ACTIONS.filter((a) => DEFAULT_ROLE_ACTIONS.user.has(a)));
    const description = /description: (.*)/.exec(manifest)![1]!;
    const forUsers = description.split(';')[0]!;
    for (const action of ACTIONS.filter((a) => !DEFAULT_ROLE_ACTIONS.user.has(a))) {
      expect([action, forUsers.includes(action)]).toEqual([action, false]);
    }
  });
});
