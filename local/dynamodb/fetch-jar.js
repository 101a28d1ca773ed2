#!/usr/bin/env node
// Fetches DynamoDB Local (the AWS jar) from the npm tarball of amplify-dynamodb-simulator, without
// that package's dependency tree. Runs at `npm install`; a failure only warns, and the launcher
// explains what to do when it finds no jar.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const target =
  process.env.DYNAMODB_LOCAL_DIR || path.join(__dirname, '..', '..', 'node_modules', '.cache', 'dynamodb-local');

function fetchJar() {
  if (fs.existsSync(path.join(target, 'DynamoDBLocal.jar'))) return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-local-'));
  try {
    const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work, 'package/emulator']);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(work, 'package', 'emulator'), target);
    console.log(`DynamoDB Local installed in ${path.relative(process.cwd(), target) || target}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { target, fetchJar };

if (require.main === module) {
  try {
    fetchJar();
  } catch (error) {
    console.warn(`Could not fetch DynamoDB Local (${error.message}); it is needed by npm start and npm test.`);
  }
}
