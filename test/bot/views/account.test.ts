/** Signing in, who the bot thinks you are, and unlinking. */
import { notLinked, unlinked, whoami } from '../../../bot/views/account';
import { bareText } from '../../../bot/views/text';
import type { Link } from '../../../core/data/links';
import { adUserLabel } from '../../../core/identity';
import { T0 } from '../../helpers/fleet';

const HOUR = 3_600_000;

function link(overrides: Partial<Link> = {}): Link {
  return {
    chat: { platform: 'slack', tenantId: 'T1', userId: 'U1' },
    adUserName: 'alice',
    adDomain: 'corp',
    groups: ['UserGroupMember'],
    roles: ['user'],
    linkedAt: new Date(T0.getTime() - 3 * 24 * HOUR).toISOString(),
    expiresAt: new Date(T0.getTime() + 27 * 24 * HOUR).toISOString(),
    ...overrides,
  };
}

describe('notLinked', () => {
  it.each([
    ['new', 'link your Slack account to your company account'],
    ['expired', 'has expired'],
    ['admin-reauth', 'Admin actions need a recent sign-in'],
    ['requested', 'refreshes your groups'],
  ] as const)('%s: says why and offers the sign-in button, privately', (reason, words) => {
    const view = notLinked('https://bot.example.com/auth/start?s=abc', reason, { platform: 'slack' });
    expect(view.private).toBe(true);
    expect(view.text).toContain(words);
    expect(view.sections[0]).toEqual({
      type: 'signin',
      text: view.text,
      url: 'https://bot.example.com/auth/start?s=abc',
      buttonLabel: 'Sign in',
    });
  });

  it('speaks of a chat account when the platform is not given', () => {
    expect(notLinked('https://x', 'new').text).toContain('link your chat account');
  });
});

describe('whoami', () => {
  it('shows the AD user, roles, when the link was made and when it expires', () => {
    const view = whoami(link({ email: 'alice@corp.example.com' }), T0, { adminReauthHours: 12 });
    expect(view.private).toBe(true);
    expect(view.text).toBe('You are CORP\\alice: WorkSpaces user.');
    const text = view.sections.find((s) => s.type === 'text');
    expect(text?.type === 'text' && bareText(text.text).split('\n')).toEqual([
      'Linked to CORP\\alice (alice@corp.example.com).',
      'Roles: WorkSpaces user.',
      'Linked 3 days ago (2026-11-20 12:00 UTC); the link expires in 27 days (2026-12-20 12:00 UTC).',
    ]);
  });

  it('tells an admin how long admin powers last', () => {
    const fresh = whoami(
      link({ roles: ['user', 'admin'], linkedAt: new Date(T0.getTime() - 2 * HOUR).toISOString() }),
      T0,
      {
        adminReauthHours: 12,
      },
    );
    expect(JSON.stringify(fresh.sections)).toContain('Admin powers last until 2026-11-23 22:00 UTC (in 10 hours)');
    const stale = whoami(link({ roles: ['admin'] }), T0, { adminReauthHours: 12 });
    expect(JSON.stringify(stale.sections)).toContain('Admin powers ended 2 days ago');
  });

  it('names the AD identity the way the domain is written', () => {
    expect(adUserLabel({ userName: 'alice' })).toBe('alice');
    expect(adUserLabel({ userName: 'alice', domain: 'corp' })).toBe('CORP\\alice');
    expect(adUserLabel({ userName: 'alice', domain: 'corp.example.com' })).toBe('alice@corp.example.com');
  });
});

describe('unlinked', () => {
  it('confirms, or says there was nothing to unlink', () => {
    expect(unlinked(true).sections).toEqual([
      {
        type: 'notice',
        tone: 'success',
        text: ['Unlinked: the bot no longer acts for you. Use ', { command: 'link' }, ' to sign in again.'],
      },
    ]);
    expect(unlinked(false).text).toContain('nothing to unlink');
  });
});
