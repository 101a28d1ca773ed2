/** Each refusal of a sign-in has its own words, and each says what to do next. */

import { maskEmail, signinRefused } from '../../../bot/views/signin';
import { bareText } from '../../../bot/views/text';
import { SIGNIN_FAILURES } from '../../../core/auth/signin';

const facts = {
  platform: 'slack' as const,
  providerError: 'server_error',
  chatEmail: 'bob@corp.example.com',
  tokenEmail: 'alice@corp.example.com',
  adUser: { userName: 'dave', domain: 'CORP' },
  groups: { user: 'WorkSpacesUsers', admin: 'WorkSpacesAdmins' },
};

describe('signinRefused', () => {
  it('gives every refusal code its own reason and a next step', () => {
    const reasons = SIGNIN_FAILURES.map((code) => bareText(signinRefused(code, facts).paragraphs[0]!));
    expect(new Set(reasons).size).toBe(SIGNIN_FAILURES.length);
    for (const code of SIGNIN_FAILURES) {
      const all = signinRefused(code, facts).paragraphs.map(bareText).join(' ');
      // The next step: try again (the link command) or ask IT.
      expect(all).toMatch(/\blink\b|\bIT\b/);
    }
  });

  it('names the e-mails compared, masked', () => {
    const text = signinRefused('EMAIL_MISMATCH', facts).paragraphs.map(bareText).join(' ');
    expect(text).toContain('a***@corp.example.com');
    expect(text).toContain('b***@corp.example.com');
    expect(text).not.toMatch(/alice@|bob@/);
  });

  it('masks an address down to its first letter and domain', () => {
    expect(maskEmail('alice@corp.example.com')).toBe('a***@corp.example.com');
    expect(maskEmail('not-an-address')).toBe('***');
  });
});
