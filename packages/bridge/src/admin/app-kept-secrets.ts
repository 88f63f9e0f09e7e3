/**
 * Secrets are write-only to admins: an edit that leaves one out keeps the stored one. This fills
 * them back into an app's input before it is validated: the shared secret (HS256, HS512, or a
 * preset's `signing` with no `alg`), the private key a platform issued, and the platform's API
 * token.
 */
import {
  appApiTokenContext,
  appPrivateKeyContext,
  appSecretContext,
  type App,
} from '../domain/apps.js'
import { presetNames, type PresetName } from '../domain/app-integration.js'
import { presets } from '../domain/presets.js'
import type { SecretBox } from '../keys/secret-box.js'

type Input = Record<string, unknown>

const isObject = (value: unknown): value is Input =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const presetOf = (input: Input) =>
  presetNames.find((name): name is PresetName => name === input.preset)

/** The kind of key the input asks for when it gives none: what a stored one may stand in for. */
function wantedKey(signing: Input, preset: PresetName | undefined) {
  if (signing.secret !== undefined || signing.privateKey !== undefined) return undefined
  if (signing.alg === 'HS256' || signing.alg === 'HS512') return 'secret'
  if (!preset) return undefined
  const key = presets[preset].key
  if (key === 'secret' && signing.alg === undefined) return 'secret'
  if (key === 'platform-eddsa' && (signing.alg === undefined || signing.alg === 'EdDSA'))
    return 'private-key'
  return undefined
}

export function keptSecrets(
  box: SecretBox,
  input: Input,
  existing: App | undefined,
): { signing?: Input; platform?: Input } {
  if (!existing) return {}
  const kept: { signing?: Input; platform?: Input } = {}
  const preset = presetOf(input)
  const signing = input.signing
  const wanted = isObject(signing) ? wantedKey(signing, preset) : undefined
  if (isObject(signing) && wanted === 'secret' && existing.signing.alg === 'HS256')
    kept.signing = {
      ...signing,
      secret: box.open(existing.signing.secretSealed, appSecretContext(existing.id)),
    }
  if (
    isObject(signing) &&
    wanted === 'private-key' &&
    existing.signing.alg !== 'HS256' &&
    existing.signing.privateKeySealed
  )
    kept.signing = {
      ...signing,
      privateKey: box.open(existing.signing.privateKeySealed, appPrivateKeyContext(existing.id)),
    }
  // Only where the preset reads one: kept for another, it would be refused as not its setting.
  const platform = input.platform
  const sealedToken = existing.platform?.apiTokenSealed
  if (
    preset === 'bigcommerce' &&
    isObject(platform) &&
    platform.apiToken === undefined &&
    sealedToken
  )
    kept.platform = {
      ...platform,
      apiToken: box.open(sealedToken, appApiTokenContext(existing.id)),
    }
  return kept
}
