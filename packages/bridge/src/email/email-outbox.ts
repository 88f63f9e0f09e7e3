/**
 * Emails as outbox entries (kind 'email'): the message is sealed with the secret box, since its
 * body carries codes and links that sign someone in; only the template and the recipient's
 * domain are in clear, for the worker's audit entries.
 */
import type { SecretBox } from '../keys/secret-box.js'
import type { RenderedEmail } from './templates.js'
import type { EmailTemplate } from './types.js'

export const EMAIL_KIND = 'email'

export interface EmailPayload {
  /** Random, unique per request: the entry's dedupe key and part of the sealing context. */
  ref: string
  template: EmailTemplate
  domain: string
  sealed: string
}

export interface SealedMessage extends RenderedEmail {
  to: string
}

// Bound to the owner and the entry, so a payload copied into another entry does not open.
const context = (owner: string, ref: string) => `email|${owner}|${ref}`

export function sealMessage(box: SecretBox, owner: string, ref: string, message: SealedMessage) {
  return box.seal(JSON.stringify(message), context(owner, ref))
}

export function openMessage(box: SecretBox, owner: string, payload: EmailPayload): SealedMessage {
  return JSON.parse(box.open(payload.sealed, context(owner, payload.ref))) as SealedMessage
}
