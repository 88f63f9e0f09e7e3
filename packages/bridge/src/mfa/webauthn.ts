/**
 * WebAuthn ceremonies via @simplewebauthn/server. Every challenge is stored (5 min, single use:
 * consumed before the response is verified) together with what it was issued for, so a response
 * only counts for the same purpose, login transaction or session, and user.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { z } from 'zod'
import type { User } from '../domain/users.js'
import type { Storage } from '../storage/types.js'
import {
  addPasskey,
  findPasskey,
  getPasskey,
  listPasskeys,
  MAX_PASSKEYS_PER_USER,
  savePasskey,
  type Passkey,
} from './passkeys.js'

// Loaded on the first ceremony: ~16 MB a bridge without passkey users never needs to hold.
const simplewebauthn = () => import('@simplewebauthn/server')

const CHALLENGES = 'webauthn-challenge'
export const CHALLENGE_TTL_SECONDS = 5 * 60

export interface RelyingParty {
  /** The issuer's host name: passkeys are scoped to it. */
  id: string
  /** The issuer's origin: the only one a response may come from. */
  origin: string
  name: string
}

export function relyingParty(issuer: string): RelyingParty {
  const url = new URL(issuer)
  return { id: url.hostname, origin: url.origin, name: url.host }
}

/** What a challenge was issued for; a response must come back to exactly the same thing. */
export type CeremonyBinding =
  /** Enrolment during a sign-in, after the first factor (MFA enrolment page). */
  | { purpose: 'enrol'; tx: string; userId: string }
  /** The second factor of a sign-in. */
  | { purpose: 'second-factor'; tx: string; userId: string }
  /** Passwordless sign-in from the login page: the user is whoever the passkey belongs to. */
  | { purpose: 'sign-in'; tx: string }
  /** Adding a passkey on the account page, from a live session (SHA-256 of its cookie). */
  | { purpose: 'account'; session: string; userId: string }

// Keyed by the challenge, consumed before the response is verified.
declare module '../storage/types.js' {
  interface StorageRecords {
    [CHALLENGES]: CeremonyBinding
  }
}

export type PasskeyFailure =
  | 'malformed'
  | 'challenge' // unknown, expired, used, or issued for something else
  | 'unknown_credential' // not registered, or not this user's
  | 'verification' // signature, origin, RP ID, flags or counter
  | 'duplicate'
  | 'too_many'

export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: PasskeyFailure; detail?: string }

/** The amr of a passkey: device-bound keys are hardware keys, syncable ones software keys. */
export const passkeyMethod = (passkey: Pick<Passkey, 'deviceType'>): 'hwk' | 'swk' =>
  passkey.deviceType === 'singleDevice' ? 'hwk' : 'swk'

/** The user handle stored in discoverable credentials: the user id, never an email. */
const userHandle = (userId: string) => Buffer.from(userId, 'utf8').toString('base64url')

// Inputs from the browser, checked before anything reads them.
const MAX_RESPONSE_CHARS = 16 * 1024
const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/)
const credentialId = b64url(1366).min(1)
const common = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
}
const registrationSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(12 * 1024),
    transports: z.array(z.string().max(32)).max(8).optional(),
  }),
})
const authenticationSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(128).optional(),
  }),
})

function parseJson<T extends z.ZodType>(schema: T, text: string): z.output<T> | undefined {
  if (text.length > MAX_RESPONSE_CHARS) return undefined
  try {
    const result = schema.safeParse(JSON.parse(text))
    return result.success ? result.data : undefined
  } catch {
    return undefined
  }
}

export const parseRegistrationResponse = (text: string) =>
  parseJson(registrationSchema, text) as RegistrationResponseJSON | undefined
export const parseAuthenticationResponse = (text: string) =>
  parseJson(authenticationSchema, text) as AuthenticationResponseJSON | undefined

async function issueChallenge(storage: Storage, challenge: string, binding: CeremonyBinding) {
  await storage.set(CHALLENGES, challenge, binding, CHALLENGE_TTL_SECONDS)
}

/** The challenge the browser signed, consumed: true only once, and only for the same binding. */
async function claimChallenge(
  storage: Storage,
  clientDataJSON: string,
  binding: CeremonyBinding,
): Promise<string | undefined> {
  let challenge: unknown
  try {
    challenge = (
      JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as {
        challenge?: unknown
      }
    ).challenge
  } catch {
    return undefined
  }
  if (typeof challenge !== 'string' || challenge.length < 16 || challenge.length > 128)
    return undefined
  const issued = await storage.consume(CHALLENGES, challenge)
  if (!issued || !sameBinding(issued, binding)) return undefined
  return challenge
}

function sameBinding(a: CeremonyBinding, b: CeremonyBinding): boolean {
  const fields = ['purpose', 'tx', 'userId', 'session'] as const
  return fields.every(
    (f) => (a as Record<string, unknown>)[f] === (b as Record<string, unknown>)[f],
  )
}

/** simplewebauthn's messages quote the values they compared; the log gets them without. */
const detailOf = (error: unknown) =>
  error instanceof Error ? error.message.replace(/"[^"]*"/g, '"…"').slice(0, 160) : 'unknown'

export async function startRegistration(
  storage: Storage,
  rp: RelyingParty,
  input: { user: User; binding: CeremonyBinding },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(storage, input.user.id)
  const options = await (
    await simplewebauthn()
  ).generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: new TextEncoder().encode(input.user.id),
    userName: input.user.email || input.user.id,
    userDisplayName: input.user.name ?? input.user.email,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    attestationType: 'none',
    // The same authenticator twice is refused by the browser itself.
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    // Discoverable when the authenticator can (then it also signs in without a password).
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  })
  await issueChallenge(storage, options.challenge, input.binding)
  return options
}

export async function finishRegistration(
  storage: Storage,
  rp: RelyingParty,
  input: { response: RegistrationResponseJSON; binding: CeremonyBinding & { userId: string } },
  details: Pick<Passkey, 'name' | 'addedInSession'>,
  now = Date.now(),
): Promise<Outcome<{ passkey: Passkey }>> {
  const { response, binding } = input
  const challenge = await claimChallenge(storage, response.response.clientDataJSON, binding)
  if (!challenge) return { ok: false, reason: 'challenge' }
  if ((await listPasskeys(storage, binding.userId)).length >= MAX_PASSKEYS_PER_USER)
    return { ok: false, reason: 'too_many' }
  let verified
  try {
    verified = await (
      await simplewebauthn()
    ).verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // A second factor on top of a password: presence is enough, verification is a bonus.
      requireUserVerification: false,
    })
  } catch (error) {
    return { ok: false, reason: 'verification', detail: detailOf(error) }
  }
  if (!verified.verified) return { ok: false, reason: 'verification' }
  const info = verified.registrationInfo
  const passkey: Passkey = {
    id: info.credential.id,
    userId: binding.userId,
    ...details,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: response.response.transports,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    aaguid: info.aaguid,
    createdAt: now,
  }
  if (!(await addPasskey(storage, passkey))) return { ok: false, reason: 'duplicate' }
  return { ok: true, passkey }
}

export async function startAuthentication(
  storage: Storage,
  rp: RelyingParty,
  input: { binding: CeremonyBinding; allow?: Passkey[] },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await (
    await simplewebauthn()
  ).generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    // Empty for a passwordless sign-in: the authenticator offers its discoverable credentials.
    allowCredentials: (input.allow ?? []).map((p) => ({ id: p.id, transports: p.transports })),
    // Without a password the passkey must verify the user itself (PIN or biometrics).
    userVerification: input.binding.purpose === 'sign-in' ? 'required' : 'preferred',
  })
  await issueChallenge(storage, options.challenge, input.binding)
  return options
}

export async function finishAuthentication(
  storage: Storage,
  rp: RelyingParty,
  input: { response: AuthenticationResponseJSON; binding: CeremonyBinding },
  now = Date.now(),
): Promise<Outcome<{ passkey: Passkey; userVerified: boolean }>> {
  const { response, binding } = input
  const challenge = await claimChallenge(storage, response.response.clientDataJSON, binding)
  if (!challenge) return { ok: false, reason: 'challenge' }
  const passkey =
    binding.purpose === 'sign-in'
      ? await findPasskey(storage, response.id)
      : 'userId' in binding
        ? await getPasskey(storage, binding.userId, response.id)
        : undefined
  if (!passkey) return { ok: false, reason: 'unknown_credential' }
  // A discoverable credential names its user; it must be the one the credential is stored for.
  const handle = response.response.userHandle
  if (handle && handle !== userHandle(passkey.userId))
    return { ok: false, reason: 'unknown_credential' }
  const requireUserVerification = binding.purpose === 'sign-in'
  let verified
  try {
    verified = await (
      await simplewebauthn()
    ).verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification,
    })
  } catch (error) {
    return { ok: false, reason: 'verification', detail: detailOf(error) }
  }
  if (!verified.verified) return { ok: false, reason: 'verification' }
  const info = verified.authenticationInfo
  const used: Passkey = {
    ...passkey,
    counter: info.newCounter,
    backedUp: info.credentialBackedUp,
    lastUsedAt: now,
  }
  await savePasskey(storage, used)
  return { ok: true, passkey: used, userVerified: info.userVerified }
}
