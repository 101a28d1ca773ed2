/**
 * The people the local sign-in page offers, standing in for AD accounts behind AD FS. Each one exercises a
 * different path of the sign-in link: a user, a user with several WorkSpaces, an admin, someone in no WorkSpaces
 * group, and an account name without a domain. Their user names match the demo fleet's WorkSpaces.
 */

export interface SigninPerson {
  /** Short, unique key: what the sign-in page posts and what tests name. */
  key: string;
  displayName: string;
  /** The AD account as AD FS sends it, which Cognito puts in `identities[].userId`: `CORP\alice`, or `erin`. */
  adUserId: string;
  email: string;
  /**
   * The values of the multi-valued groups attribute AD FS sends. Leave undefined for a person whose assertion has no
   * groups attribute at all: Cognito then leaves the mapped claim out of the token rather than sending it empty.
   */
  groups?: readonly string[];
  /** What this person shows in the local stack, printed on the sign-in page. */
  note?: string;
}

export const DEMO_PEOPLE: readonly SigninPerson[] = [
  {
    key: 'alice',
    displayName: 'Alice Doe',
    adUserId: 'CORP\\alice',
    email: 'alice@corp.example.com',
    groups: ['UserGroupMember'],
    note: 'A WorkSpaces user with one WorkSpace.',
  },
  {
    key: 'bob',
    displayName: 'Bob Stone',
    adUserId: 'CORP\\bob',
    email: 'bob@corp.example.com',
    groups: ['UserGroupMember'],
    note: 'A WorkSpaces user with several WorkSpaces.',
  },
  {
    key: 'carol',
    displayName: 'Carol Reyes',
    adUserId: 'CORP\\carol',
    email: 'carol@corp.example.com',
    groups: ['UserGroupMember', 'AdminGroupMember'],
    note: 'A WorkSpaces administrator.',
  },
  {
    key: 'dave',
    displayName: 'Dave Kim',
    adUserId: 'CORP\\dave',
    email: 'dave@corp.example.com',
    groups: ['Domain Users'],
    note: 'In no WorkSpaces group: the bot must refuse to link him.',
  },
  {
    key: 'erin',
    displayName: 'Erin Walsh',
    adUserId: 'erin',
    email: 'erin@corp.example.com',
    groups: ['UserGroupMember'],
    note: 'An account name without a domain.',
  },
];

/** Refuses a people list the page and the token claims could not tell apart. */
export function checkPeople(people: readonly SigninPerson[]): void {
  const keys = new Set<string>();
  for (const person of people) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(person.key)) {
      throw new Error(`Sign-in person key "${person.key}" must be 1-64 letters, digits, dots, dashes or underscores.`);
    }
    if (keys.has(person.key)) throw new Error(`Sign-in person key "${person.key}" is used twice.`);
    if (!person.adUserId.trim()) throw new Error(`Sign-in person "${person.key}" needs an AD user id.`);
    keys.add(person.key);
  }
}
