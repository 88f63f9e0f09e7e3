import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url))

export default defineConfig({
  // Unit tests run the sources; the built packages are tested by the installed test (scripts/installed).
  resolve: {
    alias: [
      { find: /^@ssobridge\/verify\/(hono|node)$/, replacement: source('verify/src/$1.ts') },
      { find: /^@ssobridge\/(bridge|verify|embed)$/, replacement: source('$1/src/index.ts') },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/src/**/*.test.tsx',
      'demo-sites/*/src/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // argon2 and Postgres suites are heavy; two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
})
