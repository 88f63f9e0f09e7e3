/**
 * Where a SAML connection's IdP settings come from: metadata given in the config, metadata
 * fetched from a URL (cached for an hour, the last good copy kept while the IdP is unreachable),
 * or entryPoint + idpCert by hand. Pinned certificates win over the metadata's.
 */
import type { SamlConnection } from '../domain/connections.js'
import { BridgeError } from '../errors.js'
import type { Logger } from '../logger.js'
import {
  isOutboundError,
  outbound as processOutbound,
  type Outbound,
  type OutboundFetch,
} from '../net/outbound.js'
import { MAX_METADATA_BYTES, parseIdpMetadata, type IdpDescriptor } from './saml-metadata.js'

const METADATA_TTL_MS = 60 * 60 * 1000
/** How long a last good copy serves while refreshes fail. */
const STALE_LIMIT_MS = 7 * 24 * 60 * 60 * 1000

export interface ResolvedIdp {
  entityId?: string
  ssoUrl: string
  certs: string[]
}

export function createIdpResolver(options: {
  logger: Logger
  /** Tests only: a stand-in for the outbound client, which otherwise serves every download. */
  fetch?: OutboundFetch
  outbound?: Outbound
  now?: () => number
}) {
  const now = options.now ?? Date.now
  const outbound = options.outbound ?? processOutbound
  const fetchFor = (connection: SamlConnection): OutboundFetch =>
    options.fetch ??
    outbound.fetch({
      allowPrivateNetwork: connection.dangerouslyAllowPrivateNetwork,
      timeoutMs: connection.timeoutSeconds * 1000,
    })
  const cache = new Map<string, { at: number; version: number; idp: IdpDescriptor }>()
  const inflight = new Map<string, Promise<IdpDescriptor>>()

  async function download(connection: SamlConnection): Promise<IdpDescriptor> {
    const url = connection.idpMetadataUrl as string
    if (connection.dangerouslyAllowHttpMetadataUrl) {
      options.logger.warn('dangerouslyAllowHttpMetadataUrl is on', { connection: connection.id })
    }
    const response = await fetchFor(connection)(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(connection.timeoutSeconds * 1000),
      headers: { Accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    })
    if (response.status !== 200) throw new Error(`metadata answered ${response.status}`)
    const declared = Number(response.headers.get('Content-Length') ?? 0)
    if (declared > MAX_METADATA_BYTES) throw new Error('metadata too large')
    const body = await response.text()
    if (Buffer.byteLength(body) > MAX_METADATA_BYTES) throw new Error('metadata too large')
    return parseIdpMetadata(body, connection.idpEntityId)
  }

  async function fromUrl(connection: SamlConnection): Promise<IdpDescriptor> {
    const cached = cache.get(connection.id)
    const fresh = cached && cached.version === connection.updatedAt
    if (fresh && now() - cached.at < METADATA_TTL_MS) return cached.idp
    let pending = inflight.get(connection.id)
    if (!pending) {
      pending = download(connection).finally(() => inflight.delete(connection.id))
      inflight.set(connection.id, pending)
    }
    try {
      const idp = await pending
      cache.set(connection.id, { at: now(), version: connection.updatedAt, idp })
      return idp
    } catch (error) {
      if (fresh && now() - cached.at < STALE_LIMIT_MS) {
        options.logger.warn('saml metadata refresh failed; using the last good copy', {
          connection: connection.id,
          error: (error as Error).name,
        })
        return cached.idp
      }
      const cause = error as Error
      const unreachable =
        isOutboundError(error) ||
        cause.name === 'TimeoutError' ||
        /fetch failed/.test(cause.message)
      throw new BridgeError(unreachable ? 'upstream_unavailable' : 'upstream_error', {
        message: `saml metadata of connection ${connection.id} unusable: ${cause.name} ${cause.message.slice(0, 120)}`,
        cause: error,
      })
    }
  }

  return {
    async resolve(connection: SamlConnection): Promise<ResolvedIdp> {
      const metadata: IdpDescriptor = connection.idpMetadata
        ? parseIdpMetadata(connection.idpMetadata, connection.idpEntityId)
        : connection.idpMetadataUrl
          ? await fromUrl(connection)
          : { certs: [] }
      const ssoUrl = connection.entryPoint ?? metadata.ssoUrl
      const certs = connection.idpCert.length > 0 ? connection.idpCert : metadata.certs
      if (!ssoUrl || certs.length === 0) {
        throw new BridgeError('upstream_error', {
          message: `saml connection ${connection.id} has no SSO URL or no certificate`,
        })
      }
      return { entityId: connection.idpEntityId ?? metadata.entityId, ssoUrl, certs }
    },
  }
}

export type IdpResolver = ReturnType<typeof createIdpResolver>
