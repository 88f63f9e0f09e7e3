import { generate } from 'otplib'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getAdmin, listAdmins } from '../../admin/admin-accounts.js'
import { listAudit } from '../../domain/audit-log.js'
import { ADMIN, consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'

const T = 1_800_000_010_000 // 10 s into a 30 s step
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) })

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T)
})
afterEach(() => vi.useRealTimers())

/** A console where the admin has enrolled an authenticator app; returns its secret. */
async function enrolledConsole() {
  const kit = await consoleBridge()
  const { browser } = await kit.signIn()
  const page = await (await browser.get('/admin/mfa')).text()
  const secret = /Or type this key: <code>([A-Z2-7]+)<\/code>/.exec(page)?.[1] as string
  expect(secret).toBeDefined()
  const form = formFields(page, '/admin/mfa')
  const done = await post(browser, '/admin/mfa', {
    ...form,
    code: await codeAt(secret, T - 30_000),
  })
  expect(done.status).toBe(200)
  const html = await done.text()
  const codes = /value="((?:[a-z0-9]{5}-[a-z0-9]{5} ?){10})"/.exec(html)?.[1]?.split(' ') ?? []
  expect(codes).toHaveLength(10)
  expect(html).toContain('On since')
  await post(browser, '/admin/logout', formFields(html, '/admin/logout'))
  return { ...kit, secret, codes }
}

async function password(kit: Awaited<ReturnType<typeof consoleBridge>>) {
  const { browser, response } = await kit.signIn()
  expect(response.status).toBe(200)
  const html = await response.text()
  expect(html).toContain('Code from your authenticator app')
  return { browser, form: formFields(html, '/admin/login/mfa') }
}

describe('admin two-step sign-in', () => {
  it('enrols from the console, then asks for the code after the password', async () => {
    const kit = await enrolledConsole()
    const { browser, form } = await password(kit)
    // A right password alone is no session.
    expect((await browser.get('/admin')).status).toBe(303)
    const wrong = await post(browser, '/admin/login/mfa', { ...form, code: '000000' })
    expect(wrong.status).toBe(401)
    const retry = formFields(await wrong.text(), '/admin/login/mfa')
    const ok = await post(browser, '/admin/login/mfa', {
      ...retry,
      code: await codeAt(kit.secret, T + 30_000),
    })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('Location')).toBe('/admin')
    expect((await browser.get('/admin')).status).toBe(200)
    const events = (await listAudit(kit.bridge.storage, { event: 'admin' })).entries.map(
      (e) => e.event,
    )
    // Time is frozen, so entries share a timestamp: compare them as a set.
    expect(events.sort()).toEqual([
      'admin.created',
      'admin.mfa_enrolled',
      'admin.sign_in_failed',
      'admin.signed_in',
      'admin.signed_in',
    ])
  })

  it('accepts a recovery code once', async () => {
    const kit = await enrolledConsole()
    const first = await password(kit)
    const ok = await post(first.browser, '/admin/login/mfa', { ...first.form, code: kit.codes[0]! })
    expect(ok.status).toBe(303)
    const second = await password(kit)
    const again = await post(second.browser, '/admin/login/mfa', {
      ...second.form,
      code: kit.codes[0]!,
    })
    expect(again.status).toBe(401)
    const [admin] = await listAdmins(kit.bridge.storage)
    expect((await getAdmin(kit.bridge.storage, admin!.id))!.recoveryCodes).toHaveLength(9)
  })

  it('needs the password step first, and throttles code guessing', async () => {
    const kit = await enrolledConsole()
    const stranger = kit.bridge.browser()
    const page = await (await stranger.get('/admin/login')).text()
    const noStep = await post(stranger, '/admin/login/mfa', {
      csrf: formFields(page, '/admin/login').csrf as string,
      code: await codeAt(kit.secret, T),
    })
    expect(noStep.status).toBe(303)
    expect(noStep.headers.get('Location')).toBe('/admin/login')

    const { browser, form } = await password(kit)
    let last = form
    for (let i = 0; i < 5; i++) {
      const wrong = await post(browser, '/admin/login/mfa', { ...last, code: '000000' })
      expect(wrong.status).toBe(401)
      last = formFields(await wrong.text(), '/admin/login/mfa')
    }
    const blocked = await post(browser, '/admin/login/mfa', {
      ...last,
      code: await codeAt(kit.secret, T + 30_000),
    })
    expect(blocked.status).toBe(429)
    expect((await browser.get('/admin')).status).toBe(303)
  })

  it('checks 5 of 100 parallel codes, each after its own password, then refuses the right one', async () => {
    const kit = await enrolledConsole()
    const steps: Awaited<ReturnType<typeof password>>[] = []
    for (let i = 0; i < 101; i++) steps.push(await password(kit))
    const last = steps.pop()!
    const responses = await Promise.all(
      steps.map(({ browser, form }) =>
        post(browser, '/admin/login/mfa', { ...form, code: '000000' }),
      ),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(95)
    const right = await post(last.browser, '/admin/login/mfa', {
      ...last.form,
      code: await codeAt(kit.secret, T + 30_000),
    })
    expect(right.status).toBe(429)
    const { entries } = await listAudit(
      kit.bridge.storage,
      { event: 'admin.sign_in_failed' },
      { limit: 500 },
    )
    expect(
      entries.filter((e) => (e as { reason?: string }).reason === 'too_many_attempts'),
    ).toHaveLength(96)
  })

  it('does not ask an admin without MFA for a code', async () => {
    const kit = await consoleBridge()
    const { response } = await kit.signIn(kit.bridge.browser(), ADMIN)
    expect(response.status).toBe(303)
  })
})
