import type { Config } from 'jest';

// ESM TypeScript through SWC. Tests run against a real PostgreSQL: test/global-setup.ts creates a
// fresh database (on DATABASE_URL's server, or on an embedded PostgreSQL when it is unset),
// migrates it, and test/global-teardown.ts drops it.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/prisma', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
