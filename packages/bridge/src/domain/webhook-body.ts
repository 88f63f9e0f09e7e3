/**
 * The body one app receives for one lifecycle event, built at send time from the outbox's
 * snapshot: the Standard Webhooks shape `{ type, timestamp, data }`, where `data.user` holds what
 * the app's own tokens would say of the user (its `sub`, pairwise where it uses one, and its
 * claims as its mapping makes them) and nothing else: no secret, token or password hash.
 */
import type { App } from './apps.js'
import type { WebhookPayload } from './lifecycle-events.js'
import { subjectFor } from './mint-token.js'
import type { PairwiseSubjects } from './pairwise-subject.js'
import { mappedClaims, profileFacts, tokenShape } from './token-claims.js'

export interface WebhookEventData {
  user: Record<string, unknown> & { sub: string }
  changed?: string[]
  sid?: string
  reason?: string
  factor?: string
  app?: string
}

export interface WebhookEventBody {
  type: string
  /** When the event happened (ISO 8601); `webhook-timestamp` is when this attempt was signed. */
  timestamp: string
  data: WebhookEventData
}

export async function webhookBody(
  app: App,
  payload: WebhookPayload,
  pairwise: PairwiseSubjects | undefined,
): Promise<WebhookEventBody> {
  const { user } = payload
  const sub = await subjectFor(app, user.id, pairwise)
  // The sign-in facts (amr, auth_time) belong to a token, not to a user: they stay out.
  const claims = mappedClaims(tokenShape(app), { ...profileFacts(user, sub), idp: user.connection })
  const data: WebhookEventData = { user: { ...claims, sub } }
  if (payload.changed) data.changed = payload.changed
  // Platforms (presets) get no `sid` in their tokens; they get none here either.
  if (payload.sid && !app.preset) data.sid = payload.sid
  if (payload.reason) data.reason = payload.reason
  if (payload.factor) data.factor = payload.factor
  // Which other app a session signed into is not this app's to know (pairwise subjects exist so
  // that apps cannot join their users): only its own id is named.
  if (payload.app === app.id) data.app = payload.app
  return { type: payload.type, timestamp: new Date(payload.at).toISOString(), data }
}
