/** Help shows only the commands this person may use. */

import { help } from '../../../bot/views/help';
import type { MessageView, Section } from '../../../bot/views/model';
import { invalidCommand, unknownCommand } from '../../../bot/views/replies';
import { bareText } from '../../../bot/views/text';
import type { Role } from '../../../core/identity';
import { DEFAULT_ROLE_ACTIONS, type RoleActions } from '../../../core/policy';
import type { Action } from '../../../core/rules';

function usages(view: MessageView): string[] {
  const section = view.sections.find((s): s is Extract<Section, { type: 'commands' }> => s.type === 'commands');
  return section?.commands.map((c) => c.usage.split(' ')[0]!) ?? [];
}

const roles = (...list: Role[]) => new Set<Role>(list);

describe('help', () => {
  it('shows a person with no role only link, whoami and help', () => {
    const view = help(roles(), DEFAULT_ROLE_ACTIONS);
    expect(usages(view)).toEqual(['link', 'whoami', 'help']);
    expect(view.private).toBe(true);
    expect(view.sections.some((s) => s.type === 'context' && bareText(s.text).includes('with link to see'))).toBe(true);
  });

  it('shows a user their own commands, without restore, terminate or fleet by default', () => {
    const view = help(roles('user'), DEFAULT_ROLE_ACTIONS);
    expect(usages(view)).toEqual([
      'list',
      'status',
      'restart',
      'start',
      'stop',
      'rebuild',
      'schedules',
      'alerts',
      'link',
      'unlink',
      'whoami',
      'help',
    ]);
    const restart = view.sections.flatMap((s) => (s.type === 'commands' ? s.commands : []))[2]!;
    expect(restart.usage).toBe('restart [id] [when]');
  });

  it('shows an admin everything, and that they may name a person', () => {
    const view = help(roles('admin'), DEFAULT_ROLE_ACTIONS);
    expect(usages(view)).toEqual([
      'list',
      'status',
      'restart',
      'start',
      'stop',
      'rebuild',
      'restore',
      'terminate',
      'fleet',
      'oncall',
      'schedules',
      'alerts',
      'link',
      'unlink',
      'whoami',
      'help',
    ]);
    const commands = view.sections.flatMap((s) => (s.type === 'commands' ? s.commands : []));
    expect(commands.find((c) => c.usage.startsWith('restart'))!.usage).toBe('restart [id or @person] [when]');
    expect(commands.find((c) => c.usage.startsWith('terminate'))!.usage).toBe('terminate <id>');
    expect(commands.find((c) => c.usage.startsWith('fleet'))!.usage).toContain('region:');
  });

  it('follows the configured role actions, and never grants terminate to users', () => {
    const configured: RoleActions = {
      user: new Set<Action>(['reboot', 'terminate']),
      admin: new Set<Action>(['reboot', 'stop']),
    };
    expect(usages(help(roles('user'), configured))).toEqual([
      'list',
      'status',
      'restart',
      'schedules',
      'alerts',
      'link',
      'unlink',
      'whoami',
      'help',
    ]);
    expect(usages(help(roles('admin'), configured))).toEqual([
      'list',
      'status',
      'restart',
      'stop',
      'fleet',
      'oncall',
      'schedules',
      'alerts',
      'link',
      'unlink',
      'whoami',
      'help',
    ]);
  });

  it('adds a one-line hint when admin powers need a new sign-in', () => {
    const view = help(roles('user'), DEFAULT_ROLE_ACTIONS, { adminReauthNeeded: true });
    expect(usages(view)).not.toContain('fleet');
    const hints = view.sections.filter((s) => s.type === 'notice');
    expect(hints.map((h) => h.type === 'notice' && [h.tone, bareText(h.text)])).toEqual([
      ['info', 'Your admin commands need a fresh sign-in: use link to sign in again.'],
    ]);
    expect(help(roles('user'), DEFAULT_ROLE_ACTIONS).sections.some((s) => s.type === 'notice')).toBe(false);
  });
});

describe('replies', () => {
  it('answers an unknown command with the suggestions, then the help without its header', () => {
    const view = unknownCommand(
      { word: 'stat', suggestions: ['status', 'start'] },
      help(roles('user'), DEFAULT_ROLE_ACTIONS),
    );
    expect(view.text).toBe("I don't know “stat”. Did you mean “status” or “start”?");
    expect(view.sections[0]).toEqual({ type: 'notice', tone: 'warning', text: view.text });
    expect(view.sections.some((s) => s.type === 'commands')).toBe(true);
    expect(view.sections.some((s) => s.type === 'header')).toBe(false);
    expect(unknownCommand({ word: 'xyzzy', suggestions: [] }, help(roles(), DEFAULT_ROLE_ACTIONS)).text).toBe(
      "I don't know “xyzzy”.",
    );
  });

  it('answers a misused command with the problem and its usage', () => {
    const view = invalidCommand('terminate', 'terminate needs the id.', true);
    expect(view.sections).toEqual([
      { type: 'notice', tone: 'warning', text: 'terminate needs the id.' },
      { type: 'commands', title: 'Usage', commands: [{ usage: 'terminate <id>', description: '' }] },
    ]);
  });
});
