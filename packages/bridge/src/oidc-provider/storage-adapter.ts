/**
 * oidc-provider's persistence on the bridge's Storage, so that every bridge process shares its
 * sessions, codes, grants and tokens. Records are keyed by the SHA-256 of their id (a database
 * dump yields no live code, token or session); clients are the apps with `oidc` set.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider'
import { sha256 } from '../domain/secret-hash.js'
import type { Storage } from '../storage/types.js'

/** `grant id|namespace|key`: what revoking a grant deletes. */
const GRANT_INDEX = 'op-grant'
/** Session uid → hashed session id. */
const UID_INDEX = 'op-uid'
/** `model|hashed id`, claimed once: the atomic half of "a code or refresh token is used once". */
const CONSUMED = 'op-consumed'
/** JWT access tokens are not stored by oidc-provider; their jti is noted here, for revocation. */
export const JWT_ACCESS_TOKENS = 'op-jwt-at'

/** One namespace per oidc-provider model (`op:Session`, `op:AuthorizationCode`, …). */
type ModelNamespace = `op:${string}`
/** What the grant index points at: a model's record, or a JWT access token's note. */
type IndexedNamespace = ModelNamespace | typeof JWT_ACCESS_TOKENS

declare module '../storage/types.js' {
  interface StorageRecords {
    [GRANT_INDEX]: number
    [UID_INDEX]: string
    [CONSUMED]: number
    [JWT_ACCESS_TOKENS]: { accountId?: string }
    // Whatever oidc-provider hands `upsert`, of every model but Client (the apps are the clients).
    [model: ModelNamespace]: AdapterPayload
  }
}

const namespace = (model: string): ModelNamespace => `op:${model}`
const isIndexed = (ns: string): ns is IndexedNamespace =>
  ns === JWT_ACCESS_TOKENS || ns.startsWith('op:')
const epoch = () => Math.floor(Date.now() / 1000)
const ttlUntil = (exp: number | undefined) =>
  exp === undefined ? undefined : Math.max(1, exp - epoch())

export type ClientLookup = (clientId: string) => Promise<AdapterPayload | undefined>

export interface OpStore {
  adapter(model: string): Adapter
  /** Notes a JWT access token so that revoking its grant makes UserInfo refuse it. */
  rememberJwtAccessToken(
    jti: string,
    grantId: string | undefined,
    exp: number,
    accountId: string | undefined,
  ): Promise<void>
  /** The live JWT access token's account, or undefined once it expired or was revoked. */
  jwtAccessToken(jti: string): Promise<{ accountId?: string } | undefined>
  revokeGrant(grantId: string): Promise<void>
  /** Ends an OP session (and so the refresh tokens bound to it). */
  destroySessionByUid(uid: string): Promise<void>
}

export function createOpStore(storage: Storage, clients: ClientLookup): OpStore {
  async function index(
    grantId: string | undefined,
    ns: IndexedNamespace,
    key: string,
    ttl?: number,
  ) {
    if (grantId) await storage.set(GRANT_INDEX, `${grantId}|${ns}|${key}`, 1, ttl)
  }

  /** Deletes the grant and everything issued under it (codes, tokens of every kind). */
  async function revokeGrant(grantId: string): Promise<void> {
    await storage.delete(namespace('Grant'), sha256(grantId))
    const entries = await storage.list(GRANT_INDEX, { prefix: `${grantId}|` })
    await Promise.all(
      entries.map(async ({ key }) => {
        const [, ns = '', recordKey = ''] = key.split('|')
        // index() writes only these; anything else is no record of a grant's, so nothing to end.
        if (isIndexed(ns)) await storage.delete(ns, recordKey)
        await storage.delete(GRANT_INDEX, key)
      }),
    )
  }

  function adapter(model: string): Adapter {
    const ns = namespace(model)
    if (model === 'Client') {
      return {
        find: (id) => clients(id),
        upsert: () => Promise.reject(new Error('clients are the apps: edit them there')),
        findByUid: () => Promise.resolve(undefined),
        findByUserCode: () => Promise.resolve(undefined),
        consume: () => Promise.resolve(undefined),
        destroy: () => Promise.resolve(undefined),
        revokeByGrantId: () => Promise.resolve(undefined),
      }
    }
    return {
      async upsert(id, payload, expiresIn) {
        const key = sha256(id)
        await storage.set(ns, key, payload, expiresIn)
        await index(payload.grantId, ns, key, expiresIn)
        if (model === 'Session' && payload.uid)
          await storage.set(UID_INDEX, payload.uid, key, expiresIn)
      },
      async find(id) {
        return storage.get(ns, sha256(id))
      },
      async findByUid(uid) {
        const key = await storage.get(UID_INDEX, uid)
        return key ? storage.get(ns, key) : undefined
      },
      findByUserCode: () => Promise.resolve(undefined),
      async consume(id) {
        const key = sha256(id)
        const record = await storage.get(ns, key)
        // Loaded with the provider (oidc-provider is imported on first use, see openid-provider.ts).
        const { errors } = await import('oidc-provider')
        if (!record) throw new errors.InvalidGrant(`${model} not found`)
        const ttl = ttlUntil(record.exp)
        // Of two redemptions racing past oidc-provider's own `consumed` check, one wins here.
        if (!(await storage.add(CONSUMED, `${model}|${key}`, 1, ttl ?? 24 * 3600))) {
          if (record.grantId) await revokeGrant(record.grantId)
          throw new errors.InvalidGrant(`${model} already used`)
        }
        await storage.set(ns, key, { ...record, consumed: epoch() }, ttl)
      },
      async destroy(id) {
        await storage.delete(ns, sha256(id))
      },
      revokeByGrantId: revokeGrant,
    }
  }

  return {
    adapter,
    revokeGrant,
    async rememberJwtAccessToken(jti, grantId, exp, accountId) {
      const ttl = ttlUntil(exp)
      await storage.set(JWT_ACCESS_TOKENS, jti, accountId ? { accountId } : {}, ttl)
      await index(grantId, JWT_ACCESS_TOKENS, jti, ttl)
    },
    async destroySessionByUid(uid) {
      const key = await storage.consume(UID_INDEX, uid)
      if (key) await storage.delete(namespace('Session'), key)
    },
    jwtAccessToken: (jti) => storage.get(JWT_ACCESS_TOKENS, jti),
  }
}
