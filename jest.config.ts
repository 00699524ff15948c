/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

const moduleNameMapper = {
  '^@domain/(.*)$': '<rootDir>/src/domain/$1',
  '^@application/(.*)$': '<rootDir>/src/application/$1',
  '^@infrastructure/(.*)$': '<rootDir>/src/infrastructure/$1',
  '^@interfaces/(.*)$': '<rootDir>/src/interfaces/$1',
  '^@test/(.*)$': '<rootDir>/test/$1',
};

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true } } }] },
  moduleNameMapper,
} satisfies Config;

// Unit tests need nothing; integration and end-to-end tests share one FerretDB and one Redis
// started by the global setup (each test uses its own database name and key prefix).
const config: Config = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.unit.test.ts'] },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/src/**/*.int.test.ts', '<rootDir>/test/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60_000,
};

export default config;
