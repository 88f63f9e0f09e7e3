/**
 * What an admin copies into the platform behind a preset app: the sign-in URL the platform sends
 * visitors to, and for a platform that holds the bridge's key (Freshworks) its public half as PEM.
 */
import { presets } from '../domain/presets.js'
import type { PublicApp } from '../domain/public-records.js'
import { activePublicKeyPem } from '../keys/public-key-pem.js'
import type { AdminDeps } from './context.js'

export interface PlatformSetup {
  /** `<issuer>/authorize?app=<id>`: the platform appends its own parameters. */
  signInUrl?: string
  /** The bridge's active RS256 public key (SPKI PEM), for a `bridge-rs256` preset. */
  publicKeyPem?: string
}

export async function platformSetup(deps: AdminDeps, app: PublicApp): Promise<PlatformSetup> {
  if (!app.preset) return {}
  const signInUrl = `${deps.issuer}/authorize?app=${encodeURIComponent(app.id)}`
  if (presets[app.preset].key !== 'bridge-rs256') return { signInUrl }
  return { signInUrl, publicKeyPem: await activePublicKeyPem(deps.keystore, 'RS256') }
}
