import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { sessionsOfUser } from '../domain/sessions.js'
import { createUser } from '../domain/users.js'
import { hashPassword } from '../domain/passwords.js'
import { ALICE, createTestBridge, signInWithPassword } from '../testing/bridge-fixture.js'
import { captureLogs, type CapturedLogs } from '../testing/log-capture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const PAGE = '/account/sessions'
const BOB = { email: 'bob@example.com', password: 'another long password' }

let bridge: Awaited<ReturnType<typeof createTestBridge>>
let logs: CapturedLogs
let alice: TestBrowser
let bob: TestBrowser
let bobSid: string
let csrf: string

beforeEach(async () => {
  logs = captureLogs()
  bridge = await createTestBridge({ logger: logs.logger })
  await createUser(bridge.storage, {
    connection: 'staff',
    email: BOB.email,
    emailVerified: true,
    passwordHash: await hashPassword(BOB.password),
  })
  alice = bridge.browser()
  await signInWithPassword(alice)
  bob = bridge.browser()
  const token = readForm(await (await signInWithPassword(bob, {}, BOB)).text()).fields.token!
  bobSid = decodeJwt(token).sid as string
  csrf = /name="csrf" value="([^"]+)"/.exec(await (await alice.get(PAGE)).text())![1]!
  logs.clear()
})

/** The refusal logged for the last request: its code and reason. */
const refusal = () => {
  const line = logs.lines.find((l) => l.reason !== undefined && l.code !== undefined)
  return { code: line?.code, reason: line?.reason }
}

/** Nothing ended: both users keep their one session, and nothing was audited. */
async function nothingChanged() {
  const ids = (await bridge.storage.list('user')).map((u) => u.key)
  for (const id of ids) expect(await sessionsOfUser(bridge.storage, id)).toHaveLength(1)
  expect((await listAudit(bridge.storage, { event: 'session.ended' })).entries).toEqual([])
  expect((await alice.get(PAGE)).status).toBe(200)
  expect((await bob.get(PAGE)).status).toBe(200)
}

describe('ending a session that is not yours', () => {
  it("refuses another user's sid as an unknown session", async () => {
    const response = await alice.post(`${PAGE}/end`, { csrf, sid: bobSid })
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('<code>not_found</code>')
    expect(refusal()).toEqual({ code: 'not_found', reason: 'session_unknown' })
    await nothingChanged()
  })

  it('refuses a sid that names no session', async () => {
    const response = await alice.post(`${PAGE}/end`, { csrf, sid: 'A'.repeat(22) })
    expect(response.status).toBe(404)
    expect(refusal()).toEqual({ code: 'not_found', reason: 'session_unknown' })
    await nothingChanged()
  })

  it.each([
    ['a malformed sid', { sid: '../../etc' }, 'parameter_invalid'],
    ['an oversized sid', { sid: 'A'.repeat(200) }, 'parameter_too_long'],
    ['no sid', {}, 'parameter_missing'],
    ['a NUL', { sid: `${'A'.repeat(21)}\u0000` }, 'nul_character'],
  ])('refuses %s', async (_, fields, reason) => {
    const response = await alice.post(`${PAGE}/end`, { csrf, ...fields })
    expect(response.status).toBe(400)
    expect(refusal()).toEqual({ code: 'invalid_request', reason })
    await nothingChanged()
  })

  it('refuses a form without the CSRF token, or with another session’s', async () => {
    const missing = await alice.post(`${PAGE}/end`, { sid: bobSid })
    expect(missing.status).toBe(400)
    expect(refusal()).toEqual({ code: 'invalid_request', reason: 'parameter_missing' })
    logs.clear()
    const bobs = /name="csrf" value="([^"]+)"/.exec(await (await bob.get(PAGE)).text())![1]!
    for (const path of ['/end', '/end-others', '/end-all']) {
      const forged = await alice.post(`${PAGE}${path}`, { csrf: bobs, sid: bobSid })
      expect(forged.status).toBe(403)
      expect(refusal()).toEqual({ code: 'csrf_failed', reason: 'csrf_token_mismatch' })
      logs.clear()
    }
    await nothingChanged()
  })

  it('refuses a form posted from another site', async () => {
    for (const path of ['/end', '/end-others', '/end-all']) {
      const response = await alice.post(
        `${PAGE}${path}`,
        { csrf, sid: bobSid },
        { Origin: 'https://evil.example' },
      )
      expect(response.status).toBe(403)
      expect(refusal()).toEqual({ code: 'csrf_failed', reason: 'cross_origin_post' })
      logs.clear()
    }
    await nothingChanged()
  })

  it('refuses without a session, and a body past the limit', async () => {
    const stranger = bridge.browser()
    const anonymous = await stranger.post(`${PAGE}/end-all`, { csrf })
    expect(anonymous.status).toBe(401)
    const huge = await alice.post(`${PAGE}/end`, { csrf, sid: 'A'.repeat(10_000) })
    expect(huge.status).toBe(413)
    await nothingChanged()
  })

  it('refuses a disabled user, whose session is no sign-in any more', async () => {
    const id = (await bridge.storage.list('user')).find((u) => u.value.email === ALICE.email)!
    await bridge.storage.set('user', id.key, { ...id.value, disabled: true })
    expect((await alice.get(PAGE)).status).toBe(401)
    expect((await alice.post(`${PAGE}/end-all`, { csrf })).status).toBe(401)
    expect(await sessionsOfUser(bridge.storage, id.key)).toHaveLength(1)
  })
})
