/**
 * Connections for the console, the API and the CLI. Secrets are write-only: an edit that leaves
 * one out keeps the stored one. A connection an app still uses cannot be deleted; deleting one
 * forgets who signed in through it.
 */
import { auditConnectionChange, upsertConnection } from '../config/connection-upsert.js'
import { emailTrustChange, LOCAL_TARGET_MESSAGE } from '../config/email-linking.js'
import { linkTargets } from '../domain/link-targets.js'
import { upstreamIdpChange } from '../config/upstream-idp.js'
import { privateNetworkTurnedOn } from '../config/private-network-opt-ins.js'
import { APPS } from '../domain/apps.js'
import { idPattern } from '../config/common-fields.js'
import { MEMBER_EMAIL_NEEDS_SMTP, sendsMemberEmail } from '../config/schema.js'
import { BridgeError } from '../errors.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import {
  CONNECTIONS,
  connectionSecretContext,
  getConnection,
  type Connection,
} from '../domain/connections.js'
import { forgetConnectionIdentities, hasIdentities } from '../domain/identities.js'
import { forgetScimTokens } from '../domain/scim/scim-tokens.js'
import { publicConnection, type PublicConnection } from '../domain/public-records.js'
import { connectionAsConfig } from './config-views.js'
import type { AdminDeps } from './context.js'
import { entrySchemas } from './entry-schemas.js'
import { conflict, fieldError, notFound, parseInput } from './input.js'
import { checkOidcIssuer, type OidcCheckResult } from './oidc-check.js'
import {
  summarizeCertificate,
  summarizeSamlMetadata,
  type SamlMetadataSummary,
} from './saml-summary.js'
import { createIdpResolver } from '../connections/saml-idp.js'
import { silentLogger } from '../logger.js'

/** A value the admin copies into the IdP's settings. */
export interface CopyValue {
  label: string
  value: string
}

/**
 * The changes that need the highest admin authority. Those that decide who an upstream identity
 * is: email linking and trust (config/email-linking), and the IdP of a connection that has users
 * or links by email (config/upstream-idp). And turning on a connection's or an app's
 * dangerouslyAllowPrivateNetwork (config/private-network-opt-ins), with which a write key could
 * make the bridge probe loopback, the intranet and cloud metadata.
 */
export type IdentityChange = 'email_trust' | 'upstream_idp' | 'private_network'

/** What each change is called in a refusal: "Changing … needs …". */
export const identityChangeNames: Record<IdentityChange, string> = {
  email_trust: 'email linking or email trust',
  upstream_idp: 'the identity provider of a connection that has users or links by email',
  private_network:
    'dangerouslyAllowPrivateNetwork to true (requests to loopback and private networks)',
}

/**
 * Whether the caller may make such a change: it throws the caller's own refusal. The API allows
 * it to `admin` keys, the console to a recent sign-in, the CLI (which holds the database and the
 * master key) always.
 */
export type IdentityChangeGuard = (change: IdentityChange) => void

export interface ConnectionWriteOptions {
  identityChange?: IdentityChangeGuard
}

export const allowIdentityChange: IdentityChangeGuard = () => undefined

/** The default: callers that say nothing never make such a change. */
export const refuseIdentityChange: IdentityChangeGuard = (change) => {
  throw new BridgeError('insufficient_scope', {
    message: `${change} change without the admin scope`,
    description: `Changing ${identityChangeNames[change]} needs an API key with the admin scope.`,
  })
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function connectionValues(issuer: string, connection: Connection): CopyValue[] {
  const base = `${issuer}/connections/${connection.id}`
  if (connection.type === 'oidc') return [{ label: 'Redirect URI', value: `${base}/callback` }]
  if (connection.type === 'saml') {
    return [
      { label: 'ACS URL (reply URL)', value: `${base}/saml/acs` },
      { label: 'SP entity ID (audience)', value: connection.spEntityId ?? `${base}/saml/metadata` },
      { label: 'SP metadata URL', value: `${base}/saml/metadata` },
    ]
  }
  return []
}

/**
 * PUT and PATCH alike: the id is in the URLs the IdP calls, and the type decides what the
 * stored identities mean, so neither changes in place.
 */
function assertSameIdentity(existing: Connection, raw: Record<string, unknown>) {
  if (raw.id !== undefined && raw.id !== existing.id) throw fieldError('id', 'cannot be changed')
  if (raw.type !== undefined && raw.type !== existing.type)
    throw fieldError('type', 'cannot be changed; create another connection')
}

export function connectionService(deps: AdminDeps) {
  // The same fetch-and-cache the sign-in uses, so a Check shows what sign-ins will trust.
  const idps = createIdpResolver({ logger: silentLogger })
  const { storage, box } = deps
  const now = deps.now ?? Date.now

  async function load(id: string): Promise<Connection> {
    const connection =
      typeof id === 'string' && idPattern.test(id) ? await getConnection(storage, id) : undefined
    if (!connection) throw notFound('connection', String(id))
    return connection
  }

  /** The stored secrets of `existing`, in clear, for fields `raw` leaves out. */
  function keptSecrets(raw: Record<string, unknown>, existing?: Connection) {
    const kept: Record<string, string> = {}
    if (!existing || existing.type !== raw.type) return kept
    for (const [field, sealed] of Object.entries(existing)) {
      if (!field.endsWith('Sealed') || typeof sealed !== 'string') continue
      const name = field.slice(0, -'Sealed'.length)
      if (raw[name] === undefined)
        kept[name] = box.open(sealed, connectionSecretContext(existing.id, name))
    }
    return kept
  }

  /** Link targets must be upstream connections that exist now; sign-ins check again. */
  async function checkLinkTargets(connection: { linkByVerifiedEmail?: unknown }) {
    const targets = linkTargets(connection)
    for (const [i, target] of targets.entries()) {
      const other = await getConnection(storage, target)
      if (!other || other.type === 'local')
        throw fieldError(
          `linkByVerifiedEmail[${i}]`,
          other ? LOCAL_TARGET_MESSAGE : `no connection with id "${target}"`,
        )
    }
  }

  /** Connections that name `id` as a link target: whoever creates `id` decides whom they join. */
  async function linkedInto(id: string): Promise<boolean> {
    const all = await storage.list(CONNECTIONS)
    return all.some((r) => r.value.type !== 'local' && linkTargets(r.value).includes(id))
  }

  async function save(
    actor: Actor,
    raw: unknown,
    existing: Connection | undefined,
    options: ConnectionWriteOptions,
  ) {
    if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
    // Config files may name a metadata file; admin input must not make the bridge read one.
    const metadata = raw.idpMetadata
    if (
      raw.type === 'saml' &&
      typeof metadata === 'string' &&
      !metadata.trimStart().startsWith('<')
    )
      throw fieldError('idpMetadata', 'must be the metadata XML itself (paste or upload it)')
    const connection = parseInput(entrySchemas().connection, {
      ...raw,
      ...keptSecrets(raw, existing),
    })
    if (connection.type !== 'local') await checkLinkTargets(connection)
    // As the config file is refused without SMTP, so is the admin's change: the options would
    // promise emails that are never sent. The field named is the first option that sends one.
    else if (sendsMemberEmail(connection) && !deps.email?.configured)
      throw fieldError(
        connection.signup !== 'off'
          ? 'signup'
          : connection.passwordless !== 'off'
            ? 'passwordless'
            : 'requireVerifiedEmail',
        MEMBER_EMAIL_NEEDS_SMTP,
      )
    const guard = options.identityChange ?? refuseIdentityChange
    if (
      emailTrustChange(existing as Record<string, unknown> | undefined, connection) ||
      (!existing && connection.type !== 'local' && (await linkedInto(connection.id)))
    )
      guard('email_trust')
    // Another IdP for a connection nobody used takes over nobody; one with users takes them all,
    // and one that links by email joins the users it links into.
    if (
      existing !== undefined &&
      existing.type !== 'local' &&
      upstreamIdpChange(existing as unknown as Record<string, unknown>, connection) &&
      (linkTargets(existing).length > 0 || (await hasIdentities(storage, existing.id)))
    )
      guard('upstream_idp')
    if (privateNetworkTurnedOn(existing, connection)) guard('private_network')
    const at = now()
    const change = await upsertConnection(storage, box, connection, at)
    if (change) await auditConnectionChange(storage, actor, change, at)
    return publicConnection(change?.after ?? (existing as Connection))
  }

  return {
    async list(): Promise<PublicConnection[]> {
      return (await storage.list(CONNECTIONS)).map((r) => publicConnection(r.value))
    },

    async get(id: string): Promise<PublicConnection> {
      return publicConnection(await load(id))
    },

    async getAsConfig(id: string): Promise<Record<string, unknown>> {
      return connectionAsConfig(await load(id))
    },

    async values(id: string): Promise<CopyValue[]> {
      return connectionValues(deps.issuer, await load(id))
    },

    /** Apps that name this connection. */
    async usedBy(id: string): Promise<string[]> {
      const apps = await storage.list(APPS)
      return apps.filter((a) => a.value.connections.includes(id)).map((a) => a.key)
    },

    async create(
      actor: Actor,
      raw: unknown,
      options: ConnectionWriteOptions = {},
    ): Promise<PublicConnection> {
      if (isObject(raw) && typeof raw.id === 'string' && (await getConnection(storage, raw.id)))
        throw conflict(`A connection with the id "${raw.id}" exists already.`)
      return save(actor, raw, undefined, options)
    },

    async replace(
      actor: Actor,
      id: string,
      raw: unknown,
      options: ConnectionWriteOptions = {},
    ): Promise<PublicConnection> {
      const existing = await load(id)
      if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
      assertSameIdentity(existing, raw)
      return save(actor, { ...raw, id }, existing, options)
    },

    async update(
      actor: Actor,
      id: string,
      raw: unknown,
      options: ConnectionWriteOptions = {},
    ): Promise<PublicConnection> {
      const existing = await load(id)
      if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
      assertSameIdentity(existing, raw)
      return save(actor, { ...connectionAsConfig(existing), ...raw, id }, existing, options)
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const existing = await load(id)
      const apps = await this.usedBy(id)
      if (apps.length > 0)
        throw conflict(`The connection is used by ${apps.join(', ')}; remove it from them first.`)
      await storage.delete(CONNECTIONS, id)
      // After the record is gone, so no new sign-in through it starts while they are removed.
      const identitiesRemoved = await forgetConnectionIdentities(storage, id)
      await forgetScimTokens(storage, id)
      await recordAudit(
        storage,
        {
          event: 'connection.deleted',
          actor,
          connection: id,
          before: publicConnection(existing),
          after: { identitiesRemoved },
        },
        now(),
      )
    },

    /**
     * Discovery for an issuer that is not saved yet (the console's "Check"). Into private
     * networks only for whoever may turn that on: otherwise it is the same probe, unsaved.
     */
    async checkIssuer(
      raw: unknown,
      options: ConnectionWriteOptions = {},
    ): Promise<OidcCheckResult> {
      if (!isObject(raw) || typeof raw.issuer !== 'string' || raw.issuer.length > 2048)
        throw fieldError('issuer', 'must be a URL of at most 2048 characters')
      if (raw.dangerouslyAllowPrivateNetwork === true)
        (options.identityChange ?? refuseIdentityChange)('private_network')
      return checkOidcIssuer({
        issuer: raw.issuer,
        dangerouslyAllowHttpIssuer: raw.dangerouslyAllowHttpIssuer === true,
        dangerouslyAllowPrivateNetwork: raw.dangerouslyAllowPrivateNetwork === true,
      })
    },

    /** Discovery for a saved OIDC connection, with its own settings. */
    async check(id: string): Promise<OidcCheckResult> {
      const connection = await load(id)
      if (connection.type !== 'oidc')
        throw conflict('Only OIDC connections have a discovery check.')
      return checkOidcIssuer(connection)
    },

    /**
     * The IdP as its metadata describes it: stored inline, or fetched from its URL (cached).
     * `fetch: false` (callers that may only read) never makes the bridge send a request.
     */
    async samlMetadata(
      id: string,
      options: { fetch?: boolean } = {},
    ): Promise<SamlMetadataSummary | undefined> {
      const connection = await load(id)
      if (connection.type !== 'saml') return undefined
      if (connection.idpMetadata) {
        return summarizeSamlMetadata(connection.idpMetadata, connection.idpEntityId)
      }
      if (!connection.idpMetadataUrl || options.fetch === false) return undefined
      const idp = await idps.resolve(connection)
      return {
        entityId: idp.entityId,
        ssoUrl: idp.ssoUrl,
        certificates: idp.certs.map((cert) => summarizeCertificate(cert)),
      }
    },
  }
}

export type ConnectionService = ReturnType<typeof connectionService>
