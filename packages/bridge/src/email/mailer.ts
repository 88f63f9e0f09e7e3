/**
 * The Mailer the member journeys call: checks and renders the email at once (a bad request fails
 * the page that made it, not a worker later), seals it and puts it in the durable outbox, and
 * wakes the sender. It never talks SMTP, so a slow or dead mail server never holds a page.
 */
import { randomToken } from '../domain/random-token.js'
import { BridgeError } from '../errors.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'
import { checkRecipient, recipientDomain, refuseLineBreaks } from './address.js'
import { EMAIL_KIND, sealMessage, type EmailPayload } from './email-outbox.js'
import { renderEmail } from './templates.js'
import { EMAIL_TEMPLATES, type EmailSettings, type Mailer } from './types.js'

export interface MailerOptions {
  settings?: EmailSettings
  storage: Storage
  box: SecretBox
  /** How long a message is tried, from its enqueueing. */
  windowMs: number
  /** Something was enqueued: the sender claims it now rather than at its next poll. */
  wake?: () => void
  now?: () => number
}

export const SMTP_NOT_CONFIGURED =
  'no SMTP server is configured: set smtp.url in the config file or SSOBRIDGE_SMTP_URL (see docs/email.md)'

export function createMailer(options: MailerOptions): Mailer {
  const { settings, storage, box } = options
  const now = options.now ?? Date.now
  return {
    configured: settings !== undefined,
    async enqueue(request) {
      if (!settings)
        throw new BridgeError('invalid_config', {
          reason: 'smtp_not_configured',
          message: SMTP_NOT_CONFIGURED,
        })
      if (!EMAIL_TEMPLATES.includes(request.template))
        throw new BridgeError('invalid_request', {
          reason: 'parameter_invalid',
          message: 'unknown email template',
        })
      const to = checkRecipient(request.to)
      refuseLineBreaks(request.owner, 'the email owner')
      const rendered = renderEmail(
        request.template,
        request.data,
        settings.templates,
        request.locale,
      )
      const ref = randomToken(16)
      const payload: EmailPayload = {
        ref,
        template: request.template,
        domain: recipientDomain(to),
        sealed: sealMessage(box, request.owner, ref, { to, ...rendered }),
      }
      await storage.outbox.enqueue([
        {
          kind: EMAIL_KIND,
          dedupeKey: ref,
          owner: request.owner,
          payload: { ...payload },
          giveUpAt: now() + options.windowMs,
        },
      ])
      options.wake?.()
      return entryId(storage, request.owner, ref)
    },
  }
}

/** The id storage gave the entry: the newest of this owner's entries with this ref. */
async function entryId(storage: Storage, owner: string, ref: string): Promise<string> {
  // Entries list newest first, so the one just enqueued is among the first few even while
  // other processes enqueue for the same owner.
  let before: string | undefined
  for (let page = 0; page < 5; page++) {
    const entries = await storage.outbox.list({ kind: EMAIL_KIND, owner, before, limit: 50 })
    const found = entries.find((e) => (e.payload as { ref?: unknown } | null)?.ref === ref)
    if (found) return found.id
    if (entries.length < 50) break
    before = entries.at(-1)!.id
  }
  throw new BridgeError('server_error', { message: 'the email just queued is not in the outbox' })
}
