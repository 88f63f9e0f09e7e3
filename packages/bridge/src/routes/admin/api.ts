/** The admin JSON API under /admin/api: one sub-app per resource, all on the admin services. */
import { Hono } from 'hono'
import { createAdminServices } from '../../admin/services.js'
import { sessionEndingOf } from '../end-session.js'
import { BridgeError } from '../../errors.js'
import type { BridgeEnv, BridgeServices } from '../env.js'
import { apiAppLogoRoutes } from './api-app-logo.js'
import { apiAppRoutes } from './api-apps.js'
import { adminApiErrorHandler } from './api-errors.js'
import { apiConnectionRoutes } from './api-connections.js'
import { apiEmailRoutes } from './api-emails.js'
import { apiStringRoutes } from './api-strings.js'
import { apiAuditRoutes, apiKeyRoutes } from './api-keys-audit.js'
import { apiUserRoutes } from './api-users.js'
import { apiWebhookRoutes } from './api-webhooks.js'
import { openApiDocument } from './openapi.js'

export const ADMIN_API_PATH = '/admin/api'

export const adminServicesOf = (services: BridgeServices) =>
  createAdminServices({
    storage: services.storage,
    box: services.box,
    keystore: services.keystore,
    issuer: services.settings.issuer,
    embed: services.embed,
    email: services.email,
    mint: services.mint,
    storeCustomers: services.storeCustomers,
    sessions: sessionEndingOf(services),
    webhooks: services.webhooks,
    logger: services.logger,
  })

// Typed as a plain Hono app: nothing calls the API through Hono's typed client, so the schema of
// every route need not travel up into app.tsx (nor into the emitted declarations).
export function adminApiRoutes(services: BridgeServices): Hono<BridgeEnv> {
  const admin = adminServicesOf(services)
  return (
    new Hono<BridgeEnv>()
      .onError(adminApiErrorHandler(services.logger))
      .get('/openapi.json', (c) => {
        c.header('Cache-Control', 'no-cache')
        return c.json(openApiDocument(services.settings.issuer))
      })
      .route('/apps', apiAppLogoRoutes(admin))
      .route('/apps', apiWebhookRoutes(admin))
      .route('/apps', apiAppRoutes(admin))
      .route('/connections', apiConnectionRoutes(admin))
      .route('/users', apiUserRoutes(admin))
      .route('/emails', apiEmailRoutes(admin))
      .route('/strings', apiStringRoutes(admin))
      .route('/keys', apiKeyRoutes(admin))
      .route('/audit', apiAuditRoutes(admin))
      // Unknown paths and methods under the API answer its JSON, not the page of the rest.
      .all('/*', () => {
        throw new BridgeError('not_found', { reason: 'route_unknown' })
      })
  )
}
