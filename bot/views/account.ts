/** The chat account's link to the company account: signing in, who the bot thinks you are, unlinking. */
import { linkAdUser } from '../../core/auth/actor';
import { roleLabel } from '../../core/auth/describe';
import type { Link } from '../../core/data/links';
import { type AdUser, adUserLabel, type GroupNames } from '../../core/identity';
import type { ChatPlatform } from '../../core/policy';
import type { MessageView, Span } from './model';
import { cmd, words } from './text';
import { relativeTime, utcTime, whenWords } from './time';

/**
 * Why a sign-in is offered: never linked, the link expired, admin powers need a fresh sign-in, or the person asked
 * (the link command), which also refreshes their groups.
 */
export type SigninReason = 'new' | 'expired' | 'admin-reauth' | 'requested';

const PLATFORM_NAMES: Record<ChatPlatform, string> = { slack: 'Slack', teams: 'Teams', cli: 'chat' };

function chatAccount(platform?: ChatPlatform): string {
  return `${platform ? PLATFORM_NAMES[platform] : 'chat'} account`;
}

/** The sign-in button, with the words for why it is offered. Private: the link is this person's alone. */
export function notLinked(
  signinUrl: string,
  reason: SigninReason,
  options: { platform?: ChatPlatform } = {},
): MessageView {
  const account = chatAccount(options.platform);
  const why: Record<SigninReason, string> = {
    new: `To use WorkSpaces from here, link your ${account} to your company account: sign in once and the bot knows who you are.`,
    expired: `Your ${account}'s link to your company account has expired. Sign in again to keep using WorkSpaces from here.`,
    'admin-reauth':
      'Admin actions need a recent sign-in. Sign in again to use your admin powers; your own WorkSpaces work meanwhile.',
    requested: `Sign in with your company account to link your ${account}. If it is already linked, signing in again refreshes your groups.`,
  };
  return {
    text: why[reason],
    sections: [
      {
        type: 'signin',
        text: why[reason],
        url: signinUrl,
        buttonLabel: 'Sign in',
      },
      { type: 'context', text: 'The sign-in link works once and only for a few minutes; it is shown only to you.' },
    ],
    private: true,
  };
}

/** Who the bot thinks you are: the AD user, roles, when you linked, when that ends, how long admin powers last. */
export function whoami(link: Link, now: Date, settings: { adminReauthHours: number }): MessageView {
  const identity = adUserLabel(linkAdUser(link));
  const lines: Span[] = [
    `Linked to ${identity}${link.email ? ` (${link.email})` : ''}.\n`,
    `Roles: ${roleLabel(link.roles)}.\n`,
    `Linked ${whenWords(link.linkedAt, now)}; the link expires ${whenWords(link.expiresAt, now)}.`,
  ];
  if (link.roles.includes('admin')) {
    const adminUntil = new Date(Date.parse(link.linkedAt) + settings.adminReauthHours * 3_600_000).toISOString();
    lines.push(
      ...(Date.parse(adminUntil) > now.getTime()
        ? [
            `\nAdmin powers last until ${utcTime(adminUntil)} (${relativeTime(adminUntil, now)}); then sign in again with `,
            cmd('link'),
            '.',
          ]
        : [`\nAdmin powers ended ${relativeTime(adminUntil, now)}: sign in again with `, cmd('link'), ' to use them.']),
    );
  }
  return {
    text: `You are ${identity}: ${roleLabel(link.roles)}.`,
    sections: [
      { type: 'header', text: 'Who you are here' },
      { type: 'text', text: lines },
    ],
    private: true,
  };
}

/**
 * The direct message that confirms a sign-in: who the chat account now acts as, with which roles, and what to try.
 * Not private: it is the bot's own DM with the person.
 */
export function linkedNotice(link: Link): MessageView {
  const who = adUserLabel(linkAdUser(link));
  const platform = PLATFORM_NAMES[link.chat.platform];
  const text = words(
    `Linked as ${link.adUserName}: ${roleLabel(link.roles)}. Your ${platform} account now acts as ${who}. Try `,
    cmd('list'),
    '.',
  );
  return { text, sections: [{ type: 'notice', tone: 'success', text }], private: false };
}

/**
 * A person who signed in but is in neither WorkSpaces group: who they signed in as, and which groups IT can add
 * them to. For the chat (a DM after the sign-in, or the next reply), so the person is not left in a sign-in loop.
 */
export function noGroup(adUser: AdUser, groups: GroupNames): MessageView {
  const text = `You signed in as ${adUserLabel(adUser)}, who is in neither ${groups.user} nor ${groups.admin}, so the bot cannot act for you.`;
  return {
    text,
    sections: [
      {
        type: 'notice',
        tone: 'warning',
        text,
        detail: words(
          `Ask IT to add you to ${groups.user} (or ${groups.admin} for admins), then sign in again with `,
          cmd('link'),
          '.',
        ),
      },
    ],
    private: true,
  };
}

/** `whoami` from someone not linked: nothing to show but how to link. */
export function notLinkedWhoami(): MessageView {
  const text = words('This chat account is not linked to a company account. Use ', cmd('link'), ' to sign in.');
  return { text, sections: [{ type: 'notice', tone: 'info', text }], private: true };
}

export function unlinked(wasLinked: boolean): MessageView {
  const text = wasLinked
    ? words('Unlinked: the bot no longer acts for you. Use ', cmd('link'), ' to sign in again.')
    : 'This chat account was not linked, so there was nothing to unlink.';
  return { text, sections: [{ type: 'notice', tone: wasLinked ? 'success' : 'info', text }], private: true };
}
