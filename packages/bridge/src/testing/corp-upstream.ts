/**
 * The upstream OIDC connection `corp` at a test IdP on loopback, and the `intranet` app that
 * signs in through it only, on top of the test config.
 */
import { oidcRedirectUri } from '../routes/upstream.js'
import { ISSUER, testConfig } from './bridge-fixture.js'
import { startHostileProvider, type HostileProvider } from './hostile-oidc-provider.js'

export const CORP_CLIENT = { id: 'ssobridge', secret: 'corp-upstream-secret-0123456789abcdef' }

/** An IdP that signs in `subject` with `profile` (email, name…) for the `corp` connection. */
export const startCorpIdp = (subject: string, profile: Record<string, unknown>) =>
  startHostileProvider({
    clientId: CORP_CLIENT.id,
    clientSecret: CORP_CLIENT.secret,
    redirectUris: [oidcRedirectUri(ISSUER, 'corp')],
    subject,
    profile,
  })

export function corpConfig(idp: HostileProvider) {
  const base = testConfig()
  return {
    ...base,
    connections: [
      ...base.connections,
      {
        id: 'corp',
        type: 'oidc',
        issuer: idp.issuer,
        clientId: CORP_CLIENT.id,
        clientSecret: CORP_CLIENT.secret,
        dangerouslyAllowHttpIssuer: true,
        dangerouslyAllowPrivateNetwork: true,
        timeoutSeconds: 5,
      },
    ],
    apps: [
      ...base.apps,
      {
        id: 'intranet',
        callbackUrls: ['http://127.0.0.1:4005/cb'],
        connections: ['corp'],
        signing: { alg: 'ES256' },
      },
    ],
  }
}
