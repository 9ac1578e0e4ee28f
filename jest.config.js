// One jest run covers every tier: *.unit.spec.ts (pure), *.int.spec.ts (real SQLite,
// PostgreSQL, Kafka), *.e2e.spec.ts (services as processes). SWC transpiles with
// decorator metadata; `npm run typecheck` does the type checking.
const { pathsToModuleNameMapper } = require('./tools/paths');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  // deploy: the local Kafka script's test; its broker state (.kafka: jars, data) is not crawled.
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/e2e', '<rootDir>/deploy'],
  modulePathIgnorePatterns: ['<rootDir>/deploy/local/\\.kafka/'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: pathsToModuleNameMapper(),
  globalSetup: '<rootDir>/tools/jest-global-setup.js',
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tools/summary-reporter.js'],
};
