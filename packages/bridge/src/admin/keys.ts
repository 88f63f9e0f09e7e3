/** Signing keys for the console, the API and the CLI: list them, and schedule a rotation. */
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { BridgeError } from '../errors.js'
import {
  asymmetricAlgorithms,
  DEFAULT_ACTIVATE_AFTER_SECONDS,
  JWKS_MAX_AGE_SECONDS,
  KeyRotationPendingError,
  MAX_ACTIVATE_AFTER_SECONDS,
  type AsymmetricAlgorithm,
  type KeyInfo,
} from '../keys/keystore.js'
import type { AdminDeps } from './context.js'
import { conflict, fieldError } from './input.js'

export function keyService(deps: AdminDeps) {
  const now = deps.now ?? Date.now
  return {
    list: (): Promise<KeyInfo[]> => deps.keystore.list(),

    /**
     * Publishes a new key for `alg` now; it signs after `activateAfterSeconds`, and the key it
     * replaces stays published until the last token it signed has expired.
     */
    async rotate(
      actor: Actor,
      alg: unknown,
      activateAfterSeconds: unknown = DEFAULT_ACTIVATE_AFTER_SECONDS,
    ): Promise<KeyInfo> {
      if (!asymmetricAlgorithms.includes(alg as AsymmetricAlgorithm))
        throw fieldError('alg', `must be one of ${asymmetricAlgorithms.join(', ')}`)
      if (
        typeof activateAfterSeconds !== 'number' ||
        !Number.isInteger(activateAfterSeconds) ||
        activateAfterSeconds < JWKS_MAX_AGE_SECONDS ||
        activateAfterSeconds > MAX_ACTIVATE_AFTER_SECONDS
      ) {
        throw fieldError(
          'activateAfterSeconds',
          `must be an integer from ${JWKS_MAX_AGE_SECONDS} (the JWKS cache lifetime) to ${MAX_ACTIVATE_AFTER_SECONDS}`,
        )
      }
      let key: KeyInfo
      try {
        key = await deps.keystore.rotate(alg as AsymmetricAlgorithm, activateAfterSeconds)
      } catch (error) {
        if (error instanceof KeyRotationPendingError)
          throw conflict(`A rotation of the ${String(alg)} key is already pending.`)
        throw new BridgeError('server_error', { message: 'key rotation failed', cause: error })
      }
      await recordAudit(
        deps.storage,
        {
          event: 'key.rotation_scheduled',
          actor,
          target: { type: 'signing_key', id: key.kid },
          after: key,
        },
        now(),
      )
      return key
    },
  }
}

export type KeyService = ReturnType<typeof keyService>
