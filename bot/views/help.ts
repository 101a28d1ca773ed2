/** Help: only the commands this person may use, so nobody is shown a door that is locked for them. */

import type { Role } from '../../core/identity';
import type { RoleActions } from '../../core/policy';
import { ACTION_RULES } from '../../core/rules';
import { type Audience, COMMANDS, type CommandName, usageOf } from '../commands/catalog';
import type { MessageView, Section } from './model';
import { cmd, words } from './text';

export interface HelpOptions {
  /** The person's link holds the admin role, but their sign-in is too old to use it. */
  adminReauthNeeded?: boolean;
}

function mayUse(audience: Audience, roles: ReadonlySet<Role>, roleActions: RoleActions): boolean {
  switch (audience.kind) {
    case 'anyone':
      return true;
    case 'role':
      return roles.size > 0;
    case 'admin':
      return roles.has('admin');
    case 'action':
      // As the policy grants: a role that lists the action, and for admin-only actions that role must be admin.
      return [...roles].some(
        (role) =>
          roleActions[role].has(audience.action) && (!ACTION_RULES[audience.action].adminOnly || role === 'admin'),
      );
  }
}

/** The commands this person may use, in help's order. */
function commandsFor(roles: ReadonlySet<Role>, roleActions: RoleActions): CommandName[] {
  return COMMANDS.filter((command) => mayUse(command.audience, roles, roleActions)).map((command) => command.name);
}

/** The commands section of help, also shown under an unknown command. */
function commandsSection(roles: ReadonlySet<Role>, roleActions: RoleActions): Section {
  const admin = roles.has('admin');
  return {
    type: 'commands',
    title: 'What you can ask',
    commands: commandsFor(roles, roleActions).map((name) => ({
      usage: usageOf(name, admin),
      description: COMMANDS.find((command) => command.name === name)!.description,
    })),
  };
}

export function help(roles: ReadonlySet<Role>, roleActions: RoleActions, options: HelpOptions = {}): MessageView {
  const sections: Section[] = [{ type: 'header', text: 'WorkSpaces bot' }, commandsSection(roles, roleActions)];
  if (roles.size === 0) {
    sections.push({
      type: 'context',
      text: words(
        'Link your chat account with ',
        cmd('link'),
        ' to see and manage your WorkSpaces. If you are linked and still see this, your account is in neither WorkSpaces group: ask IT.',
      ),
    });
  }
  if (options.adminReauthNeeded) {
    sections.push({
      type: 'notice',
      tone: 'info',
      text: words('Your admin commands need a fresh sign-in: use ', cmd('link'), ' to sign in again.'),
    });
  }
  return { text: 'WorkSpaces bot: what you can ask', sections, private: true };
}
