#!/usr/bin/env node
// npm leaves out of package-lock.json the optional platform packages (other OSes' builds of Biome, swc,
// esbuild...) that its registry cannot serve, and `npm ci` then rejects the lockfile as out of sync
// (npm/cli#4828). This adds an entry for each one so `npm ci` works; npm skips them on other platforms.
// Run `npm run lockfile` after changing dependencies; test/lockfile.test.ts checks it was done.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', '..', 'package-lock.json');

/** Optional dependencies that have no entry in the lockfile. */
function missingOptionalEntries(lock) {
  const missing = [];
  for (const [at, pkg] of Object.entries(lock.packages)) {
    for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
      const nested = at ? `${at}/node_modules/${name}` : `node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (!lock.packages[nested] && !lock.packages[hoisted]) missing.push({ key: hoisted, name, spec, dev: pkg.dev });
    }
  }
  return missing;
}

module.exports = { missingOptionalEntries };

if (require.main === module) {
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
  const missing = missingOptionalEntries(lock);
  for (const entry of missing) {
    lock.packages[entry.key] = {
      version: entry.spec.replace(/^[\^~=]/, ''),
      optional: true,
      ...(entry.dev ? { dev: true } : {}),
    };
  }
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: added ${missing.length} optional platform entries`);
}
