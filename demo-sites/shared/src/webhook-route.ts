// POST /webhooks: the bridge's signed lifecycle events (Standard Webhooks), checked with
// verifyWebhook of @ssobridge/verify against the endpoint's secret before anything is believed.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { VerifyError, verifyWebhook } from '@ssobridge/verify'
import type { SiteDatabase } from './database.js'
import { receiveEvent } from './webhook-events.js'

/** The bridge's events are small; anything bigger is not one of them. */
const MAX_BODY_BYTES = 64 * 1024

export function webhookRoute(
  db: SiteDatabase,
  options: { appId: string; secret: string | readonly string[] },
): Hono {
  return new Hono().post(
    '/webhooks',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: 'payload_too_large' }, 413),
    }),
    async (c) => {
      // The exact bytes: the signature covers the body as sent, not as a parser re-reads it.
      const body = new Uint8Array(await c.req.arrayBuffer())
      let event
      try {
        event = verifyWebhook(options.secret, body, c.req.raw.headers)
      } catch (error) {
        if (!(error instanceof VerifyError)) throw error
        // The code only: a refused request's body and headers are whoever sent it.
        console.error(`[${options.appId}] webhook refused: ${error.code}`)
        return c.json({ error: error.code }, 400)
      }
      const fresh = receiveEvent(db, event, Math.floor(Date.now() / 1000))
      // A repeat (same webhook-id) is answered as a success, so the bridge stops retrying it.
      return c.body(null, fresh ? 204 : 200)
    },
  )
}
