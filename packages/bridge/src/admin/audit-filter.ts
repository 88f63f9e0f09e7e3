/** The audit log's filter as admins write it (query string, CLI flags): parsed the same way everywhere. */
import { z } from 'zod'
import { auditEvents } from '../domain/audit-log.js'

/** Epoch milliseconds, or an ISO 8601 date and time. */
export const instant = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const at = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value)
    if (!Number.isFinite(at)) {
      ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 time' })
      return z.NEVER
    }
    return at
  })

const eventFamilies = [...new Set(auditEvents.map((e) => e.split('.')[0] as string))]

export const auditFilterFields = {
  app: z.string().max(64).optional(),
  connection: z.string().max(64).optional(),
  user: z.string().max(64).optional(),
  actor: z.string().max(300).optional(),
  event: z
    .string()
    .refine(
      (e) => (auditEvents as readonly string[]).includes(e) || eventFamilies.includes(e),
      `must be an event (${auditEvents.join(', ')}) or a family (${eventFamilies.join(', ')})`,
    )
    .optional(),
  since: instant.optional(),
  until: instant.optional(),
}
