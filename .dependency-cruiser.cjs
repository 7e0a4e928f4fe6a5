// @ts-check
/**
 * The architecture, written down once and checked by `npm run lint` (see docs/architecture.md,
 * "Rules the tools enforce"). scripts/lint/architecture.spec.ts plants one violation of every rule
 * below in a scratch tree and fails if any of them stops firing.
 */

/**
 * The library graph: each library and the libraries it may import (through `@quorum/<lib>`).
 * It must stay acyclic (checked below); a library that is not listed here fails `library-not-in-graph`.
 * apps/ sit on top and may wire any library.
 */
const LIBRARIES = {
  platform: [],
  tenants: ['platform'],
  auth: ['tenants', 'platform'],
  meetings: ['tenants', 'platform'],
  'action-items': ['meetings', 'tenants', 'platform'],
  metrics: ['action-items', 'meetings', 'tenants', 'platform'],
  realtime: ['auth', 'action-items', 'meetings', 'tenants', 'platform'],
  // Analysis creates action items from meetings; providers, jobs and usage are what the modules above it build on.
  ai: ['action-items', 'meetings', 'tenants', 'platform'],
  // Reserved for the modules whose issues are open; adjust the edges when each one lands. rag serves chat over
  // realtime's gateway through its RealtimeClientEvents registry, so realtime never imports rag.
  rag: ['realtime', 'ai', 'meetings', 'tenants', 'platform'],
  // Rules notify users live (realtime) and use the AI module's masking and providers.
  'business-rules': ['realtime', 'ai', 'action-items', 'meetings', 'auth', 'tenants', 'platform'],
  // Sync conflicts notify admins through the rules' notifications.
  'data-sync': ['business-rules', 'action-items', 'meetings', 'auth', 'tenants', 'platform'],
};

/** Fails loading the configuration (and so `npm run lint`) if the graph above has a cycle or names an unknown library. */
function assertAcyclic(graph) {
  const state = new Map();
  const visit = (lib, path) => {
    if (!(lib in graph)) throw new Error(`.dependency-cruiser.cjs: ${path.at(-1)} lists unknown library ${lib}`);
    if (state.get(lib) === 'done') return;
    if (state.get(lib) === 'visiting')
      throw new Error(`.dependency-cruiser.cjs: the library graph has a cycle: ${[...path, lib].join(' -> ')}`);
    state.set(lib, 'visiting');
    for (const next of graph[lib]) visit(next, [...path, lib]);
    state.set(lib, 'done');
  };
  for (const lib of Object.keys(graph)) visit(lib, []);
}
assertAcyclic(LIBRARIES);

const names = (list) => list.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const DOMAIN_LIBRARIES = Object.keys(LIBRARIES).filter((lib) => lib !== 'platform');
/** The files of apps/ that wire: bootstraps, modules, the Express/Nest setup steps and the service-info controller. */
const APP_WIRING = '^apps/[^/]+/src/(main|create-app|[a-z0-9-]+[.]module|service-info[.]controller|bootstrap/[a-z0-9-]+)[.]ts$';
const SPEC = '[.]spec[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-domain-library',
      severity: 'error',
      comment: 'libs/platform is the bottom layer: it imports no other library.',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/(?!platform/)[^/]+/' },
    },
    ...DOMAIN_LIBRARIES.map((lib) => ({
      name: 'library-layering',
      severity: /** @type {const} */ ('error'),
      comment: `libs/${lib} may import only: ${LIBRARIES[lib].join(', ')} (the graph at the top of .dependency-cruiser.cjs).`,
      from: { path: `^libs/${lib}/` },
      to: { path: `^libs/(?!(${names([lib, ...LIBRARIES[lib]])})/)[^/]+/` },
    })),
    {
      name: 'library-not-in-graph',
      severity: 'error',
      comment: 'Every folder in libs/ is a library with a place in the graph at the top of .dependency-cruiser.cjs: add it there.',
      from: { path: `^libs/(?!(${names(Object.keys(LIBRARIES))})/)[^/]+/` },
      to: {},
    },
    {
      name: 'cross-library-deep-import',
      severity: 'error',
      comment:
        'Another library is imported through its public surface only: `@quorum/<lib>`, i.e. its src/index.ts, never a file behind it.',
      from: { path: '^(libs/[^/]+|apps/[^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/', '^libs/[^/]+/src/index[.]ts$'] },
    },
    {
      name: 'cross-library-relative-import',
      severity: 'error',
      comment: 'Another library is imported as `@quorum/<lib>`, never by a relative path into libs/.',
      from: { path: '^(libs/[^/]+|apps/[^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: '^$1/', dependencyTypesNot: ['aliased-tsconfig-paths'] },
    },
    {
      name: 'library-imports-itself-by-alias',
      severity: 'error',
      comment: 'Inside a library, import its files relatively; `@quorum/<own lib>` goes round through its own index (and makes cycles).',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/$1/', dependencyTypes: ['aliased-tsconfig-paths'] },
    },
    {
      name: 'library-imports-no-app-or-test',
      severity: 'error',
      comment: 'Libraries do not know about the apps that wire them, nor about tests, benchmarks or scripts.',
      from: { path: '^libs/' },
      to: { path: '^(apps|test|bench|scripts|migrations)/' },
    },
    {
      name: 'test-imports-no-bench',
      severity: 'error',
      comment: 'The benchmarks build on the test harness (test/support), never the other way round.',
      from: { path: '^test/' },
      to: { path: '^bench/' },
    },
    {
      name: 'bench-imports-only-test-support',
      severity: 'error',
      comment: 'From test/, the benchmarks use only the shared harness in test/support, never a test file.',
      from: { path: '^bench/' },
      to: { path: '^test/', pathNot: '^test/support/' },
    },
    {
      name: 'no-library-cycle',
      severity: 'error',
      comment: 'No cycle between libraries (the layering above rules them out; this names them if an edge is ever added both ways).',
      from: { path: '^libs/([^/]+)/' },
      to: { circular: true, via: { path: '^libs/(?!$1/)[^/]+/' } },
    },
    {
      name: 'no-file-cycle',
      severity: 'error',
      comment: 'No cycle between files, type-only imports included.',
      from: { path: '^libs/([^/]+)/' },
      to: { circular: true, viaOnly: { path: '^libs/$1/' } },
    },
    {
      name: 'no-file-cycle',
      severity: 'error',
      comment: 'No cycle between files, type-only imports included.',
      from: { pathNot: '^libs/' },
      to: { circular: true },
    },
    {
      name: 'controller-imports-no-foreign-persistence',
      severity: 'error',
      comment:
        "A controller or gateway never imports another library's entities or repositories; it calls that library's services. " +
        '(Names imported through `@quorum/<lib>` are checked by the ESLint rule quorum/controller-imports-no-foreign-persistence.)',
      from: { path: '^(libs/[^/]+|apps/[^/]+)/.*[.](controller|gateway)[.]ts$' },
      to: { path: '^libs/[^/]+/src/.*[.](entity|repository)[.]ts$', pathNot: '^$1/' },
    },
    {
      name: 'app-only-wires',
      severity: 'error',
      comment:
        'apps/ only wire modules: main.ts, create-app.ts, *.module.ts, bootstrap/*.ts and service-info.controller.ts. ' +
        'Controllers, services, entities and helpers belong in a library.',
      from: { path: '^apps/', pathNot: [APP_WIRING, SPEC] },
      to: {},
    },
    {
      name: 'app-only-wires',
      severity: 'error',
      comment: 'apps/ only wire modules: a file of an app imports only its wiring files, `@quorum/<lib>` and packages.',
      from: { path: '^apps/' },
      to: { path: '^apps/', pathNot: [APP_WIRING, SPEC] },
    },
    {
      name: 'app-only-wires',
      severity: 'error',
      comment: 'apps/ only wire modules: a file that imports nothing and is imported by nothing is not wiring either.',
      from: { orphan: true, path: '^apps/', pathNot: [APP_WIRING, SPEC] },
      to: {},
    },
    {
      name: 'app-imports-no-other-app',
      severity: 'error',
      comment: 'An app does not import another app; what they share lives in a library.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-unresolvable-import',
      severity: 'error',
      comment: 'Every import resolves (else the rules above could not see where it goes).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: they are dependencies of the design even when the compiler erases them.
    tsPreCompilationDeps: true,
    // Resolves the @quorum/* paths exactly as the compiler does.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
