import { actorFromLink } from '../../../core/auth/actor';
import { roleLabel } from '../../../core/auth/describe';
import { adUserFromClaims } from '../../../core/auth/signin';
import type { Link } from '../../../core/data/links';

describe('the AD user from the ID token', () => {
  const identity = (userId: unknown, extra: Record<string, unknown> = {}) => ({
    userId,
    providerName: 'ADFS',
    providerType: 'SAML',
    issuer: null,
    primary: 'true',
    ...extra,
  });

  it.each([
    [{ identities: [identity('CORP\\Alice')] }, { userName: 'alice', domain: 'corp' }],
    [
      { identities: JSON.stringify([identity('alice@corp.example.com')]) },
      { userName: 'alice', domain: 'corp.example.com' },
    ],
    [{ identities: [identity('erin')] }, { userName: 'erin' }],
    [
      { identities: [identity('OTHER\\x', { primary: 'false' }), identity('CORP\\bob')] },
      { userName: 'bob', domain: 'corp' },
    ],
    [{ identities: [] }, undefined],
    [{ identities: 'not json' }, undefined],
    [{ identities: [identity('CORP\\')] }, undefined],
    [{}, undefined],
  ])('%j -> %j', (claims, want) => {
    expect(adUserFromClaims(claims, 'identities')).toEqual(want);
  });

  it('reads a configured claim instead', () => {
    expect(adUserFromClaims({ 'custom:ADUser': 'CORP\\carol' }, 'custom:ADUser')).toEqual({
      userName: 'carol',
      domain: 'corp',
    });
    expect(adUserFromClaims({ 'custom:ADUser': 42 }, 'custom:ADUser')).toBeUndefined();
  });
});

describe('the actor from a link', () => {
  const link = (roles: Link['roles'], hoursAgo: number): Link => ({
    chat: { platform: 'slack', tenantId: 'T1', userId: 'U1' },
    adUserName: 'carol',
    adDomain: 'corp',
    groups: [],
    roles,
    linkedAt: new Date(Date.UTC(2026, 10, 23, 12) - hoursAgo * 3_600_000).toISOString(),
    expiresAt: '2026-12-23T00:00:00.000Z',
  });
  const now = new Date(Date.UTC(2026, 10, 23, 12));

  it('keeps admin powers within the re-authentication window', () => {
    const { actor, adminReauthNeeded } = actorFromLink(link(['user', 'admin'], 11), now, { adminReauthHours: 12 });
    expect([...actor.roles]).toEqual(['user', 'admin']);
    expect(actor.ad).toEqual({ userName: 'carol', domain: 'corp' });
    expect(adminReauthNeeded).toBe(false);
  });

  it('drops admin powers after it, keeps user powers, and says a new sign-in is needed', () => {
    const { actor, adminReauthNeeded } = actorFromLink(link(['user', 'admin'], 13), now, { adminReauthHours: 12 });
    expect([...actor.roles]).toEqual(['user']);
    expect(adminReauthNeeded).toBe(true);
  });

  it('leaves an admin-only person with no role until they sign in again', () => {
    const { actor, adminReauthNeeded } = actorFromLink(link(['admin'], 13), now, { adminReauthHours: 12 });
    expect(actor.roles.size).toBe(0);
    expect(adminReauthNeeded).toBe(true);
  });

  it.each([
    [['user'], 'WorkSpaces user'],
    [['admin'], 'WorkSpaces admin'],
    [['user', 'admin'], 'WorkSpaces user and admin'],
    [[], 'no WorkSpaces role'],
  ] as const)('%j reads as %s', (roles, words) => {
    expect(roleLabel(roles)).toBe(words);
  });
});
