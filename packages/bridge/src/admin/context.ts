/** What the admin services run on: the same storage, secret box and keys as the bridge. */
import type { WakeSender } from '../domain/lifecycle-events.js'
import type { SessionEnding } from '../domain/session-ending.js'
import type { Mailer } from '../email/types.js'
import type { Keystore } from '../keys/keystore.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'

export interface AdminDeps {
  storage: Storage
  box: SecretBox
  keystore: Keystore
  /** The bridge's public URL: redirect URIs and snippets are made from it. */
  issuer: string
  /** The embed script's hashed path and SRI value, for the snippet (the server knows them). */
  embed?: { hashedPath: string; integrity: string }
  /** The bridge's Mailer, for the member emails (resend a verification, send a reset); the CLI has none. */
  email?: Mailer
  /**
   * Ends sessions with their back-channel logouts and OpenID Provider sessions (the server has
   * it; the CLI has none, and ends sessions in storage only).
   */
  sessions?: SessionEnding
  /** Wakes the webhook sender when events were queued (the CLI has none: the next poll sends). */
  webhooks?: { wake: WakeSender }
  /** Where a failure to queue a lifecycle event is told (the CLI's: stderr, warnings only). */
  logger?: Logger
  now?: () => number
}
