/** Connections as stored: the ways a user can sign in. Secrets are sealed (see keys/secret-box). */
import type { Storage } from '../storage/types.js'
import type { SamlConnectionFields } from './saml-connection.js'

export interface ClaimMapping {
  email?: string
  emailVerified?: string
  name?: string
  givenName?: string
  familyName?: string
  groups?: string
}

interface BaseConnection {
  id: string
  name: string
  mfa: 'off' | 'optional' | 'required'
  updatedAt: number
}

export type SignupPolicy = 'off' | 'open' | { domains: string[] }
export type PasswordlessMode = 'off' | 'code' | 'link' | 'both'

export interface LocalConnection extends BaseConnection {
  type: 'local'
  /** Member options (docs/members.md); absent on records written before them: all off. */
  signup?: SignupPolicy
  passwordless?: PasswordlessMode
  requireVerifiedEmail?: boolean
}

export interface OidcConnection extends BaseConnection {
  type: 'oidc'
  issuer: string
  clientId: string
  clientSecretSealed?: string
  privateKeySealed?: string
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt'
  scopes: string[]
  domains: string[]
  claims: ClaimMapping
  /** Upstream connections whose users a first sign-in may join by verified email (config/email-linking). */
  linkByVerifiedEmail: string[]
  timeoutSeconds: number
  dangerouslyAllowHttpIssuer: boolean
  /** Requests to the IdP may go to loopback and private networks (net/address-policy). */
  dangerouslyAllowPrivateNetwork?: boolean
}

export interface SamlConnection extends BaseConnection, SamlConnectionFields {
  type: 'saml'
}

export type Connection = LocalConnection | OidcConnection | SamlConnection
export type UpstreamConnection = OidcConnection | SamlConnection

export const CONNECTIONS = 'connection'

declare module '../storage/types.js' {
  interface StorageRecords {
    [CONNECTIONS]: Connection
  }
}

export const connectionSecretContext = (id: string, field: string) => `connection:${id}:${field}`

export const getConnection = (storage: Storage, id: string) => storage.get(CONNECTIONS, id)

export const isUpstream = (connection: Connection): connection is UpstreamConnection =>
  connection.type !== 'local'

/** The app's connections that exist, in the app's order. */
export async function appConnections(storage: Storage, ids: string[]): Promise<Connection[]> {
  const found = await Promise.all(ids.map((id) => getConnection(storage, id)))
  return found.filter((c): c is Connection => c !== undefined)
}

/** The app's first local connection: where its password form signs users in. */
export async function firstLocalConnection(
  storage: Storage,
  ids: string[],
): Promise<string | undefined> {
  return (await appConnections(storage, ids)).find((c) => c.type === 'local')?.id
}

/** Home-realm discovery: the upstream connection that claims this email's domain, if any. */
export function connectionForEmail(
  connections: Connection[],
  email: string,
): UpstreamConnection | undefined {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase()
  return connections.filter(isUpstream).find((c) => c.domains.includes(domain))
}
