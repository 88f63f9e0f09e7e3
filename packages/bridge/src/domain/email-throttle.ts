/**
 * Limits the member emails anyone can make the bridge send: a mail bomb aimed at one address, or
 * one client sending to many. Counted before anything is looked up, so known and unknown
 * addresses spend the same budget and get the same answer (no user enumeration).
 */
import { BridgeError } from '../errors.js'
import type { Storage } from '../storage/types.js'
import { sha256 } from './secret-hash.js'
import { addressBucket } from './throttle.js'

export interface EmailThrottleOptions {
  /** Emails to one address (any purpose) in the window. */
  perRecipient: number
  /** Emails asked for by one client address (IPv6: its /64) in the window. */
  perClient: number
  windowSeconds: number
}

export const defaultEmailThrottle: EmailThrottleOptions = {
  perRecipient: 5,
  perClient: 30,
  windowSeconds: 3600,
}

const TO_RECIPIENT = 'throttle-email-to'
const FROM_CLIENT = 'throttle-email-from'

declare module '../storage/types.js' {
  interface StorageRecords {
    [TO_RECIPIENT]: number
    [FROM_CLIENT]: number
  }
}

/** Counts one email for the address and the client; throws too_many_attempts past either limit. */
export async function reserveMemberEmail(
  storage: Storage,
  recipient: string,
  clientAddress: string,
  options: EmailThrottleOptions = defaultEmailThrottle,
): Promise<void> {
  const window = options.windowSeconds
  const fromClient = await storage.increment(FROM_CLIENT, addressBucket(clientAddress), window)
  // A client over its own limit does not spend the recipient's budget.
  const toRecipient =
    fromClient > options.perClient
      ? 0
      : await storage.increment(TO_RECIPIENT, sha256(recipient.trim().toLowerCase()), window)
  if (fromClient > options.perClient || toRecipient > options.perRecipient)
    throw new BridgeError('too_many_attempts', {
      reason: 'email_throttled',
      message: fromClient > options.perClient ? 'emails per client' : 'emails per recipient',
    })
}
