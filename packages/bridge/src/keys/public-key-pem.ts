/**
 * The public half of the bridge's active key for an algorithm as SPKI PEM: what an admin pastes
 * into a platform that holds a key instead of reading the JWKS (Freshworks' custom JWT SSO).
 */
import { exportSPKI, importJWK, type CryptoKey } from 'jose'
import type { AsymmetricAlgorithm, Keystore } from './keystore.js'

export async function activePublicKeyPem(
  keystore: Keystore,
  alg: AsymmetricAlgorithm,
): Promise<string> {
  const { kid } = await keystore.signingKey(alg)
  const jwk = (await keystore.jwks()).keys.find((key) => key.kid === kid)
  if (!jwk) throw new Error(`the active ${alg} key ${kid} is not published`)
  const key = (await importJWK({ ...jwk, ext: true }, alg)) as CryptoKey
  return exportSPKI(key)
}
