/**
 * The namespaces every process caches (read-cache.ts): read on every sign-in, written only by an
 * admin, the CLI, `apply` or a key rotation. Postgres announces their changes with a trigger
 * (migrations 003-record-changes and 004-string-overrides), which list the same names: caching one more takes a new
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
  // the console's string overrides: read by every request, announced since 004-string-overrides
  'string-override',
] as const satisfies readonly Namespace[]
