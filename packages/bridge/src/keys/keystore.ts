/**
 * The bridge's own asymmetric signing keys. Private keys live sealed in storage so every bridge
 * process signs with the same key; the `kid` is the RFC 7638 thumbprint. One key per algorithm
 * is active; published keys stay in the JWKS (rotation builds on the `status` field).
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
import type { SecretBox } from './secret-box.js'

export type AsymmetricAlgorithm = 'ES256' | 'RS256' | 'EdDSA'
export const asymmetricAlgorithms: readonly AsymmetricAlgorithm[] = ['ES256', 'RS256', 'EdDSA']

interface StoredKey {
  kid: string
  alg: AsymmetricAlgorithm
  publicJwk: JWK
  privateSealed: string
  createdAt: number
  status: 'active' | 'retired'
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
}

const KEYS = 'signing-key'
const ACTIVE = 'signing-key-active'
// Other processes may rotate keys; re-read the active pointer this often.
const ACTIVE_CACHE_MS = 30_000

export function createKeystore(storage: Storage, box: SecretBox, now = Date.now): Keystore {
  const imported = new Map<string, Promise<CryptoKey>>()
  const active = new Map<AsymmetricAlgorithm, { kid: string; readAt: number }>()

  const sealContext = (kid: string) => `signing-key:${kid}`

  async function create(alg: AsymmetricAlgorithm): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    })
    const publicJwk = await exportJWK(publicKey)
    const kid = await calculateJwkThumbprint(publicJwk)
    const privateJwk = await exportJWK(privateKey)
    const record: StoredKey = {
      kid,
      alg,
      publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
      privateSealed: box.seal(JSON.stringify(privateJwk), sealContext(kid)),
      createdAt: now(),
      status: 'active',
    }
    await storage.set(KEYS, kid, record as never)
    if (await storage.add(ACTIVE, alg, kid)) return kid
    // Another process created the first key at the same time; use theirs.
    await storage.delete(KEYS, kid)
    const winner = await storage.get<string>(ACTIVE, alg)
    if (!winner) throw new Error(`no active ${alg} key after a concurrent creation`)
    return winner
  }

  async function activeKid(alg: AsymmetricAlgorithm): Promise<string> {
    const cached = active.get(alg)
    if (cached && now() - cached.readAt < ACTIVE_CACHE_MS) return cached.kid
    const kid = (await storage.get<string>(ACTIVE, alg)) ?? (await create(alg))
    active.set(alg, { kid, readAt: now() })
    return kid
  }

  function importPrivate(kid: string): Promise<CryptoKey> {
    let key = imported.get(kid)
    if (!key) {
      key = (async () => {
        const record = await storage.get<StoredKey>(KEYS, kid)
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
      const records = await storage.list<StoredKey>(KEYS)
      return { keys: records.map((record) => record.value.publicJwk) }
    },
  }
}
