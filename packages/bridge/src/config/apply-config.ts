/**
 * Writes a validated config into storage. Idempotent: what already matches is left untouched and
 * reported as nothing; records the file does not mention (made in the console, say) are kept.
 * The one-record upserts are shared with the admin service layer, and every change is audited.
 */
import { APPS, appSecretContext, getApp, type App, type AppSigning } from '../domain/apps.js'
import { keepPreviousSecret } from '../domain/app-secret-rotation.js'
import { integrationOf } from './app-integration-schema.js'
import { emailTrustChange } from './email-linking.js'
import { upstreamIdpChange } from './upstream-idp.js'
import { privateNetworkChange } from './private-network-opt-ins.js'
import { sameOidcClient, sealOidcClient } from './oidc-client-schema.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { publicApp, publicConnection, publicUser } from '../domain/public-records.js'
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

/** Who changed records when nobody says otherwise: the config file applied at start-up. */
export const configFileActor: Actor = { type: 'config', id: 'config-file' }

export interface RecordChange<T> {
  action: 'created' | 'updated'
  before?: T
  after: T
  /** Sealed fields whose value changed. */
  secretsChanged: string[]
}

export async function applyConfig(
  storage: Storage,
  box: SecretBox,
  config: BridgeConfig,
  now = Date.now(),
  actor: Actor = configFileActor,
): Promise<string[]> {
  const changes: string[] = []
  for (const connection of config.connections) {
    const change = await upsertConnection(storage, box, connection, now)
    if (!change) continue
    await auditConnectionChange(storage, actor, change, now)
    changes.push(`${change.action} connection ${connection.id}`)
  }
  for (const app of config.apps) {
    const change = await upsertApp(storage, box, app, now)
    if (!change) continue
    await auditAppChange(storage, actor, change, now)
    changes.push(`${change.action} app ${app.id}`)
  }
  for (const user of config.users) {
    const change = await upsertUser(storage, user, now)
    if (!change) continue
    await auditUserChange(storage, actor, change, now)
    changes.push(`${change.action} user ${user.email}`)
  }
  return changes
}

export async function upsertConnection(
  storage: Storage,
  box: SecretBox,
  connection: ConnectionConfig,
  now: number,
): Promise<RecordChange<Connection> | undefined> {
  const existing = await getConnection(storage, connection.id)
  if (existing && sameConnection(box, existing, connection)) return undefined
  const after = toConnection(box, connection, now)
  await storage.set(CONNECTIONS, connection.id, after as never)
  const secretsChanged = existing
    ? changedSecrets(openConnection(box, existing), openConnection(box, after))
    : []
  return { action: existing ? 'updated' : 'created', before: existing, after, secretsChanged }
}

export function toApp(box: SecretBox, app: AppConfig, now: number): App {
  return {
    id: app.id,
    name: app.name ?? app.id,
    callbackUrls: app.callbackUrls,
    connections: app.connections,
    signing: sealSigning(box, app),
    tokenTtl: app.tokenTtl,
    requireMfa: app.requireMfa,
    ...integrationOf(app),
    oidc: sealOidcClient(box, app.id, app.oidc),
    updatedAt: now,
  }
}

export async function upsertApp(
  storage: Storage,
  box: SecretBox,
  app: AppConfig,
  now: number,
): Promise<RecordChange<App> | undefined> {
  const existing = await getApp(storage, app.id)
  if (existing && sameApp(box, existing, app)) return undefined
  const secretsChanged =
    existing?.signing.alg === 'HS256' && app.signing.alg === 'HS256'
      ? box.open(existing.signing.secretSealed, appSecretContext(app.id)) === app.signing.secret
        ? []
        : ['signing.secret']
      : []
  // An edit that keeps the secret keeps a rotation's grace period too.
  const fresh = toApp(box, app, now)
  const after = secretsChanged.length ? fresh : keepPreviousSecret(fresh, existing, now)
  await storage.set(APPS, app.id, after as never)
  return { action: existing ? 'updated' : 'created', before: existing, after, secretsChanged }
}

export async function auditConnectionChange(
  storage: Storage,
  actor: Actor,
  change: RecordChange<Connection>,
  now: number,
) {
  await recordAudit(
    storage,
    {
      event: `connection.${change.action}`,
      actor,
      connection: change.after.id,
      before: change.before && publicConnection(change.before),
      after: publicConnection(change.after),
      secretsChanged: change.secretsChanged.length ? change.secretsChanged : undefined,
    },
    now,
  )
  // Its own entry, whoever made it (file, API, console, CLI): it decides who an identity is.
  const before = change.before as Record<string, unknown> | undefined
  const after = change.after as unknown as Record<string, unknown>
  const trust = emailTrustChange(before, after)
  if (trust)
    await recordAudit(
      storage,
      { event: 'connection.email_trust_changed', actor, connection: change.after.id, ...trust },
      now,
    )
  // Likewise another IdP for an existing connection: certificates appear as fingerprints.
  const idp = upstreamIdpChange(before, after)
  if (idp)
    await recordAudit(
      storage,
      { event: 'connection.idp_changed', actor, connection: change.after.id, ...idp },
      now,
    )
  // And the bridge's requests for it allowed into private networks, or no longer.
  const network = privateNetworkChange(change.before, change.after)
  if (network)
    await recordAudit(
      storage,
      {
        event: 'connection.private_network_changed',
        actor,
        connection: change.after.id,
        ...network,
      },
      now,
    )
}

export async function auditAppChange(
  storage: Storage,
  actor: Actor,
  change: RecordChange<App>,
  now: number,
) {
  await recordAudit(
    storage,
    {
      event: `app.${change.action}`,
      actor,
      app: change.after.id,
      before: change.before && publicApp(change.before),
      after: publicApp(change.after),
      secretsChanged: change.secretsChanged.length ? change.secretsChanged : undefined,
    },
    now,
  )
  // Its own entry, as for connections: the back-channel logout URL may now reach private networks.
  const network = privateNetworkChange(change.before, change.after)
  if (network)
    await recordAudit(
      storage,
      { event: 'app.private_network_changed', actor, app: change.after.id, ...network },
      now,
    )
}

export const auditUserChange = (
  storage: Storage,
  actor: Actor,
  change: RecordChange<User>,
  now: number,
) =>
  recordAudit(
    storage,
    {
      event: `user.${change.action}`,
      actor,
      user: change.after.id,
      connection: change.after.connection,
      before: change.before && publicUser(change.before),
      after: publicUser(change.after),
      secretsChanged: change.secretsChanged.length ? change.secretsChanged : undefined,
    },
    now,
  )

/** Names of the fields of two opened records (secrets in clear) whose secret values differ. */
function changedSecrets(before: object, after: object): string[] {
  const a = before as Record<string, unknown>
  const b = after as Record<string, unknown>
  const names = new Set(
    [...Object.keys(a), ...Object.keys(b)].filter((k) => /secret|private/i.test(k)),
  )
  return [...names].filter((name) => !same(a[name], b[name])).sort()
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
  const { signing, updatedAt: _, oidc, ...rest } = existing
  if (!sameOidcClient(box, app.id, oidc, app.oidc)) return false
  const wanted = {
    id: app.id,
    name: app.name ?? app.id,
    callbackUrls: app.callbackUrls,
    connections: app.connections,
    tokenTtl: app.tokenTtl,
    requireMfa: app.requireMfa,
    ...integrationOf(app),
  }
  if (!same(rest, wanted) || signing.alg !== app.signing.alg) return false
  // Sealed values differ on every seal; compare what they hold.
  if (signing.alg === 'HS256' && app.signing.alg === 'HS256') {
    return box.open(signing.secretSealed, appSecretContext(app.id)) === app.signing.secret
  }
  return true
}

export async function upsertUser(
  storage: Storage,
  user: UserConfig,
  now: number,
): Promise<RecordChange<User> | undefined> {
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
    return created ? { action: 'created', after: created, secretsChanged: [] } : undefined
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
  return {
    action: 'updated',
    before: existing,
    after: updated,
    secretsChanged: passwordMatches ? [] : ['password'],
  }
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
