/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // temporal-polyfill (and its temporal-utils) ship only ES modules: swc turns it into CommonJS like the project's own files.
  transformIgnorePatterns: ['/node_modules/(?!(temporal-polyfill|temporal-utils)/)'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  // @microsoft/app-manifest (the Teams manifest validator) requires strip-bom 5, an ES module jest cannot require
  // on Node 20; strip-bom 4 (installed for jest itself) is the same function as CommonJS.
  moduleNameMapper: { '^strip-bom$': '<rootDir>/node_modules/strip-bom/index.js' },
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
