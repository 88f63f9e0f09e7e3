/** The admin service layer in one object: what the API, the console and the CLI all call. */
import { exportAudit, listAudit, type AuditFilter } from '../domain/audit-log.js'
import { appLogoService } from './app-logos.js'
import { appService } from './apps.js'
import { deliveryService } from './backchannel-deliveries.js'
import { connectionService } from './connections.js'
import type { AdminDeps } from './context.js'
import { emailDeliveryService } from './email-deliveries.js'
import { keyService } from './keys.js'
import { scimTokenService } from './scim-tokens.js'
import { platformCheckService, type PlatformCheckDeps } from './platform-check.js'
import { userSessionService } from './user-sessions.js'
import { userService } from './users.js'
import { webhookDeliveryService } from './webhook-deliveries.js'
import { webhookService } from './webhooks.js'

/** `mint` and `storeCustomers` are the running bridge's; without them (the CLI) the check makes its own. */
export function createAdminServices(
  deps: AdminDeps & Pick<PlatformCheckDeps, 'mint' | 'storeCustomers'>,
) {
  return {
    deps,
    apps: appService(deps),
    /** The logos uploaded for the apps' branding. */
    logos: appLogoService(deps),
    /** Each app's back-channel logout deliveries (the outbox). */
    deliveries: deliveryService(deps),
    /** The member emails in the outbox, every connection's: what was sent, what failed, retry. */
    emails: emailDeliveryService(deps),
    /** Each app's webhook endpoints, and the log of what was delivered to them (replay). */
    webhooks: webhookService(deps),
    webhookDeliveries: webhookDeliveryService(deps),
    connections: connectionService(deps),
    users: userService(deps),
    /** A user's sessions and the apps each signed into; ending one or all. */
    userSessions: userSessionService(deps),
    /** Each upstream connection's SCIM bearer tokens (docs/scim.md). */
    scimTokens: scimTokenService(deps),
    keys: keyService(deps),
    /** "Check against <platform>": the platform's rules on what a sign-in would send it. */
    platformCheck: platformCheckService(deps),
    audit: {
      list: (filter: AuditFilter, options?: { limit?: number; cursor?: string }) =>
        listAudit(deps.storage, filter, options),
      export: (filter: AuditFilter) => exportAudit(deps.storage, filter),
    },
  }
}

export type AdminServices = ReturnType<typeof createAdminServices>
