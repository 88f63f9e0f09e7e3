/**
 * What the sign-in needs of the bridge and of the request, without HTTP: the routes read cookies
 * and ids once and pass them in; the sign-in answers with an outcome (outcome.ts).
 */
import type { SamlServiceProvider } from '../connections/saml.js'
import type { Minter } from '../domain/mint-token.js'
import type { SessionActivity } from '../domain/session-activity.js'
import type { Mailer } from '../email/types.js'
import type { StoreCustomers } from '../domain/store-customers.js'
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'

export interface SignInServices {
  settings: { issuer: string; sessionTtl: number }
  storage: Storage
  logger: Logger
  mint: Minter
  /** BigCommerce apps: the store's customer id for the user. */
  storeCustomers: StoreCustomers
  saml: Pick<SamlServiceProvider, 'authorizeUrl'>
  /** Member emails (verification, reset, code and link); throws invalid_config without SMTP. */
  email: Mailer
  /** Notes when a reused session was last seen (the session list's "last seen"). */
  sessionActivity: SessionActivity
  /** The webhook sender, woken when a sign-in queued `session.started`. */
  webhooks: { wake(): void }
}

/** The request as the sign-in sees it. */
export interface Visit {
  requestId: string
  /** The bridge session cookie's value, if the browser sent one. */
  sessionCookie?: string
  /** The per-browser secret that binds login transactions to this browser (login CSRF defence). */
  browserSecret?: string
  /** The browser's User-Agent: a new session keeps only its summary (session-device.ts). */
  userAgent?: string
}
