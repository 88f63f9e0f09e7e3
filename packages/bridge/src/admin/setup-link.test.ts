import { describe, expect, it } from 'vitest'
import { isBridgeError } from '../errors.js'
import { ISSUER, memoryStorage } from '../testing/bridge-fixture.js'
import { createAdmin, listAdmins } from './admin-accounts.js'
import {
  completeSetup,
  createSetupLink,
  SETUP_LINK_SECONDS,
  setupTokenUsable,
} from './setup-link.js'

const first = { email: 'first@example.com', password: 'a long first passphrase' }

async function setup() {
  let now = Date.now()
  const storage = await memoryStorage(() => now)
  return { storage, tick: (ms: number) => (now += ms), now: () => now }
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token') as string

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (isBridgeError(error)) return error.code
    throw error
  }
  throw new Error('expected a refusal')
}

describe('the one-time setup link', () => {
  it('is made only while there is no admin, and creates the first admin once', async () => {
    const { storage } = await setup()
    const link = await createSetupLink(storage, ISSUER)
    expect(link).toMatch(/^http:\/\/localhost:4000\/admin\/setup\?token=[A-Za-z0-9_-]{43}$/)
    const token = tokenOf(link!)
    // Kept hashed: the token itself is nowhere in storage.
    expect(JSON.stringify(await storage.list('admin-setup-token'))).not.toContain(token)
    expect(await setupTokenUsable(storage, token)).toBe(true)

    const admin = await completeSetup(storage, token, first)
    expect(admin.email).toBe(first.email)
    expect(await setupTokenUsable(storage, token)).toBe(false)
    expect(await createSetupLink(storage, ISSUER)).toBeUndefined()
  })

  it('refuses a used token', async () => {
    const { storage } = await setup()
    const token = tokenOf((await createSetupLink(storage, ISSUER))!)
    await completeSetup(storage, token, first)
    const again = { email: 'second@example.com', password: 'another long passphrase' }
    expect(await codeOf(completeSetup(storage, token, again))).toBe('invalid_request')
    expect((await listAdmins(storage)).map((a) => a.email)).toEqual([first.email])
  })

  it('refuses an expired token', async () => {
    const { storage, tick } = await setup()
    const token = tokenOf((await createSetupLink(storage, ISSUER))!)
    tick(SETUP_LINK_SECONDS * 1000 + 1)
    expect(await setupTokenUsable(storage, token)).toBe(false)
    expect(await codeOf(completeSetup(storage, token, first))).toBe('invalid_request')
    expect(await listAdmins(storage)).toEqual([])
  })

  it('refuses a second admin through another link once an admin exists', async () => {
    const { storage } = await setup()
    const one = tokenOf((await createSetupLink(storage, ISSUER))!)
    const two = tokenOf((await createSetupLink(storage, ISSUER))!)
    await completeSetup(storage, one, first)
    const second = { email: 'second@example.com', password: 'another long passphrase' }
    expect(await setupTokenUsable(storage, two)).toBe(false)
    expect(await codeOf(completeSetup(storage, two, second))).toBe('invalid_request')
    expect(await listAdmins(storage)).toHaveLength(1)
  })

  it('refuses once an admin was made with the CLI', async () => {
    const { storage } = await setup()
    const token = tokenOf((await createSetupLink(storage, ISSUER))!)
    await createAdmin(storage, { type: 'cli', id: 'ops' }, { email: 'ops@example.com' })
    expect(await codeOf(completeSetup(storage, token, first))).toBe('invalid_request')
  })

  it('makes only one admin when two links are used at once', async () => {
    const { storage } = await setup()
    const one = tokenOf((await createSetupLink(storage, ISSUER))!)
    const two = tokenOf((await createSetupLink(storage, ISSUER))!)
    const second = { email: 'second@example.com', password: 'another long passphrase' }
    const results = await Promise.allSettled([
      completeSetup(storage, one, first),
      completeSetup(storage, two, second),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await listAdmins(storage)).toHaveLength(1)
  })

  it('leaves the token unspent when the input is bad, and refuses unknown tokens', async () => {
    const { storage } = await setup()
    const token = tokenOf((await createSetupLink(storage, ISSUER))!)
    const short = { email: first.email, password: 'short' }
    expect(await codeOf(completeSetup(storage, token, short))).toBe('invalid_request')
    expect(await setupTokenUsable(storage, token)).toBe(true)
    expect(await codeOf(completeSetup(storage, 'not-a-token', first))).toBe('invalid_request')
    expect(await codeOf(completeSetup(storage, undefined, first))).toBe('invalid_request')
    expect(await listAdmins(storage)).toEqual([])
  })
})
