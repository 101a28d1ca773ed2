import lock from '../package-lock.json';

const { missingOptionalEntries } = require('../local/tools/complete-lockfile.js') as {
  missingOptionalEntries: (lock: unknown) => { name: string }[];
};

it('lists every optional platform package, so npm ci accepts the lockfile (run `npm run lockfile`)', () => {
  expect(missingOptionalEntries(lock).map((entry) => entry.name)).toEqual([]);
});
