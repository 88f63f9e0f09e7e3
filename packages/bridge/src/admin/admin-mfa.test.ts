import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { createSecretBox } from '../keys/secret-box.js'
import { isBridgeError } from '../errors.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { createAdmin, getAdmin, listAdmins } from './admin-accounts.js'
import {
  finishAdminTotpEnrolment,
  resetAdminMfa,
  startAdminTotpEnrolment,
  verifyAdminSecondFactor,
} from './admin-mfa.js'

const T = 1_800_000_010_000 // 10 s into a 30 s step
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) })
const cli = { type: 'cli', id: 'ops' } as const

async function setup() {
  const storage = await memoryStorage(() => T)
  const box = createSecretBox(new Uint8Array(32).fill(3))
  const { admin } = await createAdmin(storage, cli, { email: 'root@example.com' }, T)
  const account = (await getAdmin(storage, admin.id))!
  return { storage, box, account }
}

async function enrolled() {
  const ctx = await setup()
  const { secret } = await startAdminTotpEnrolment(ctx.storage, ctx.box, ctx.account, 'sso.test')
  const codes = await finishAdminTotpEnrolment(
    ctx.storage,
    ctx.box,
    ctx.account,
    await codeAt(secret, T - 30_000),
    cli,
    T,
  )
  return { ...ctx, secret, codes }
}

describe('admin TOTP', () => {
  it('enrols with a right code only, and gives ten recovery codes once', async () => {
    const { storage, box, account } = await setup()
    const first = await startAdminTotpEnrolment(storage, box, account, 'sso.test')
    expect(first.uri).toContain('otpauth://totp/')
    expect(first.qrSvg).toMatch(/^<svg/)
    // The same pending secret until it is used or expires.
    expect((await startAdminTotpEnrolment(storage, box, account, 'sso.test')).secret).toBe(
      first.secret,
    )
    const wrong = await finishAdminTotpEnrolment(storage, box, account, '000000', cli, T).catch(
      (e: unknown) => e,
    )
    expect(isBridgeError(wrong) && wrong.code).toBe('invalid_credentials')
    const codes = await finishAdminTotpEnrolment(
      storage,
      box,
      account,
      await codeAt(first.secret, T),
      cli,
      T,
    )
    expect(codes).toHaveLength(10)
    const stored = (await getAdmin(storage, account.id))!
    expect(stored.totp).toBeDefined()
    expect(JSON.stringify(stored)).not.toContain(first.secret)
    expect(JSON.stringify(stored)).not.toContain(codes[0])
    expect((await listAdmins(storage))[0]).toMatchObject({ mfaEnrolled: true })
    expect(JSON.stringify(await listAdmins(storage))).not.toMatch(/totp|recovery/i)
    const [entry] = (await listAudit(storage, { event: 'admin.mfa_enrolled' })).entries
    expect(entry).toMatchObject({ target: { type: 'admin', id: account.id } })
    expect(JSON.stringify(entry)).not.toContain(first.secret)
  })

  it('accepts a code once, and a recovery code once', async () => {
    const { storage, box, account, secret, codes } = await enrolled()
    const code = await codeAt(secret, T)
    expect(await verifyAdminSecondFactor(storage, box, account.id, code, T)).toBe(true)
    expect(await verifyAdminSecondFactor(storage, box, account.id, code, T)).toBe(false)
    // The enrolment code's step is spent too.
    expect(
      await verifyAdminSecondFactor(storage, box, account.id, await codeAt(secret, T - 30_000), T),
    ).toBe(false)
    expect(await verifyAdminSecondFactor(storage, box, account.id, '123456', T)).toBe(false)
    expect(await verifyAdminSecondFactor(storage, box, account.id, codes[0]!, T)).toBe(true)
    expect(await verifyAdminSecondFactor(storage, box, account.id, codes[0]!, T)).toBe(false)
    expect((await getAdmin(storage, account.id))!.recoveryCodes).toHaveLength(9)
  })

  it('is reset from the CLI, audited, after which no code is asked or accepted', async () => {
    const { storage, box, account, secret } = await enrolled()
    const { hadMfa } = await resetAdminMfa(storage, cli, 'ROOT@example.com', T)
    expect(hadMfa).toBe(true)
    const stored = (await getAdmin(storage, account.id))!
    expect(stored.totp).toBeUndefined()
    expect(stored.recoveryCodes).toBeUndefined()
    expect(
      await verifyAdminSecondFactor(storage, box, account.id, await codeAt(secret, T + 30_000), T),
    ).toBe(false)
    const [entry] = (await listAudit(storage, { event: 'admin.mfa_reset' })).entries
    expect(entry).toMatchObject({ actor: cli, after: { mfaEnrolled: false } })
    expect((await resetAdminMfa(storage, cli, 'root@example.com', T)).hadMfa).toBe(false)
    const missing = await resetAdminMfa(storage, cli, 'ghost@example.com').catch((e: unknown) => e)
    expect(isBridgeError(missing) && missing.code).toBe('not_found')
  })
})
