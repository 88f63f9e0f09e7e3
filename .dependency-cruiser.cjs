/**
 * The architecture `npm run lint` enforces: no import cycles in any package, the bridge's layer
 * table (docs/architecture.md, "The bridge") as rules, and test helpers kept out of production
 * code. Each folder lists what it may import besides itself and the two base modules every layer
 * shares (`errors.ts`, `logger.ts`); anything else is a back-arrow and fails the lint.
 */
const src = '^packages/bridge/src/'

/** Tests and what only tests use: they may import anything in their own package. */
const testOnly = [
  '[.]test[.]tsx?$',
  '[.]conformance[.]ts$',
  '^packages/[^/]+/src/testing/',
  '^packages/verify/src/test-support[.]ts$',
  '^packages/embed/src/test-page[.]ts$',
]

/** `folder` may import only itself, `may` (folders) and `root` (modules at src/), besides the base. */
function layer(folder, { may = [], root = [], why }) {
  const allowed = [folder, ...may].map((f) => `${f}/`)
  const files = ['errors', 'logger', ...root].map((f) => `${f.replaceAll('.', '[.]')}[.]tsx?$`)
  const named = [...may.map((f) => `${f}/`), ...root.map((f) => `${f}.ts`)]
  return {
    name: `layer-${folder}`,
    severity: 'error',
    comment: `${folder}/ may import ${named.join(', ') || 'no other folder'}: ${why}`,
    from: { path: `${src}${folder}/`, pathNot: testOnly },
    to: { path: src, pathNot: `${src}(${[...allowed, ...files].join('|')})` },
  }
}

/** Hono's own modules, resolved (node_modules) or as written. */
const hono = '(^|/)node_modules/(hono|@hono/[^/]+)/|^(hono|@hono/[^/]+)(/|$)'

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles, type-only imports included: every module has a place in one order.',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment:
        'Test kits, fixtures and conformance suites are for tests; the build leaves them out.',
      from: { path: '^packages/[^/]+/src/', pathNot: testOnly },
      to: { path: testOnly },
    },
    {
      name: 'no-other-package-sources',
      severity: 'error',
      comment: 'A package uses another one through its name and exports, never its src/ files.',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/[^/]+/src/', pathNot: '^packages/$1/' },
    },
    layer('storage', { why: 'the bottom layer: records, TTL and atomic consume' }),
    layer('net', { why: 'the one outbound HTTP client knows nothing of the bridge' }),
    layer('metrics', {
      may: ['storage'],
      why: 'counters and the metrics listener; it times the Storage object and knows no route or record',
    }),
    layer('keys', {
      may: ['storage'],
      why: 'keys are stored, sealed, and used by everything above',
    }),
    layer('platforms', {
      why: "each platform's own format and checks (DiscourseConnect, Multipass, what a platform verifies): pure functions of their input",
    }),
    layer('domain', {
      may: ['storage', 'keys', 'net', 'platforms'],
      why: 'pure logic on storage; back-channel logout posts through net/; presets speak platforms/ formats',
    }),
    layer('email', {
      may: ['domain', 'i18n', 'keys', 'storage'],
      why: 'member emails: templates (in the languages of i18n/), the sealed outbox entries and the SMTP worker, audited through domain/',
    }),
    layer('mfa', { may: ['domain', 'storage'], why: 'second factors on domain records' }),
    layer('connections', {
      may: ['domain', 'keys', 'storage', 'net'],
      why: 'each upstream kind maps its answer to a domain UpstreamIdentity',
    }),
    layer('config', {
      may: ['connections', 'domain', 'email', 'i18n', 'keys', 'storage'],
      why: 'the file is checked with the parsers the connections and email templates use, and applied through domain/',
    }),
    layer('admin', {
      may: [
        'config',
        'connections',
        'domain',
        'email',
        'keys',
        'mfa',
        'net',
        'platforms',
        'storage',
      ],
      why: 'the service layer under the admin API, console and CLI; it sends a member a verification or reset email',
    }),
    layer('i18n', {
      why: 'the catalogs, the choice of language and the translator: data and pure functions',
    }),
    layer('views', {
      may: ['admin', 'domain', 'i18n', 'keys', 'mfa'],
      why: 'pages render the records and labels of the layers below, and never reach storage or routes',
    }),
    layer('oidc-provider', {
      may: ['domain', 'i18n', 'keys', 'net', 'storage', 'views'],
      root: ['database-faults'],
      why: "the OpenID Provider's configuration on the bridge's records and pages, and its 503 when they cannot be reached",
    }),
    layer('cli', {
      may: ['admin', 'config', 'domain', 'email', 'keys', 'storage'],
      root: ['server', 'embed-asset', 'database-startup', 'log-level-setting'],
      why: 'commands run the server (or open its storage as it does) or the admin service layer, never routes; a member email they ask for is queued for the bridge to send',
    }),
    {
      name: 'layer-sign-in',
      severity: 'error',
      comment:
        'sign-in/ is the flow without HTTP: it returns outcomes that routes render, so it imports no route, view, admin or CLI module and no Hono',
      from: { path: `${src}sign-in/`, pathNot: testOnly },
      to: {
        path: [
          `${src}(routes|views|admin|cli)/`,
          `${src}(app[.]tsx|bridge[.]ts|server[.]ts|index[.]ts)$`,
          hono,
        ],
      },
    },
    {
      name: 'layer-routes',
      severity: 'error',
      comment:
        'routes/ may import everything below it, but not the CLI or the modules that assemble the bridge around it',
      from: { path: `${src}routes/`, pathNot: testOnly },
      to: { path: [`${src}cli/`, `${src}(app[.]tsx|bridge[.]ts|server[.]ts|index[.]ts)$`] },
    },
    {
      name: 'routes-only-from-the-app',
      severity: 'error',
      comment:
        'Only the modules that assemble the bridge (app.tsx, bridge.ts, bridge-services.ts) mount or reach routes/',
      from: {
        path: src,
        pathNot: [`${src}(routes/|app[.]tsx$|bridge[.]ts$|bridge-services[.]ts$)`, ...testOnly],
      },
      to: { path: `${src}routes/` },
    },
    {
      name: 'no-hono-below-routes',
      severity: 'error',
      comment:
        'HTTP stays in routes/, views/ (Hono JSX) and the modules that serve them; the layers below are plain functions',
      from: {
        path: `${src}(storage|net|metrics|keys|domain|email|mfa|connections|config|admin|cli)/`,
        pathNot: testOnly,
      },
      to: { path: hono },
    },
    {
      name: 'base-modules-import-nothing',
      severity: 'error',
      comment:
        'errors.ts and logger.ts are imported by every layer, so they import none; errors.ts reads the English words of each refusal from the catalog, which imports nothing',
      from: { path: `${src}(errors|logger)[.]ts$` },
      to: { path: src, pathNot: `${src}i18n/(catalogs/en|english|messages)[.]ts$` },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // Other packages are reached through their name and built output: seen, not cruised.
    doNotFollow: { path: ['node_modules', '^packages/[^/]+/dist/'] },
    // Packages with an exports map (hono, the workspace packages) resolve as Node and tsc do.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
}
