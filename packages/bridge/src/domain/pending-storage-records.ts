/**
 * TEMPORARY (issue 13): the records of namespaces whose owner module does not declare them yet.
 * Each block belongs in the module named above it, beside its namespace constant, as the other
 * owners do (domain/sessions.ts, keys/keystore.ts, …); this file goes once it is empty.
 *
 * `unknown` marks a record whose type lives in a module being rewritten (its callers still name
 * the type themselves, which the deprecated signatures of `Storage` allow): its owner replaces it
 * with the real type when it drops its type arguments and casts.
 */
import type { App } from './apps.js'
import type { Connection } from './connections.js'

declare module '../storage/types.js' {
  interface StorageRecords {
    // domain/apps.ts, domain/connections.ts
    app: App
    connection: Connection
    // domain/login-transactions.ts: LoginTransaction
    'login-tx': unknown
    // domain/identities.ts: `connection|subject` → user id; `connection:email|user id` → user id
    identity: string
    'upstream-email': string
    // domain/backchannel-logout.ts: `sid|app id` → app id
    'session-app': string
    // domain/pairwise-subject.ts and oidc-provider/openid-provider.ts: sealed secrets
    'bridge-secret': string
    // domain/throttle.ts: counters, the account's current wait (the count it began at), and
    // the addresses an account signed in from
    'throttle-pair': number
    'throttle-account': number
    'throttle-address': number
    'throttle-account-wait': number
    'throttle-known': true
    // routes/mfa.tsx, routes/admin/console-mfa.tsx: counters of domain/throttle.ts attemptLimit
    'throttle-mfa': number
    'throttle-admin-mfa': number
    // admin/admin-mfa.ts: the sealed secret of an enrolment; a password step → admin id
    'admin-totp-enrolment': string
    'admin-mfa-step': string
    // admin/setup-link.ts
    'admin-setup-token': { createdAt: number }
    'admin-setup-claim': number
    // mfa/recovery-codes.ts, mfa/totp.ts: claimed once
    'recovery-code-used': true
    'totp-step': true
    // routes/upstream.ts: UpstreamTransaction
    'upstream-oidc': unknown
    // sign-in/interaction-result.ts: InteractionSignIn
    'op-sign-in': unknown
    // oidc-provider/storage-adapter.ts, oidc-provider/configuration.ts
    'op-grant': number
    'op-uid': string
    'op-consumed': number
    'op-jwt-at': { accountId?: string }
    'op-session-link': string
    // oidc-provider/storage-adapter.ts: AdapterPayload, per oidc-provider model
    [model: `op:${string}`]: unknown
  }
}
