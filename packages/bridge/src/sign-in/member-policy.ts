/**
 * What a local connection lets its visitors do for themselves (docs/members.md), and the checks
 * every member form's input passes before anything is looked up or stored.
 */
import type { LocalConnection } from '../domain/connections.js'
import { checkRecipient } from '../email/address.js'
import { BridgeError } from '../errors.js'

export const MIN_PASSWORD = 8
export const MAX_PASSWORD = 256
export const MAX_NAME = 128

export interface Passwordless {
  code: boolean
  link: boolean
}

export function passwordlessOf(connection: LocalConnection): Passwordless {
  const mode = connection.passwordless ?? 'off'
  return { code: mode === 'code' || mode === 'both', link: mode === 'link' || mode === 'both' }
}

export const signupOpen = (connection: LocalConnection) => (connection.signup ?? 'off') !== 'off'

/** The address as a sign-up or an email form may take it: one we would send to. */
export function memberAddress(raw: string): string {
  const email = raw.trim()
  try {
    return checkRecipient(email)
  } catch {
    throw new BridgeError('invalid_request', { reason: 'email_address_invalid' })
  }
}

/** Sign-up is open to this address: on, and of an allowed domain where the admin names some. */
export function assertSignupAllowed(connection: LocalConnection, email: string): void {
  const policy = connection.signup ?? 'off'
  if (policy === 'off')
    throw new BridgeError('signup_refused', { reason: 'signup_off', message: 'sign-up is off' })
  if (policy === 'open') return
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase()
  if (!policy.domains.some((allowed) => allowed.toLowerCase() === domain))
    throw new BridgeError('signup_refused', {
      reason: 'signup_domain_refused',
      message: `sign-up refused for the domain ${domain}`,
      say: { key: 'error.say.signupDomains', vars: { domains: policy.domains.join(', ') } },
    })
}

/** The rules an admin-set password already follows (argon2id hashes whatever passes). */
export function checkNewPassword(password: string): string {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD)
    throw new BridgeError('invalid_request', { reason: 'password_rules' })
  return password
}

/** A display name: trimmed, no control characters (it reaches email bodies and tokens). */
export function memberName(raw: string | undefined): string | undefined {
  const name = raw?.trim()
  if (!name) return undefined
  // eslint-disable-next-line no-control-regex
  if (name.length > MAX_NAME || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name))
    throw new BridgeError('invalid_request', {
      reason: 'parameter_invalid',
      say: { key: 'error.say.nameRule', vars: { max: MAX_NAME } },
    })
  return name
}
