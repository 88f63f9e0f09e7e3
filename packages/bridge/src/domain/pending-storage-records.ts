/**
 * TEMPORARY (issue 13): the records of namespaces whose owner module does not declare them yet.
 * Each block belongs in the module named above it, beside its namespace constant, as the other
 * owners do (domain/sessions.ts, keys/keystore.ts, …); this file goes once it is empty.
 *
 * `unknown` marks a record whose type lives in a module being rewritten (its callers still name
 * the type themselves, which the deprecated signatures of `Storage` allow): its owner replaces it
 * with the real type when it drops its type arguments and casts.
 */
import type { StoredTransaction } from './login-transactions.js'

declare module '../storage/types.js' {
  interface StorageRecords {
    // domain/login-transactions.ts
    'login-tx': StoredTransaction
    // routes/mfa.tsx: counters of domain/throttle.ts attemptLimit
    'throttle-mfa': number
    // routes/upstream.ts: UpstreamTransaction
    'upstream-oidc': unknown
    // sign-in/interaction-result.ts: InteractionSignIn
    'op-sign-in': unknown
  }
}
