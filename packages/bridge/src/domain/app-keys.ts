/** The key an app's tokens are signed with: its HS256 secret, or the bridge's key for its alg. */
import { importPKCS8, type CryptoKey } from 'jose'
import type { Keystore } from '../keys/keystore.js'
import type { SecretBox } from '../keys/secret-box.js'
import { appPrivateKeyContext, appSecretContext, type App } from './apps.js'

export interface AppKey {
  key: CryptoKey | Uint8Array
  /** Set for the bridge's own (asymmetric) keys. */
  kid?: string
  /** The JWT algorithm: HS256 (or a preset's HS512) over a secret, or the key's own. */
  alg: string
}

export type AppKeys = (app: App) => Promise<AppKey>

export function createAppKeys(options: { keystore: Keystore; box: SecretBox }): AppKeys {
  // Keyed by the sealed value itself, so a rotated secret is picked up without any invalidation.
  const secrets = new Map<string, Uint8Array>()
  const platformKeys = new Map<string, CryptoKey>()
  return async function appKey(app) {
    if (app.signing.alg === 'HS256') {
      const sealed = app.signing.secretSealed
      let key = secrets.get(sealed)
      if (!key) {
        key = new TextEncoder().encode(options.box.open(sealed, appSecretContext(app.id)))
        if (secrets.size > 1000) secrets.clear()
        secrets.set(sealed, key)
      }
      return { key, alg: app.tokenAlg ?? 'HS256' }
    }
    const sealed = app.signing.privateKeySealed
    if (sealed) {
      let key = platformKeys.get(sealed)
      if (!key) {
        const pem = options.box.open(sealed, appPrivateKeyContext(app.id))
        key = await importPKCS8(pem, app.signing.alg)
        if (platformKeys.size > 1000) platformKeys.clear()
        platformKeys.set(sealed, key)
      }
      return { key, alg: app.signing.alg }
    }
    const { key, kid } = await options.keystore.signingKey(app.signing.alg)
    return { key, kid, alg: app.signing.alg }
  }
}
