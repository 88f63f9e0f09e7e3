/**
 * Writes a validated config into storage. Idempotent: what already matches is left untouched and
 * reported as nothing; records the file does not mention (made in the console, say) are kept.
 */
import { APPS, appSecretContext, getApp, type App, type AppSigning } from '../domain/apps.js'
import {
  CONNECTIONS,
  connectionSecretContext,
  getConnection,
  type Connection,
} from '../domain/connections.js'
import { hashPassword, verifyPassword } from '../domain/passwords.js'
import { createUser, findUserByEmail, saveUser, type User } from '../domain/users.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'
import type { AppConfig, BridgeConfig, ConnectionConfig, UserConfig } from './schema.js'

export async function applyConfig(
  storage: Storage,
  box: SecretBox,
  config: BridgeConfig,
  now = Date.now(),
): Promise<string[]> {
  const changes: string[] = []
  for (const connection of config.connections) {
    const existing = await getConnection(storage, connection.id)
    if (existing && sameConnection(box, existing, connection)) continue
    await storage.set(CONNECTIONS, connection.id, toConnection(box, connection, now) as never)
    changes.push(`${existing ? 'updated' : 'created'} connection ${connection.id}`)
  }
  for (const app of config.apps) {
    const existing = await getApp(storage, app.id)
    if (existing && sameApp(box, existing, app)) continue
    const record: App = {
      id: app.id,
      name: app.name ?? app.id,
      callbackUrls: app.callbackUrls,
      connections: app.connections,
      signing: sealSigning(box, app),
      tokenTtl: app.tokenTtl,
      requireMfa: app.requireMfa,
      delivery: app.delivery,
      updatedAt: now,
    }
    await storage.set(APPS, app.id, record as never)
    changes.push(`${existing ? 'updated' : 'created'} app ${app.id}`)
  }
  for (const user of config.users) {
    const change = await applyUser(storage, user, now)
    if (change) changes.push(change)
  }
  return changes
}

/** The record without its secrets, and the secrets in clear, for comparing with a file. */
function openConnection(box: SecretBox, connection: Connection) {
  const { updatedAt: _, ...rest } = connection
  if (rest.type !== 'oidc') return rest
  const { clientSecretSealed, privateKeySealed, ...plain } = rest
  const open = (sealed: string | undefined, field: string) =>
    sealed === undefined ? undefined : box.open(sealed, connectionSecretContext(rest.id, field))
  return {
    ...plain,
    clientSecret: open(clientSecretSealed, 'clientSecret'),
    privateKey: open(privateKeySealed, 'privateKey'),
  }
}

function toConnection(box: SecretBox, connection: ConnectionConfig, now: number): Connection {
  const name = connection.name ?? connection.id
  if (connection.type === 'local') {
    return { id: connection.id, type: 'local', name, mfa: connection.mfa, updatedAt: now }
  }
  // SAML connections hold no secret of the admin's; the SP key is generated and sealed on use.
  if (connection.type === 'saml') return { ...connection, name, updatedAt: now }
  const { clientSecret, privateKey, ...rest } = connection
  const seal = (value: string | undefined, field: string) =>
    value === undefined ? undefined : box.seal(value, connectionSecretContext(connection.id, field))
  return {
    ...rest,
    name,
    tokenEndpointAuthMethod:
      connection.tokenEndpointAuthMethod ??
      (privateKey ? 'private_key_jwt' : 'client_secret_basic'),
    clientSecretSealed: seal(clientSecret, 'clientSecret'),
    privateKeySealed: seal(privateKey, 'privateKey'),
    updatedAt: now,
  }
}

function sameConnection(
  box: SecretBox,
  existing: Connection,
  connection: ConnectionConfig,
): boolean {
  // Sealed values differ on every seal; compare what they hold.
  return same(openConnection(box, existing), openConnection(box, toConnection(box, connection, 0)))
}

function sealSigning(box: SecretBox, app: AppConfig): AppSigning {
  if (app.signing.alg !== 'HS256') return { alg: app.signing.alg }
  return { alg: 'HS256', secretSealed: box.seal(app.signing.secret, appSecretContext(app.id)) }
}

function sameApp(box: SecretBox, existing: App, app: AppConfig): boolean {
  const { signing, updatedAt: _, ...rest } = existing
  const wanted = {
    id: app.id,
    name: app.name ?? app.id,
    callbackUrls: app.callbackUrls,
    connections: app.connections,
    tokenTtl: app.tokenTtl,
    requireMfa: app.requireMfa,
    delivery: app.delivery,
  }
  if (!same(rest, wanted) || signing.alg !== app.signing.alg) return false
  // Sealed values differ on every seal; compare what they hold.
  if (signing.alg === 'HS256' && app.signing.alg === 'HS256') {
    return box.open(signing.secretSealed, appSecretContext(app.id)) === app.signing.secret
  }
  return true
}

async function applyUser(
  storage: Storage,
  user: UserConfig,
  now: number,
): Promise<string | undefined> {
  const profile = {
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    givenName: user.givenName,
    familyName: user.familyName,
  }
  const existing = await findUserByEmail(storage, user.connection, user.email)
  if (!existing) {
    const created = await createUser(
      storage,
      {
        ...profile,
        connection: user.connection,
        passwordHash: await hashPassword(user.password),
      },
      now,
    )
    return created ? `created user ${user.email}` : undefined
  }
  const passwordMatches = existing.passwordHash
    ? await verifyPassword(existing.passwordHash, user.password)
    : false
  const current = {
    email: existing.email,
    emailVerified: existing.emailVerified,
    name: existing.name,
    givenName: existing.givenName,
    familyName: existing.familyName,
  }
  if (passwordMatches && same(current, profile)) return undefined
  const updated: User = {
    ...existing,
    ...profile,
    passwordHash: passwordMatches ? existing.passwordHash : await hashPassword(user.password),
    updatedAt: now,
  }
  await saveUser(storage, updated)
  return `updated user ${user.email}`
}

/** Structural equality of JSON-shaped values; undefined properties count as absent. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    )
  }
  return value
}
