/**
 * The bridge's apps as oidc-provider sees them: an app with `oidc` set is a client whose
 * `client_id` is the app id, whose redirect URIs are its callbacks (matched exactly), and whose
 * tokens follow its settings. What oidc-provider's client model cannot hold (token lifetimes,
 * CORS origins) is remembered per client on each lookup.
 */
import type { ClientMetadata } from 'oidc-provider'
import { appOrigins, getApp, type App } from '../domain/apps.js'
import { openClientSecret } from '../domain/oidc-client.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'

export interface ClientPolicy {
  accessTokenTtl: number
  idTokenTtl: number
  /** Origins that may read token and UserInfo answers: public clients' only. */
  corsOrigins: ReadonlySet<string>
}

export const isPublicClient = (app: App) => app.oidc?.tokenEndpointAuthMethod === 'none'

/** Origins a browser app of this client may call the token and UserInfo endpoints from. */
export const clientCorsOrigins = (app: App): ReadonlySet<string> =>
  isPublicClient(app) ? appOrigins(app) : new Set()

/** The resource (RFC 8707) every client's access tokens are for: the app's own API. */
export const defaultResourceOf = (clientId: string) => `urn:ssobridge:app:${clientId}`

export function clientMetadataOf(box: SecretBox, app: App): ClientMetadata | undefined {
  const settings = app.oidc
  if (!settings || app.signing.alg === 'HS256') return undefined
  const secret = openClientSecret(box, app.id, settings)
  return {
    client_id: app.id,
    client_name: app.name,
    ...(secret === undefined ? {} : { client_secret: secret }),
    token_endpoint_auth_method: settings.tokenEndpointAuthMethod,
    redirect_uris: app.callbackUrls,
    post_logout_redirect_uris: settings.postLogoutRedirectUris,
    grant_types: settings.refreshTokens
      ? ['authorization_code', 'refresh_token']
      : ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: app.signing.alg,
    subject_type: app.subject === 'pairwise' ? 'pairwise' : 'public',
    // auth_time in every ID token, asked for or not.
    require_auth_time: true,
  }
}

export function createClientLookup(storage: Storage, box: SecretBox) {
  const policies = new Map<string, ClientPolicy>()
  return {
    async find(clientId: string): Promise<ClientMetadata | undefined> {
      const app = await getApp(storage, clientId)
      const metadata = app && clientMetadataOf(box, app)
      if (!app?.oidc || !metadata) {
        policies.delete(clientId)
        return undefined
      }
      policies.set(clientId, {
        accessTokenTtl: app.oidc.accessTokenTtl,
        idTokenTtl: app.tokenTtl,
        corsOrigins: clientCorsOrigins(app),
      })
      return metadata
    },
    /** What the last lookup of this client said (every request that names a client looks it up). */
    policy: (clientId: string) => policies.get(clientId),
  }
}
