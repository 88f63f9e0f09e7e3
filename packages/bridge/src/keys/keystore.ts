/**
 * The bridge's own asymmetric signing keys. Private keys live sealed in storage so every bridge
 * process signs with the same key; the `kid` is the RFC 7638 thumbprint. One key per algorithm
 * is active. Rotation publishes the next key first (`pending`), makes it sign once sites have had
 * time to fetch it, and keeps the old one published (`retired`) until every token it signed has
 * expired; then its record expires.
 */
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose'
import type { Storage } from '../storage/types.js'
import { MAX_TOKEN_LIFETIME_SECONDS } from './max-token-lifetime.js'
import type { SecretBox } from './secret-box.js'

export type AsymmetricAlgorithm = 'ES256' | 'RS256' | 'EdDSA'
export const asymmetricAlgorithms: readonly AsymmetricAlgorithm[] = ['ES256', 'RS256', 'EdDSA']

export type KeyStatus = 'pending' | 'active' | 'retired'

interface StoredKey {
  kid: string
  alg: AsymmetricAlgorithm
  publicJwk: JWK
  privateSealed: string
  createdAt: number
  status: KeyStatus
  /** Pending keys: when they start signing. */
  activatesAt?: number
  /** Retired keys: when they stopped signing, and when they leave the JWKS. */
  retiredAt?: number
  unpublishAt?: number
}

/** What an admin sees of a key: never the private part. */
export type KeyInfo = Omit<StoredKey, 'privateSealed' | 'publicJwk'>

export interface PrivateSigningJwk {
  kid: string
  alg: AsymmetricAlgorithm
  status: 'active' | 'retired'
  jwk: JWK
}

export interface SigningKey {
  kid: string
  alg: AsymmetricAlgorithm
  key: CryptoKey
}

export interface Keystore {
  /** The active key for an algorithm, created on first use. */
  signingKey(alg: AsymmetricAlgorithm): Promise<SigningKey>
  /** Public keys of every published key, for /.well-known/jwks.json. */
  jwks(): Promise<{ keys: JWK[] }>
  /** Every stored key, newest first. */
  list(): Promise<KeyInfo[]>
  /**
   * Private JWKs of the active key of every algorithm (created on first use) and of the retired
   * ones still published: for the OpenID Provider, which signs with the same keys.
   */
  privateSigningJwks(): Promise<PrivateSigningJwk[]>
  /**
   * Publishes a new key for `alg` that starts signing `activateAfterSeconds` from now (at least
   * the JWKS cache lifetime, so sites have it before the first token). Refused while one is
   * already pending.
   */
  rotate(alg: AsymmetricAlgorithm, activateAfterSeconds?: number): Promise<KeyInfo>
}

const KEYS = 'signing-key'
const ACTIVE = 'signing-key-active'
const NEXT = 'signing-key-next'

// Keys by kid; the active and the pending key of each algorithm by alg → kid.
declare module '../storage/types.js' {
  interface StorageRecords {
    [KEYS]: StoredKey
    [ACTIVE]: string
    [NEXT]: string
  }
}

// Other processes may rotate keys; re-read the active pointer this often.
const ACTIVE_CACHE_MS = 30_000
/** The JWKS route's `max-age`: a pending key is published at least this long before it signs. */
export const JWKS_MAX_AGE_SECONDS = 300
export const DEFAULT_ACTIVATE_AFTER_SECONDS = 2 * JWKS_MAX_AGE_SECONDS
export const MAX_ACTIVATE_AFTER_SECONDS = 30 * 24 * 3600
// A retired key may still sign in a process that cached it as active, then its tokens live on.
const RETIRED_PUBLISHED_SECONDS = ACTIVE_CACHE_MS / 1000 + MAX_TOKEN_LIFETIME_SECONDS + 60

const info = ({ privateSealed: _, publicJwk: __, ...rest }: StoredKey): KeyInfo => rest

export function createKeystore(storage: Storage, box: SecretBox, now = Date.now): Keystore {
  const imported = new Map<string, Promise<CryptoKey>>()
  const active = new Map<AsymmetricAlgorithm, { kid: string; readAt: number }>()

  const sealContext = (kid: string) => `signing-key:${kid}`

  async function generate(alg: AsymmetricAlgorithm, status: KeyStatus): Promise<StoredKey> {
    const { publicKey, privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    })
    const publicJwk = await exportJWK(publicKey)
    const kid = await calculateJwkThumbprint(publicJwk)
    const privateJwk = await exportJWK(privateKey)
    return {
      kid,
      alg,
      publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
      privateSealed: box.seal(JSON.stringify(privateJwk), sealContext(kid)),
      createdAt: now(),
      status,
    }
  }

  async function create(alg: AsymmetricAlgorithm): Promise<string> {
    const record = await generate(alg, 'active')
    const { kid } = record
    await storage.set(KEYS, kid, record)
    if (await storage.add(ACTIVE, alg, kid)) return kid
    // Another process created the first key at the same time; use theirs.
    await storage.delete(KEYS, kid)
    const winner = await storage.get(ACTIVE, alg)
    if (!winner) throw new Error(`no active ${alg} key after a concurrent creation`)
    return winner
  }

  async function activeKid(alg: AsymmetricAlgorithm): Promise<string> {
    const cached = active.get(alg)
    if (cached && now() - cached.readAt < ACTIVE_CACHE_MS) return cached.kid
    const current = await storage.get(ACTIVE, alg)
    const kid = current ? await promoteIfDue(alg, current) : await create(alg)
    active.set(alg, { kid, readAt: now() })
    return kid
  }

  /** Makes a pending key active once its time has come; of several processes, one does it. */
  async function promoteIfDue(alg: AsymmetricAlgorithm, current: string): Promise<string> {
    const nextKid = await storage.get(NEXT, alg)
    if (!nextKid) return current
    const next = await storage.get(KEYS, nextKid)
    if (next && now() < (next.activatesAt ?? 0)) return current
    if ((await storage.consume(NEXT, alg)) !== nextKid) {
      return (await storage.get(ACTIVE, alg)) ?? current
    }
    if (!next) return current
    const at = now()
    await storage.set(KEYS, nextKid, { ...next, status: 'active' })
    await storage.set(ACTIVE, alg, nextKid)
    const old = await storage.get(KEYS, current)
    if (old && current !== nextKid) {
      const retired: StoredKey = {
        ...old,
        status: 'retired',
        retiredAt: at,
        unpublishAt: at + RETIRED_PUBLISHED_SECONDS * 1000,
      }
      // The record expires with its publication: nothing it signed is still alive by then.
      await storage.set(KEYS, current, retired, RETIRED_PUBLISHED_SECONDS)
    }
    active.set(alg, { kid: nextKid, readAt: at })
    return nextKid
  }

  function importPrivate(kid: string): Promise<CryptoKey> {
    let key = imported.get(kid)
    if (!key) {
      key = (async () => {
        const record = await storage.get(KEYS, kid)
        if (!record) throw new Error(`signing key ${kid} is missing from storage`)
        const jwk = JSON.parse(box.open(record.privateSealed, sealContext(kid))) as JWK
        return (await importJWK(jwk, record.alg)) as CryptoKey
      })()
      // A failed import must not be cached forever.
      key.catch(() => imported.delete(kid))
      imported.set(kid, key)
    }
    return key
  }

  return {
    async signingKey(alg) {
      const kid = await activeKid(alg)
      return { kid, alg, key: await importPrivate(kid) }
    },
    async jwks() {
      const records = await storage.list(KEYS)
      return { keys: records.map((record) => record.value.publicJwk) }
    },
    async privateSigningJwks() {
      const open = (record: StoredKey) =>
        JSON.parse(box.open(record.privateSealed, sealContext(record.kid))) as JWK
      const activeKids = new Set(
        await Promise.all(asymmetricAlgorithms.map((alg) => activeKid(alg))),
      )
      const records = await storage.list(KEYS)
      return records
        .filter((r) => activeKids.has(r.key) || r.value.status === 'retired')
        .map(({ value }) => ({
          kid: value.kid,
          alg: value.alg,
          status: activeKids.has(value.kid) ? ('active' as const) : ('retired' as const),
          jwk: open(value),
        }))
    },
    async list() {
      // Promotions happen lazily on signing; a listing should show the state tokens see.
      for (const alg of asymmetricAlgorithms) {
        const current = await storage.get(ACTIVE, alg)
        if (current) await promoteIfDue(alg, current)
      }
      const records = await storage.list(KEYS)
      return records.map((r) => info(r.value)).sort((a, b) => b.createdAt - a.createdAt)
    },
    async rotate(alg, activateAfterSeconds = DEFAULT_ACTIVATE_AFTER_SECONDS) {
      if (
        !Number.isInteger(activateAfterSeconds) ||
        activateAfterSeconds < JWKS_MAX_AGE_SECONDS ||
        activateAfterSeconds > MAX_ACTIVATE_AFTER_SECONDS
      ) {
        throw new RangeError(
          `activateAfterSeconds must be ${JWKS_MAX_AGE_SECONDS} to ${MAX_ACTIVATE_AFTER_SECONDS}`,
        )
      }
      await activeKid(alg) // there is always an active key to rotate away from
      const record = {
        ...(await generate(alg, 'pending')),
        activatesAt: now() + activateAfterSeconds * 1000,
      }
      await storage.set(KEYS, record.kid, record)
      if (!(await storage.add(NEXT, alg, record.kid))) {
        await storage.delete(KEYS, record.kid)
        throw new KeyRotationPendingError(alg)
      }
      return info(record)
    },
  }
}

export class KeyRotationPendingError extends Error {
  constructor(readonly alg: AsymmetricAlgorithm) {
    super(`a rotation of the ${alg} key is already pending`)
  }
}
