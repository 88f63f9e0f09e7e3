/**
 * The namespaces every process caches (read-cache.ts): read on every sign-in, written only by an
 * admin, the CLI, `apply` or a key rotation. Postgres announces their changes with a trigger
 * (migration 003-record-changes), which lists the same names: caching one more takes a new
 * migration, and a test (read-cache.postgres.test.ts) checks that each of these is announced.
 */
import type { Namespace } from './types.js'

export const READ_MOSTLY_NAMESPACES = [
  'app',
  'connection',
  'signing-key',
  'signing-key-active',
  'signing-key-next',
  'saml-sp-key',
  'bridge-secret',
] as const satisfies readonly Namespace[]
