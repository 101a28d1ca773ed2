/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // temporal-polyfill (and its temporal-utils) ship only ES modules: swc turns it into CommonJS like the project's own files.
  transformIgnorePatterns: ['/node_modules/(?!(temporal-polyfill|temporal-utils)/)'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
