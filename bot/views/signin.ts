/**
 * What the sign-in page says when a sign-in links nothing: for each refusal its true reason and the next step. The
 * page is in a browser, not in chat, so commands are data (cmd('link')) that the page writes as the person's chat
 * platform types them.
 */
import type { SigninFacts, SigninFailure } from '../../core/auth/signin';
import { adUserLabel } from '../../core/identity';
import type { Text } from './model';
import { cmd, words } from './text';

export interface SigninPageView {
  heading: string;
  paragraphs: Text[];
}

/** "a***@corp.example.com": enough to tell two addresses apart, not enough to hand one out. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const PLATFORM_NAMES: Record<NonNullable<SigninFacts['platform']>, string> = {
  slack: 'Slack',
  teams: 'Teams',
  cli: 'chat',
};

const NOT_LINKED = 'Sign-in not completed';

export function signinRefused(reason: SigninFailure, facts: SigninFacts): SigninPageView {
  const chat = `${facts.platform ? PLATFORM_NAMES[facts.platform] : 'chat'} account`;
  const again = (before: string, after = '.') => words(before, cmd('link'), after);
  switch (reason) {
    case 'STATE_UNKNOWN':
      return {
        heading: 'This sign-in link has expired',
        paragraphs: [
          'This sign-in link has expired or was already used: each link works once, for a few minutes. Nothing was linked.',
          again('Ask the bot for a new one with ', ' in chat.'),
        ],
      };
    case 'PROVIDER_ERROR':
      return facts.providerError === 'access_denied'
        ? {
            heading: NOT_LINKED,
            paragraphs: [
              'The sign-in was cancelled or refused at the company sign-in page, so nothing was linked.',
              again('To link your chat account, start again with '),
            ],
          }
        : {
            heading: NOT_LINKED,
            paragraphs: [
              `The company sign-in service answered “${facts.providerError ?? 'no code'}”, so nothing was linked.`,
              again('Try again with ', '; if it answers the same again, tell IT what it said.'),
            ],
          };
    case 'EXCHANGE_FAILED':
      return {
        heading: NOT_LINKED,
        paragraphs: [
          'The company sign-in service did not finish the sign-in (the bot could not trade its one-time code for your identity), so nothing was linked. This is usually brief.',
          again('Try again in a minute with ', '; if it keeps failing, tell IT.'),
        ],
      };
    case 'TOKEN_INVALID':
      return {
        heading: NOT_LINKED,
        paragraphs: [
          'The sign-in could not be verified: the identity it returned was expired, altered or not meant for this bot. Nothing was linked.',
          again('Try again with ', '; if it keeps failing, ask IT to check the bot’s sign-in settings.'),
        ],
      };
    case 'NO_AD_USER':
      return {
        heading: NOT_LINKED,
        paragraphs: [
          'Your sign-in did not say which Active Directory user you are, so nothing was linked.',
          'Ask IT to check the AD FS claim rules: the bot needs the user name claim.',
        ],
      };
    case 'NO_GROUP': {
      const who = facts.adUser ? adUserLabel(facts.adUser) : 'your account';
      const groups = facts.groups;
      return {
        heading: NOT_LINKED,
        paragraphs: [
          groups
            ? `You signed in as ${who}, who is in neither ${groups.user} nor ${groups.admin}, so it cannot use WorkSpaces Bot. Nothing was linked.`
            : `You signed in as ${who}, who is in neither WorkSpaces group, so it cannot use WorkSpaces Bot. Nothing was linked.`,
          again(
            groups
              ? `Ask IT to add you to ${groups.user} (or ${groups.admin} for admins), then sign in again with `
              : 'Ask IT to add you to the WorkSpaces users group, then sign in again with ',
          ),
        ],
      };
    }
    case 'EMAIL_MISMATCH': {
      const expected = facts.chatEmail ? maskEmail(facts.chatEmail) : 'another address';
      if (!facts.tokenEmail) {
        return {
          heading: NOT_LINKED,
          paragraphs: [
            `Your company sign-in did not say which e-mail address it belongs to, so the bot could not check that it is the same person as your ${chat} (${expected}). Nothing was linked.`,
            'Ask IT to have the sign-in send the e-mail claim, then sign in again.',
          ],
        };
      }
      return {
        heading: NOT_LINKED,
        paragraphs: [
          `You signed in with the company account ${maskEmail(facts.tokenEmail)}, but your ${chat} is ${expected}: the two e-mail addresses differ, so nothing was linked.`,
          again(
            'If you chose another company account, sign out of it at the company sign-in page and start again with ',
            `. If both are yours, ask IT to make your ${chat}’s e-mail match your company account.`,
          ),
        ],
      };
    }
  }
}

/** A fault of the bot's own, not of the sign-in. */
export function signinFailedOnOurSide(): SigninPageView {
  return {
    heading: NOT_LINKED,
    paragraphs: [
      words('Something went wrong on our side, so nothing was linked. Try again in a minute with ', cmd('link'), '.'),
    ],
  };
}
