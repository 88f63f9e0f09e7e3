/** The WebAuthn options the sign-in pages carry, and the error shown after a failed ceremony. */
import { BridgeError } from '../errors.js'
import { listPasskeys } from '../mfa/passkeys.js'
import { relyingParty, startAuthentication, startRegistration } from '../mfa/webauthn.js'
import type { User } from '../domain/users.js'
import type { BridgeServices } from './env.js'

/** Shown on the page the browser is sent back to (`?passkey=failed`). */
export const passkeyFailed = () =>
  new BridgeError('invalid_credentials', {
    reason: 'passkey_refused',
    message: 'passkey refused',
    say: { key: 'error.say.passkeyFailed' },
  })

/** Options for the login page's passkey button: any discoverable passkey of this site. */
export const passkeySignInOptions = (services: BridgeServices, txId: string) =>
  startAuthentication(services.storage, relyingParty(services.settings.issuer), {
    binding: { purpose: 'sign-in', tx: txId },
  })

/** Options for the MFA challenge page, when the user has passkeys. */
export async function passkeyChallengeOptions(services: BridgeServices, txId: string, user: User) {
  const allow = await listPasskeys(services.storage, user.id)
  if (allow.length === 0) return undefined
  return startAuthentication(services.storage, relyingParty(services.settings.issuer), {
    binding: { purpose: 'second-factor', tx: txId, userId: user.id },
    allow,
  })
}

/** Options for the MFA enrolment page's "Set up a passkey". */
export const passkeyEnrolmentOptions = (services: BridgeServices, txId: string, user: User) =>
  startRegistration(services.storage, relyingParty(services.settings.issuer), {
    user,
    binding: { purpose: 'enrol', tx: txId, userId: user.id },
  })
