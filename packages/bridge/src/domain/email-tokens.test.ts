import { beforeEach, describe, expect, it } from 'vitest'
import type { BridgeError } from '../errors.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import type { Storage } from '../storage/types.js'
import {
  consumeEmailToken,
  consumeLoginCode,
  consumeLoginLink,
  EMAIL_TOKEN_TTL,
  findLoginLink,
  issueEmailToken,
  issueLoginCode,
  LOGIN_CODE_ATTEMPTS,
  peekEmailToken,
} from './email-tokens.js'
import { sha256 } from './secret-hash.js'
import { createUser, getUser, saveUser, type User } from './users.js'

let clock = 1_000_000_000_000
let storage: Storage
let alice: User
let bob: User

const reasonOf = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return { code: (error as BridgeError).code, reason: (error as BridgeError).reason }
  }
  throw new Error('expected a refusal')
}

beforeEach(async () => {
  clock = 1_000_000_000_000
  storage = await memoryStorage(() => clock)
  const make = async (email: string) =>
    (await createUser(storage, { connection: 'members', email, emailVerified: false }, clock))!
  alice = await make('alice@example.com')
  bob = await make('bob@example.com')
})

const verification = (user: User, extra = {}) =>
  issueEmailToken(
    storage,
    {
      purpose: 'verify-email',
      userId: user.id,
      connection: user.connection,
      email: user.email,
      ...extra,
    },
    clock,
  )

describe('verification and reset tokens', () => {
  it('keeps only the hash at rest and works once', async () => {
    const token = await verification(alice)
    expect(await storage.get('email-token', token)).toBeUndefined()
    expect(await storage.get('email-token', sha256(token))).toMatchObject({ userId: alice.id })
    const { user } = await consumeEmailToken(storage, 'verify-email', token)
    expect(user.id).toBe(alice.id)
    expect(await reasonOf(consumeEmailToken(storage, 'verify-email', token))).toEqual({
      code: 'link_expired',
      reason: 'email_token_unknown',
    })
  })

  it('of two concurrent uses, exactly one wins', async () => {
    const token = await verification(alice)
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => consumeEmailToken(storage, 'verify-email', token)),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('expires after its lifetime: 24 h for verification, 30 min for a reset', async () => {
    expect(EMAIL_TOKEN_TTL).toEqual({
      'verify-email': 86_400,
      'reset-password': 1800,
      'login-code': 600,
    })
    const token = await verification(alice)
    const reset = await issueEmailToken(
      storage,
      { purpose: 'reset-password', userId: alice.id, connection: 'members', email: alice.email },
      clock,
    )
    clock += 1801 * 1000
    expect((await reasonOf(consumeEmailToken(storage, 'reset-password', reset))).reason).toBe(
      'email_token_unknown',
    )
    expect((await peekEmailToken(storage, 'verify-email', token)).user.id).toBe(alice.id)
    clock += 86_400 * 1000
    expect((await reasonOf(consumeEmailToken(storage, 'verify-email', token))).reason).toBe(
      'email_token_unknown',
    )
  })

  it('refuses a token of another purpose without using it up', async () => {
    const token = await verification(alice)
    expect(await reasonOf(consumeEmailToken(storage, 'reset-password', token))).toEqual({
      code: 'link_expired',
      reason: 'email_token_other_purpose',
    })
    expect((await consumeEmailToken(storage, 'verify-email', token)).user.id).toBe(alice.id)
  })

  it('refuses a token whose user no longer has the address (meant for another user)', async () => {
    const token = await verification(alice)
    // The address moved to Bob's record: the token names Alice, who lost it.
    await saveUser(storage, { ...(await getUser(storage, alice.id))!, email: 'new@example.com' })
    expect(await reasonOf(consumeEmailToken(storage, 'verify-email', token))).toEqual({
      code: 'link_expired',
      reason: 'email_token_other_user',
    })
    const forged = await issueEmailToken(
      storage,
      { purpose: 'verify-email', userId: bob.id, connection: 'members', email: alice.email },
      clock,
    )
    expect((await reasonOf(consumeEmailToken(storage, 'verify-email', forged))).reason).toBe(
      'email_token_other_user',
    )
  })

  it('refuses malformed tokens without a lookup', async () => {
    for (const bad of ['', 'x', 'a'.repeat(44), `${'a'.repeat(42)}\n`, '../../etc/passwd'])
      expect((await reasonOf(consumeEmailToken(storage, 'verify-email', bad))).reason).toBe(
        'email_token_unknown',
      )
  })
})

describe('sign-in codes and magic links', () => {
  const browser = 'browser-secret-of-the-sign-in'
  const issue = (txId = 'tx-1', known = true) =>
    issueLoginCode(
      storage,
      txId,
      {
        userId: known ? alice.id : undefined,
        connection: 'members',
        email: alice.email,
        browserHash: sha256(browser),
      },
      clock,
    )
  const wrong = (code: string) => (code === '000000' ? '000001' : '000000')

  it('a code works once, for its own sign-in only', async () => {
    const { code } = await issue()
    expect(code).toMatch(/^\d{6}$/)
    expect((await reasonOf(consumeLoginCode(storage, 'tx-other', code))).reason).toBe(
      'email_code_unknown',
    )
    expect((await consumeLoginCode(storage, 'tx-1', code)).userId).toBe(alice.id)
    expect((await reasonOf(consumeLoginCode(storage, 'tx-1', code))).reason).toBe(
      'email_code_unknown',
    )
  })

  it('a used code voids its link, and a used link voids its code', async () => {
    const first = await issue()
    await consumeLoginCode(storage, 'tx-1', first.code)
    expect(await findLoginLink(storage, first.link)).toBeUndefined()
    expect((await reasonOf(consumeLoginLink(storage, first.link, browser))).reason).toBe(
      'email_code_unknown',
    )
    const second = await issue()
    expect((await consumeLoginLink(storage, second.link, browser)).txId).toBe('tx-1')
    expect((await reasonOf(consumeLoginCode(storage, 'tx-1', second.code))).reason).toBe(
      'email_code_unknown',
    )
  })

  it('a link opened in another browser is refused and stays usable where it started', async () => {
    const { link } = await issue()
    expect(await reasonOf(consumeLoginLink(storage, link, 'another-browser'))).toEqual({
      code: 'csrf_failed',
      reason: 'email_link_other_browser',
    })
    expect((await reasonOf(consumeLoginLink(storage, link, undefined))).reason).toBe(
      'email_link_other_browser',
    )
    expect((await consumeLoginLink(storage, link, browser)).record.userId).toBe(alice.id)
  })

  it(`voids the code after ${LOGIN_CODE_ATTEMPTS} wrong attempts, the right one included after`, async () => {
    const { code } = await issue()
    for (let i = 0; i < LOGIN_CODE_ATTEMPTS; i++)
      expect(await reasonOf(consumeLoginCode(storage, 'tx-1', wrong(code)))).toEqual({
        code: 'invalid_credentials',
        reason: 'email_code_wrong',
      })
    expect(await reasonOf(consumeLoginCode(storage, 'tx-1', code))).toEqual({
      code: 'too_many_attempts',
      reason: 'email_code_attempts',
    })
    expect((await reasonOf(consumeLoginCode(storage, 'tx-1', code))).reason).toBe(
      'email_code_unknown',
    )
  })

  it('a new code replaces the old code and link, and gives the attempts back', async () => {
    const old = await issue()
    await reasonOf(consumeLoginCode(storage, 'tx-1', wrong(old.code)))
    const fresh = await issue()
    expect(await findLoginLink(storage, old.link)).toBeUndefined()
    if (old.code !== fresh.code)
      expect((await reasonOf(consumeLoginCode(storage, 'tx-1', old.code))).reason).toBe(
        'email_code_wrong',
      )
    expect((await consumeLoginCode(storage, 'tx-1', fresh.code)).userId).toBe(alice.id)
  })

  it('expires after 10 minutes', async () => {
    const { code, link } = await issue()
    clock += 601 * 1000
    expect((await reasonOf(consumeLoginCode(storage, 'tx-1', code))).reason).toBe(
      'email_code_unknown',
    )
    expect((await reasonOf(consumeLoginLink(storage, link, browser))).reason).toBe(
      'email_code_unknown',
    )
  })

  it('no code opens the record of an address without an account', async () => {
    const { code } = await issue('tx-1', false)
    expect((await reasonOf(consumeLoginCode(storage, 'tx-1', code))).reason).toBe(
      'email_code_wrong',
    )
  })
})
