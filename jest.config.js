// @ts-check
const fs = require('node:fs');
const path = require('node:path');

/** Jest runs TypeScript through SWC (type-checking is `npm run typecheck`'s job), with the same @quorum/* aliases as tsconfig. */
const transform = {
  '^.+\\.(ts|js|mjs)$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};
const moduleNameMapper = { '^@quorum/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2' };
/**
 * NestJS 12 and several of its dependencies ship only ES modules. Node >= 20.19
 * can require() them, but Jest's module system on Node < 24.9 cannot, so SWC
 * compiles exactly those packages to CommonJS for the tests.
 */
function esmPackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = fs
    .readdirSync(root)
    .flatMap((name) => (name.startsWith('@') ? fs.readdirSync(path.join(root, name)).map((sub) => `${name}/${sub}`) : [name]));
  return names.filter((name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  });
}
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages().map(escape).join('|')})/)`];
/** Jest's node environment that also disables, after each file, the AsyncLocalStorages the file used (see there). */
const testEnvironment = '<rootDir>/test/support/environment.js';
const common = { transform, transformIgnorePatterns, moduleNameMapper, testEnvironment, rootDir: __dirname };

/** @type {import('jest').Config} */
module.exports = {
  // Jest 30 reads the timeout only at the top level; end-to-end tests boot apps and hash passwords.
  testTimeout: 60_000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // Each file boots its own copy of the app, and what outlives it (timers and handles made inside a test, whose
  // async context still points at the test) keeps that copy alive: ~45 MB per e2e file. A worker past this is
  // replaced between files, so the garbage collector never walks gigabytes of finished files.
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
