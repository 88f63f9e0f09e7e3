/** A bridge with two OIDC connections, each with a SCIM token, and a SCIM client on app.request. */
import { createAdminServices } from '../admin/services.js'
import { corp, ROOT } from './admin-api-test-kit.js'
import { createTestBridge, ISSUER, testConfig } from './bridge-fixture.js'
import { jsonCall, type JsonCallOptions } from './json-call.js'

export const partner = { ...corp, id: 'partner', issuer: 'https://partner.example' }

export async function scimBridge() {
  const base = testConfig()
  const bridge = await createTestBridge({
    config: testConfig({
      connections: [...(base.connections as object[]), corp, partner],
      apps: [
        ...(base.apps as { connections: string[] }[]),
        {
          id: 'intranet',
          callbackUrls: ['http://127.0.0.1:4005/cb'],
          connections: ['corp'],
          signing: { alg: 'ES256' },
        },
      ],
    }),
  })
  const s = bridge.services
  const admin = createAdminServices({
    storage: s.storage,
    box: s.box,
    keystore: s.keystore,
    issuer: s.settings.issuer,
    mint: s.mint,
    storeCustomers: s.storeCustomers,
  })
  const corpToken = (await admin.scimTokens.create(ROOT, 'corp', { name: 'Entra ID' })).token
  const partnerToken = (await admin.scimTokens.create(ROOT, 'partner', { name: 'Okta' })).token
  const scim = (
    method: string,
    path: string,
    options: Omit<JsonCallOptions, 'bearer'> & { token?: string | null } = {},
  ) =>
    jsonCall(bridge.app, method, `${ISSUER}/scim/v2${path}`, {
      ...options,
      bearer: options.token === undefined ? corpToken : options.token,
      contentType: 'application/scim+json',
    })
  return { bridge, admin, corpToken, partnerToken, scim }
}
