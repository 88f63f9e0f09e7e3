/**
 * HS256 secret rotation with a grace period: the bridge signs with the new secret at once, and the
 * app record remembers the old one and until when sites may still accept it, so that a site can
 * add the new secret next to the old, then drop the old.
 */
import type { SecretBox } from '../keys/secret-box.js'
import { appSecretContext, type App } from './apps.js'

export const DEFAULT_SECRET_GRACE_SECONDS = 24 * 60 * 60
export const MAX_SECRET_GRACE_SECONDS = 7 * 24 * 60 * 60

/** The app with `secretSealed` as its secret, the one it replaces kept for `graceSeconds`. */
export function rotatedSecret(
  app: App,
  secretSealed: string,
  graceSeconds: number,
  now: number,
): App {
  if (app.signing.alg !== 'HS256') throw new Error(`app ${app.id} has no HS256 secret`)
  const signing =
    graceSeconds > 0
      ? {
          alg: 'HS256' as const,
          secretSealed,
          previousSecretSealed: app.signing.secretSealed,
          graceUntil: now + graceSeconds * 1000,
        }
      : { alg: 'HS256' as const, secretSealed }
  return { ...app, signing, updatedAt: now }
}

/**
 * Carries a grace period over an edit that keeps the secret: `after` is the record an update
 * wrote, `existing` the one it replaced. A new secret, or a grace period over, ends it.
 */
export function keepPreviousSecret(after: App, existing: App | undefined, now: number): App {
  const before = existing?.signing
  if (after.signing.alg !== 'HS256' || before?.alg !== 'HS256') return after
  if (!before.previousSecretSealed || (before.graceUntil ?? 0) <= now) return after
  return {
    ...after,
    signing: {
      ...after.signing,
      previousSecretSealed: before.previousSecretSealed,
      graceUntil: before.graceUntil,
    },
  }
}

/** The secrets a token of this app may be signed with now: the current one first. */
export function acceptedAppSecrets(box: SecretBox, app: App, now: number): string[] {
  if (app.signing.alg !== 'HS256') return []
  const { secretSealed, previousSecretSealed, graceUntil } = app.signing
  const context = appSecretContext(app.id)
  const current = box.open(secretSealed, context)
  if (!previousSecretSealed || (graceUntil ?? 0) <= now) return [current]
  return [current, box.open(previousSecretSealed, context)]
}
