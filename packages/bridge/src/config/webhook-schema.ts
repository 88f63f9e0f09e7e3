/**
 * An app's webhook endpoints as the config file and the admin write them (docs/webhooks.md): an
 * https URL (plain http on loopback only) that names no private, loopback or link-local address
 * unless the endpoint opts in, the events it wants, and, in the config file, its `whsec_` secret
 * from the environment or a secret file (never written inline).
 */
import { z } from 'zod'
import { lifecycleEventTypes } from '../domain/lifecycle-event-types.js'
import { isWebhookSecret } from '../domain/webhook-secret.js'
import { webhookAddressProblem } from '../domain/webhook-address.js'
import { webUrl } from './common-fields.js'

/** Most endpoints per app: each event is one delivery per endpoint. */
export const MAX_WEBHOOKS_PER_APP = 10

export const webhookIdPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/

const events = z
  .array(z.enum(lifecycleEventTypes))
  .max(lifecycleEventTypes.length)
  .refine((list) => new Set(list).size === list.length, 'lists an event twice')

/** The settings of an endpoint that the admin may write; all optional but the URL. */
export const webhookFields = {
  url: webUrl('webhook URL', { allowPath: true }),
  /** Left out or empty: every event. */
  events: events.optional(),
  dangerouslyAllowPrivateNetwork: z.boolean().optional(),
  disabled: z.boolean().optional(),
}

/** Refuses a URL on a private address without the endpoint's opt-in (both given, or both known). */
export function checkWebhookAddress(
  endpoint: { url?: string; dangerouslyAllowPrivateNetwork?: boolean },
  ctx: z.RefinementCtx,
) {
  if (endpoint.url === undefined) return
  const problem = webhookAddressProblem(
    endpoint.url,
    endpoint.dangerouslyAllowPrivateNetwork === true,
  )
  if (problem) ctx.addIssue({ code: 'custom', path: ['url'], message: `webhook URL ${problem}` })
}

/** `apps[].webhooks[]` of the config file; `secret` is the schema's `env:`/`file:` resolver. */
export function webhookConfigSchema(secret: z.ZodType<string, string>) {
  return z
    .strictObject({
      id: z
        .string()
        .regex(webhookIdPattern, 'must be 1-63 lowercase letters, digits, dashes or underscores'),
      ...webhookFields,
      secret: z
        .string()
        .refine(
          (value) => value.startsWith('env:') || value.startsWith('file:'),
          'must be env:NAME or file:PATH: a webhook secret is never written in the file',
        )
        .pipe(secret)
        .refine(isWebhookSecret, 'must be whsec_ and the base64 of 24 to 64 bytes'),
    })
    .superRefine(checkWebhookAddress)
}

export function webhooksField(secret: z.ZodType<string, string>) {
  return z
    .array(webhookConfigSchema(secret))
    .max(MAX_WEBHOOKS_PER_APP)
    .superRefine((list, ctx) => {
      const seen = new Set<string>()
      list.forEach((endpoint, i) => {
        if (seen.has(endpoint.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'duplicate id' })
        seen.add(endpoint.id)
      })
    })
}

export type WebhookConfig = z.output<ReturnType<typeof webhookConfigSchema>>
