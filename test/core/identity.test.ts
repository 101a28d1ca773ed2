import fc from 'fast-check';
import { ownerMatches, parseAdUser, parseGroups, rolesFromGroups } from '../../core/identity';

const NAMES = { user: 'UserGroupMember', admin: 'AdminGroupMember' };

describe('parseAdUser', () => {
  it.each([
    ['CORP\\Alice', { userName: 'alice', domain: 'corp' }],
    ['alice@Corp.Example.com', { userName: 'alice', domain: 'corp.example.com' }],
    ['  Alice ', { userName: 'alice' }],
    ['\\alice', { userName: 'alice' }],
    ['alice@', { userName: 'alice' }],
    ['CORP\\', undefined],
    ['@corp', undefined],
    ['', undefined],
    [undefined, undefined],
    [42, undefined],
    [{ userName: 'alice' }, undefined],
  ])('%p -> %p', (raw, want) => {
    expect(parseAdUser(raw)).toEqual(want);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.anything(), (raw) => void parseAdUser(raw)));
    fc.assert(fc.property(fc.string(), (raw) => void parseAdUser(raw)));
  });
});

describe('ownerMatches', () => {
  const ws = { userName: 'Alice', directoryDomain: 'corp.example.com' };
  it.each([
    ['alice', true],
    ['ALICE', true],
    ['CORP\\alice', true],
    ['alice@corp.example.com', true],
    ['PARTNER\\alice', false],
    ['alice@partner.example.com', false],
    ['alicia', false],
    ['ali', false],
  ])('%s owns it: %p', (who, want) => {
    expect(ownerMatches(parseAdUser(who)!, ws)).toBe(want);
  });

  it('matches on the user name when the directory domain is unknown', () => {
    expect(ownerMatches(parseAdUser('CORP\\alice')!, { userName: 'alice' })).toBe(true);
  });

  it('never throws on odd owner names', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), fc.string(), (userName, domain, who) => {
        const person = parseAdUser(who);
        if (person) ownerMatches(person, { userName, directoryDomain: domain });
      }),
    );
  });
});

describe('roles from the groups claim', () => {
  it.each([
    ['UserGroupMember,AdminGroupMember', ['UserGroupMember', 'AdminGroupMember']],
    ['[UserGroupMember, AdminGroupMember]', ['UserGroupMember', 'AdminGroupMember']],
    [
      ['UserGroupMember', ' AdminGroupMember '],
      ['UserGroupMember', 'AdminGroupMember'],
    ],
    ['"UserGroupMember"; Other', ['UserGroupMember', 'Other']],
    ['', []],
    [null, []],
  ])('parses %p', (claim, groups) => {
    expect(parseGroups(claim)).toEqual(groups);
  });

  it.each([
    ['UserGroupMember', ['user']],
    ['AdminGroupMember', ['admin']],
    ['[UserGroupMember, AdminGroupMember]', ['user', 'admin']],
    ['usergroupmember', ['user']],
    ['NotAdminGroupMember', []],
    ['AdminGroupMembers', []],
    ['UserGroupMember2,XAdminGroupMember', []],
    [undefined, []],
  ])('%p gives roles %p, never by substring', (claim, roles) => {
    expect([...rolesFromGroups(claim, NAMES)]).toEqual(roles);
  });

  it('uses the configured group names', () => {
    expect([...rolesFromGroups('WS-Admins', { user: 'WS-Users', admin: 'WS-Admins' })]).toEqual(['admin']);
  });
});
