import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../domain/users.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { SoftAuthenticator } from '../testing/soft-authenticator.js'
import type { Storage } from '../storage/types.js'
import { getPasskey, listPasskeys } from './passkeys.js'
import {
  CHALLENGE_TTL_SECONDS,
  finishAuthentication,
  finishRegistration,
  parseAuthenticationResponse,
  parseRegistrationResponse,
  passkeyMethod,
  relyingParty,
  startAuthentication,
  startRegistration,
  type CeremonyBinding,
} from './webauthn.js'

const ISSUER = 'http://localhost:4000'
const rp = relyingParty(ISSUER)
const user = (id: string, email: string): User => ({
  id,
  email,
  connection: 'staff',
  emailVerified: true,
  disabled: false,
  createdAt: 0,
  updatedAt: 0,
})
const alice = user('11111111-1111-4111-8111-111111111111', 'alice@example.com')
const bob = user('22222222-2222-4222-8222-222222222222', 'bob@example.com')

let now = 1_800_000_000_000
let storage: Storage
beforeEach(async () => {
  now = 1_800_000_000_000
  storage = await memoryStorage(() => now)
})

const enrol = (u: User, tx = 'tx-1'): CeremonyBinding & { userId: string } => ({
  purpose: 'enrol',
  tx,
  userId: u.id,
})
const second = (u: User, tx = 'tx-1'): CeremonyBinding => ({
  purpose: 'second-factor',
  tx,
  userId: u.id,
})

async function register(authenticator: SoftAuthenticator, u: User) {
  const options = await startRegistration(storage, rp, { user: u, binding: enrol(u) })
  const outcome = await finishRegistration(
    storage,
    rp,
    { response: authenticator.register(options), binding: enrol(u) },
    { name: 'Key' },
  )
  if (!outcome.ok) throw new Error(`registration failed: ${outcome.reason} ${outcome.detail}`)
  return outcome.passkey
}

describe('passkey registration', () => {
  it('stores a device-bound key as hwk and a synced one as swk', async () => {
    const rpOptions = await startRegistration(storage, rp, { user: alice, binding: enrol(alice) })
    expect(rpOptions.rp).toEqual({ id: 'localhost', name: 'localhost:4000' })
    expect(rpOptions.attestation).toBe('none')
    const device = await register(new SoftAuthenticator({ origin: rp.origin }), alice)
    expect(device).toMatchObject({ userId: alice.id, name: 'Key', deviceType: 'singleDevice' })
    expect(passkeyMethod(device)).toBe('hwk')
    const synced = await register(
      new SoftAuthenticator({ origin: rp.origin, backupEligible: true }),
      alice,
    )
    expect(passkeyMethod(synced)).toBe('swk')
    expect(await listPasskeys(storage, alice.id)).toHaveLength(2)
    // The next registration excludes the keys the user already has.
    const next = await startRegistration(storage, rp, { user: alice, binding: enrol(alice) })
    expect(next.excludeCredentials?.map((c) => c.id).sort()).toEqual([device.id, synced.id].sort())
  })

  it('refuses another origin, another RP ID, a used challenge and one for another binding', async () => {
    const key = new SoftAuthenticator({ origin: rp.origin })
    const attempt = async (
      lies: Parameters<SoftAuthenticator['register']>[1],
      binding = enrol(alice),
      submitAs = enrol(alice),
    ) => {
      const options = await startRegistration(storage, rp, { user: alice, binding })
      return finishRegistration(
        storage,
        rp,
        { response: key.register(options, lies), binding: submitAs },
        { name: 'Key' },
      )
    }
    expect(await attempt({ origin: 'https://evil.example' })).toMatchObject({
      ok: false,
      reason: 'verification',
    })
    expect(await attempt({ rpId: 'evil.example' })).toMatchObject({ reason: 'verification' })
    expect(await attempt({ type: 'webauthn.get' })).toMatchObject({ reason: 'verification' })
    expect(await attempt({ challenge: 'not-a-challenge-we-issued' })).toMatchObject({
      reason: 'challenge',
    })
    expect(await attempt({}, enrol(alice, 'tx-other'))).toMatchObject({ reason: 'challenge' })
    expect(await attempt({}, enrol(bob), enrol(alice))).toMatchObject({ reason: 'challenge' })

    const options = await startRegistration(storage, rp, { user: alice, binding: enrol(alice) })
    const response = key.register(options)
    const first = await finishRegistration(
      storage,
      rp,
      { response, binding: enrol(alice) },
      { name: 'A' },
    )
    expect(first.ok).toBe(true)
    const again = await finishRegistration(
      storage,
      rp,
      { response, binding: enrol(alice) },
      { name: 'A' },
    )
    expect(again).toMatchObject({ ok: false, reason: 'challenge' })
    expect(await listPasskeys(storage, alice.id)).toHaveLength(1)
  })

  it('never lets one credential belong to two users', async () => {
    const key = new SoftAuthenticator({ origin: rp.origin })
    const options = await startRegistration(storage, rp, { user: alice, binding: enrol(alice) })
    const response = key.register(options)
    await finishRegistration(storage, rp, { response, binding: enrol(alice) }, { name: 'A' })
    // Bob's browser replays alice's credential with bob's challenge (none attestation signs nothing).
    const forBob = await startRegistration(storage, rp, { user: bob, binding: enrol(bob) })
    const replayed: RegistrationResponseJSON = {
      ...response,
      response: {
        ...response.response,
        clientDataJSON: Buffer.from(
          JSON.stringify({
            type: 'webauthn.create',
            challenge: forBob.challenge,
            origin: rp.origin,
          }),
        ).toString('base64url'),
      },
    }
    const outcome = await finishRegistration(
      storage,
      rp,
      { response: replayed, binding: enrol(bob) },
      { name: 'B' },
    )
    expect(outcome).toMatchObject({ ok: false, reason: 'duplicate' })
    expect(await listPasskeys(storage, bob.id)).toHaveLength(0)
  })

  it('lets a challenge expire', async () => {
    const options = await startRegistration(storage, rp, { user: alice, binding: enrol(alice) })
    now += (CHALLENGE_TTL_SECONDS + 1) * 1000
    const response = new SoftAuthenticator({ origin: rp.origin }).register(options)
    expect(
      await finishRegistration(storage, rp, { response, binding: enrol(alice) }, { name: 'A' }),
    ).toMatchObject({ ok: false, reason: 'challenge' })
  })
})

describe('passkey assertion', () => {
  it('verifies a second factor, updates the counter, and refuses the same response twice', async () => {
    const key = new SoftAuthenticator({ origin: rp.origin, userVerification: false })
    const passkey = await register(key, alice)
    const options = await startAuthentication(storage, rp, {
      binding: second(alice),
      allow: [passkey],
    })
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([passkey.id])
    expect(options.userVerification).toBe('preferred')
    const response = key.assert(options)
    now += 1000
    const outcome = await finishAuthentication(
      storage,
      rp,
      { response, binding: second(alice) },
      now,
    )
    expect(outcome).toMatchObject({ ok: true, userVerified: false })
    expect(await getPasskey(storage, alice.id, passkey.id)).toMatchObject({
      counter: 1,
      lastUsedAt: now,
    })
    // Replayed challenge: consumed by the first use.
    expect(
      await finishAuthentication(storage, rp, { response, binding: second(alice) }),
    ).toMatchObject({ ok: false, reason: 'challenge' })
  })

  it("refuses an assertion made with another user's key", async () => {
    const aliceKey = new SoftAuthenticator({ origin: rp.origin })
    const bobKey = new SoftAuthenticator({ origin: rp.origin })
    const alicePasskey = await register(aliceKey, alice)
    const bobPasskey = await register(bobKey, bob)
    const options = await startAuthentication(storage, rp, {
      binding: second(alice),
      allow: [alicePasskey],
    })
    const response = bobKey.assert(options, { credentialId: bobPasskey.id })
    expect(
      await finishAuthentication(storage, rp, { response, binding: second(alice) }),
    ).toMatchObject({ ok: false, reason: 'unknown_credential' })
  })

  it('refuses another origin, a wrong RP ID, a bad signature and a cloned counter', async () => {
    const key = new SoftAuthenticator({ origin: rp.origin })
    const passkey = await register(key, alice)
    const attempt = async (lies: Parameters<SoftAuthenticator['assert']>[1]) => {
      const options = await startAuthentication(storage, rp, {
        binding: second(alice),
        allow: [passkey],
      })
      return finishAuthentication(storage, rp, {
        response: key.assert(options, lies),
        binding: second(alice),
      })
    }
    expect(await attempt({ origin: 'http://localhost:4001' })).toMatchObject({
      ok: false,
      reason: 'verification',
    })
    expect(await attempt({ rpId: 'example.com' })).toMatchObject({ reason: 'verification' })
    expect(await attempt({ type: 'webauthn.create' })).toMatchObject({ reason: 'verification' })
    expect((await attempt({})).ok).toBe(true)
    expect(await attempt({ counter: 1 })).toMatchObject({ reason: 'verification' })

    const options = await startAuthentication(storage, rp, {
      binding: second(alice),
      allow: [passkey],
    })
    const response = key.assert(options)
    const forged = {
      ...response,
      response: { ...response.response, signature: Buffer.alloc(70, 1).toString('base64url') },
    }
    expect(
      await finishAuthentication(storage, rp, { response: forged, binding: second(alice) }),
    ).toMatchObject({ ok: false, reason: 'verification' })
  })

  it('signs in without a password only with user verification, and finds the owner', async () => {
    const key = new SoftAuthenticator({ origin: rp.origin })
    const passkey = await register(key, alice)
    const binding: CeremonyBinding = { purpose: 'sign-in', tx: 'tx-login' }
    const options = await startAuthentication(storage, rp, { binding })
    expect(options.allowCredentials).toEqual([])
    expect(options.userVerification).toBe('required')
    const outcome = await finishAuthentication(storage, rp, {
      response: key.assert(options),
      binding,
    })
    expect(outcome).toMatchObject({ ok: true, userVerified: true, passkey: { id: passkey.id } })

    // A user handle that is not the credential's owner.
    const mismatch = await startAuthentication(storage, rp, { binding })
    expect(
      await finishAuthentication(storage, rp, {
        response: key.assert(mismatch, {
          userHandle: Buffer.from(bob.id).toString('base64url'),
        }),
        binding,
      }),
    ).toMatchObject({ ok: false, reason: 'unknown_credential' })

    // Presence alone (no PIN, no biometrics) is not enough without a password.
    const presenceOnly = new SoftAuthenticator({ origin: rp.origin, userVerification: false })
    await register(presenceOnly, bob)
    const noUv = await startAuthentication(storage, rp, { binding })
    expect(
      await finishAuthentication(storage, rp, { response: presenceOnly.assert(noUv), binding }),
    ).toMatchObject({ ok: false, reason: 'verification' })
  })

  it('refuses a second-factor challenge used for passwordless sign-in and vice versa', async () => {
    const key = new SoftAuthenticator({ origin: rp.origin })
    const passkey = await register(key, alice)
    const options = await startAuthentication(storage, rp, {
      binding: second(alice),
      allow: [passkey],
    })
    expect(
      await finishAuthentication(storage, rp, {
        response: key.assert(options),
        binding: { purpose: 'sign-in', tx: 'tx-1' },
      }),
    ).toMatchObject({ ok: false, reason: 'challenge' })
  })

  it('parses only well-formed responses', () => {
    expect(parseAuthenticationResponse('not json')).toBeUndefined()
    expect(parseAuthenticationResponse('{}')).toBeUndefined()
    expect(parseAuthenticationResponse('x'.repeat(20_000))).toBeUndefined()
    expect(
      parseAuthenticationResponse(
        JSON.stringify({
          id: 'abc',
          rawId: 'abc',
          type: 'public-key',
          response: { clientDataJSON: 'e30', authenticatorData: '<script>', signature: 'AA' },
        }),
      ),
    ).toBeUndefined()
    expect(
      parseRegistrationResponse(
        JSON.stringify({
          id: 'abc',
          rawId: 'abc',
          type: 'public-key',
          response: { clientDataJSON: 'e30', attestationObject: 'AA' },
        }),
      ),
    ).toMatchObject({ id: 'abc', clientExtensionResults: {} })
  })
})
