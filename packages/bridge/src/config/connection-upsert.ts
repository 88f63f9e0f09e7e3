/**
 * Writes one connection from its config form: secrets sealed, nothing written when the stored
 * record already says the same, and every change audited with its own entries for what decides
 * who an identity is. The config file and the admin service layer both write connections here.
 */
import { recordAudit, type Actor } from '../domain/audit-log.js'
import {
  CONNECTIONS,
  connectionSecretContext,
  getConnection,
  type Connection,
} from '../domain/connections.js'
import { publicConnection } from '../domain/public-records.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'
import { emailTrustChange } from './email-linking.js'
import { privateNetworkChange } from './private-network-opt-ins.js'
import { sameRecord, type RecordChange } from './record-change.js'
import type { ConnectionConfig } from './schema.js'
import { upstreamIdpChange } from './upstream-idp.js'

export async function upsertConnection(
  storage: Storage,
  box: SecretBox,
  connection: ConnectionConfig,
  now: number,
): Promise<RecordChange<Connection> | undefined> {
  const existing = await getConnection(storage, connection.id)
  if (existing && sameConnection(box, existing, connection)) return undefined
  const after = toConnection(box, connection, now)
  await storage.set(CONNECTIONS, connection.id, after)
  const secretsChanged = existing
    ? changedSecrets(openConnection(box, existing), openConnection(box, after))
    : []
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

/** Names of the fields of two opened records (secrets in clear) whose secret values differ. */
function changedSecrets(before: object, after: object): string[] {
  const a = before as Record<string, unknown>
  const b = after as Record<string, unknown>
  const names = new Set(
    [...Object.keys(a), ...Object.keys(b)].filter((k) => /secret|private/i.test(k)),
  )
  return [...names].filter((name) => !sameRecord(a[name], b[name])).sort()
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
    return {
      id: connection.id,
      type: 'local',
      name,
      mfa: connection.mfa,
      signup: connection.signup,
      passwordless: connection.passwordless,
      requireVerifiedEmail: connection.requireVerifiedEmail,
      updatedAt: now,
    }
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
  return sameRecord(
    openConnection(box, existing),
    openConnection(box, toConnection(box, connection, 0)),
  )
}
