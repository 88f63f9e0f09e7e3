/**
 * The bridge's own SAML key per connection (signs AuthnRequests, decrypts assertions): made on
 * first use, its private half sealed at rest like every other secret. `add` makes concurrent
 * first uses on several processes agree on one key.
 */
import { connectionSecretContext } from '../domain/connections.js'
import type { SecretBox } from '../keys/secret-box.js'
import { generateCertifiedKeyPair, type CertifiedKeyPair } from '../keys/self-signed-certificate.js'
import type { Storage } from '../storage/types.js'

const SP_KEYS = 'saml-sp-key'

interface StoredSpKey {
  privateKeySealed: string
  certificate: string
  createdAt: number
}

// Keyed by connection id.
declare module '../storage/types.js' {
  interface StorageRecords {
    [SP_KEYS]: StoredSpKey
  }
}

export async function samlSpKey(
  storage: Storage,
  box: SecretBox,
  connectionId: string,
): Promise<CertifiedKeyPair> {
  const context = connectionSecretContext(connectionId, 'samlSpPrivateKey')
  let stored = await storage.get(SP_KEYS, connectionId)
  if (!stored) {
    const fresh = generateCertifiedKeyPair(`ssobridge SAML SP ${connectionId}`)
    const record: StoredSpKey = {
      privateKeySealed: box.seal(fresh.privateKey, context),
      certificate: fresh.certificate,
      createdAt: Date.now(),
    }
    if (await storage.add(SP_KEYS, connectionId, record)) return fresh
    // Another process stored its key first: that one is the connection's.
    stored = await storage.get(SP_KEYS, connectionId)
    if (!stored) throw new Error('SAML SP key lost during a concurrent first use')
  }
  return { privateKey: box.open(stored.privateKeySealed, context), certificate: stored.certificate }
}
