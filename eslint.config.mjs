// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import quorum from './scripts/lint/eslint-plugin-quorum.mjs';

/** Selectors of `no-restricted-syntax` (one rule per file, so a block that also matches services repeats the first list). */
const NO_HAND_BUILT_TENANT_REPOSITORY = [
  {
    selector: "NewExpression[callee.name='TenantRepository']",
    message: 'Inject it: TenantRepositoryModule.forFeature([...]) in the module, @InjectTenantRepository(Entity) in the repository.',
  },
];
/** The caller comes from RequestContext.caller() (which throws when there is none), never from a principal() asserted non-null. */
const NO_ASSERTED_CALLER = [
  {
    selector: "TSNonNullExpression > CallExpression[callee.object.name='RequestContext']",
    message: 'Use RequestContext.caller(): it throws a clear error when a use case runs without a caller.',
  },
];
const NO_PERSISTENCE_IN_SERVICES = [
  {
    selector: 'CallExpression[callee.property.name=/^(createQueryBuilder|getRepository|query|transaction)$/]',
    message:
      "A service builds no query and opens no DataSource transaction: put the SQL in the library's *.repository.ts, use Transactions.run.",
  },
  {
    selector: "ImportDeclaration[source.value='@nestjs/typeorm']",
    message: "A service injects its library's repositories, not TypeORM's.",
  },
  {
    selector: "ImportDeclaration[source.value='typeorm']",
    message: "TypeORM belongs in the library's *.repository.ts and entities, not in a service.",
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly' },
    },
    rules: {
      // Libraries talk to each other through their public index only (see docs/architecture.md).
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@quorum/*/*'], message: 'Import a library through its index: @quorum/<lib>.' }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Type-aware rules, on TypeScript only: the type checker knows what a promise or an exhaustive switch is.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Type-only imports are erased; with emitDecoratorMetadata the rule keeps the imports Nest's injection needs at run time.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unnecessary-condition': 'error',
    },
  },
  {
    // Names imported through a library's index, which dependency-cruiser cannot see (.dependency-cruiser.cjs has the file-level rules).
    files: ['**/*.controller.ts', '**/*.gateway.ts'],
    plugins: { quorum },
    rules: { 'quorum/controller-imports-no-foreign-persistence': 'error' },
  },
  {
    // Tenant-scoped repositories are providers (TenantRepositoryModule.forFeature + @InjectTenantRepository), never built by hand.
    files: ['libs/*/src/**/*.ts'],
    ignores: ['libs/platform/src/tenancy/**'],
    rules: { 'no-restricted-syntax': ['error', ...NO_HAND_BUILT_TENANT_REPOSITORY, ...NO_ASSERTED_CALLER] },
  },
  {
    // Persistence behind repositories (docs/architecture.md): services orchestrate, the library's *.repository.ts owns the SQL,
    // and transactions reach repositories through the async context, not an EntityManager argument.
    files: ['libs/*/src/**/*.service.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_HAND_BUILT_TENANT_REPOSITORY, ...NO_ASSERTED_CALLER, ...NO_PERSISTENCE_IN_SERVICES] },
  },
  {
    // One publish path and typed listeners for domain events (libs/platform/src/events): no raw EventEmitter2 or @OnEvent in a library.
    files: ['libs/*/src/**/*.ts'],
    ignores: ['libs/platform/src/events/**', 'libs/platform/src/platform.module.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@quorum/*/*'], message: 'Import a library through its index: @quorum/<lib>.' }],
          paths: [
            {
              name: '@nestjs/event-emitter',
              message:
                'Publish with DomainEvents.publish(domainEvent(...)) and listen with @OnDomainEvent, after adding the event to DomainEventMap.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
