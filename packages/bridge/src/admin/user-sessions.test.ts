import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { APPS } from '../domain/apps.js'
import { listAudit, type Actor } from '../domain/audit-log.js'
import { WEBHOOK_KIND, type WebhookPayload } from '../domain/lifecycle-events.js'
import { savePasskey } from '../mfa/passkeys.js'
import { adminServicesOf } from '../routes/admin/api.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const SHOP_LOGOUT = 'http://127.0.0.1:4001/sso/backchannel-logout'
const ADMIN: Actor = { type: 'admin', id: 'adm_1', label: 'root@example.com' }

function config() {
  const base = testConfig()
  const [shop, ...rest] = base.apps
  return { ...base, apps: [{ ...shop, backchannelLogoutUrl: SHOP_LOGOUT }, ...rest] }
}

let bridge: Awaited<ReturnType<typeof createTestBridge>>
let admin: ReturnType<typeof adminServicesOf>
let posted: string[]
let alice: string
beforeEach(async () => {
  const mine: string[] = (posted = [])
  const fetch = (async (input: string | URL | Request) => {
    mine.push(String(input))
    return new Response(null, { status: 200 })
  }) as typeof globalThis.fetch
  bridge = await createTestBridge({ config: config(), backchannel: { fetch } })
  admin = adminServicesOf(bridge.services)
  alice = (await bridge.storage.list('user'))[0]!.key
  // The shop hears of its users' lifecycle.
  const shop = (await bridge.storage.get(APPS, 'shop'))!
  await bridge.storage.set(APPS, 'shop', {
    ...shop,
    webhooks: [
      { id: 'ep_shop', url: 'https://shop.example/hooks', secretSealed: 'x', createdAt: 0 },
    ],
  })
})

async function signInBoth(browser: TestBrowser) {
  const token = readForm(await (await signInWithPassword(browser)).text()).fields.token!
  await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK, state: 'f' }))
  return decodeJwt(token).sid as string
}

/** The lifecycle events queued for the shop, in order. */
async function events() {
  const entries = await bridge.storage.outbox.list({ kind: WEBHOOK_KIND, owner: 'shop', limit: 50 })
  return entries.map((e) => e.payload as unknown as WebhookPayload).sort((a, b) => a.at - b.at)
}

/** Whether a fresh sign-in of alice gets a token. */
async function canSignIn() {
  const response = await signInWithPassword(bridge.browser())
  return response.status === 200 && 'token' in readForm(await response.text()).fields
}

describe("an admin and a user's sessions", () => {
  it('lists them with the apps each signed into', async () => {
    const sid = await signInBoth(bridge.browser())
    const listed = await admin.userSessions.list(alice)
    expect(listed).toEqual([
      expect.objectContaining({
        sid,
        connection: 'staff',
        apps: [
          { id: 'forum', name: 'Forum' },
          { id: 'shop', name: 'Shop' },
        ],
      }),
    ])
  })

  it('ends one: back-channel logout, session.ended, audited with the admin', async () => {
    const browser = bridge.browser()
    const sid = await signInBoth(browser)
    const other = await signInBoth(bridge.browser())
    await admin.userSessions.end(ADMIN, alice, sid, 'req-1')
    await bridge.services.backchannel.sender.idle()
    expect(posted).toEqual([SHOP_LOGOUT])
    expect((await admin.userSessions.list(alice)).map((s) => s.sid)).toEqual([other])
    // The ended session is no sign-in: the forum asks again.
    const again = await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
    expect(again.status).toBe(302)
    expect((await events()).filter((e) => e.type === 'session.ended')).toEqual([
      expect.objectContaining({ sid, reason: 'admin' }),
    ])
    const { entries } = await listAudit(bridge.storage, { event: 'session.ended' })
    expect(entries).toEqual([
      expect.objectContaining({
        actor: ADMIN,
        user: alice,
        target: { type: 'session', id: sid },
        requestId: 'req-1',
      }),
    ])
  })

  it("refuses another user's sid, an unknown one and an unknown user, changing nothing", async () => {
    const sid = await signInBoth(bridge.browser())
    const bob = await admin.users.create(ADMIN, { connection: 'staff', email: 'bob@example.com' })
    await expect(admin.userSessions.end(ADMIN, bob.user.id, sid)).rejects.toMatchObject({
      code: 'not_found',
      reason: 'session_unknown',
    })
    await expect(admin.userSessions.end(ADMIN, alice, 'x')).rejects.toMatchObject({
      code: 'not_found',
      reason: 'session_unknown',
    })
    for (const id of ['nobody', '../etc', 'a'.repeat(65)])
      await expect(admin.userSessions.list(id)).rejects.toMatchObject({ code: 'not_found' })
    expect(await admin.userSessions.list(alice)).toHaveLength(1)
    expect((await listAudit(bridge.storage, { event: 'session' })).entries).toEqual([])
  })

  it('ends all of them, audited once as user.sessions_ended', async () => {
    await signInBoth(bridge.browser())
    await signInBoth(bridge.browser())
    expect(await admin.userSessions.endAll(ADMIN, alice)).toEqual({ ended: 2 })
    expect(await admin.userSessions.list(alice)).toEqual([])
    expect(await admin.userSessions.endAll(ADMIN, alice)).toEqual({ ended: 0 })
    const { entries } = await listAudit(bridge.storage, { event: 'user.sessions_ended' })
    expect(entries).toEqual([
      expect.objectContaining({ actor: ADMIN, after: { sessions: 2, reason: 'admin' } }),
    ])
  })
})

describe('disabling a user', () => {
  it('ends every session, refuses sign-in and reuse, and tells the apps', async () => {
    const browser = bridge.browser()
    const sid = await signInBoth(browser)
    await admin.users.setDisabled(ADMIN, alice, true)
    await bridge.services.backchannel.sender.idle()
    expect(posted).toEqual([SHOP_LOGOUT])
    expect(await admin.userSessions.list(alice)).toEqual([])
    expect(await canSignIn()).toBe(false)
    const reuse = await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
    expect(reuse.status).toBe(302)
    const types = (await events()).map((e) => [e.type, e.reason ?? e.sid === sid])
    expect(types).toContainEqual(['session.ended', 'user_disabled'])
    expect(types).toContainEqual(['user.disabled', false])
    const audited = await listAudit(bridge.storage, { user: alice })
    expect(audited.entries.map((e) => e.event)).toEqual(
      expect.arrayContaining(['user.disabled', 'user.sessions_ended']),
    )
    // Enabled again, alice signs in.
    await admin.users.setDisabled(ADMIN, alice, false)
    expect(await canSignIn()).toBe(true)
  })
})

describe('deleting a user', () => {
  it('ends the sessions, removes the user and what is keyed by them, and says so', async () => {
    await signInBoth(bridge.browser())
    await savePasskey(bridge.storage, {
      id: 'cred-1',
      userId: alice,
      publicKey: 'pk',
      counter: 0,
      transports: [],
      name: 'Laptop',
      createdAt: 1,
    } as never)
    await bridge.storage.set('identity', 'corp|sub-1', alice)
    await bridge.storage.set('identity-linked', 'corp|sub-1', { linkedAt: 1 })
    await bridge.storage.set('recovery-code-used', `${alice}:hash`, true)
    await bridge.storage.set('identity', 'corp|sub-2', 'someone-else')

    const result = await admin.users.delete(ADMIN, alice)
    expect(result).toMatchObject({ deleted: { id: alice, email: ALICE.email }, sessionsEnded: 1 })
    await bridge.services.backchannel.sender.idle()
    expect(posted).toEqual([SHOP_LOGOUT])

    expect(await bridge.storage.get('user', alice)).toBeUndefined()
    expect(await bridge.storage.get('user-email', `staff:${ALICE.email}`)).toBeUndefined()
    expect(await bridge.storage.list('passkey', { prefix: `${alice}:` })).toEqual([])
    expect(await bridge.storage.get('passkey-owner', 'cred-1')).toBeUndefined()
    expect(await bridge.storage.get('identity', 'corp|sub-1')).toBeUndefined()
    expect(await bridge.storage.get('identity-linked', 'corp|sub-1')).toBeUndefined()
    expect(await bridge.storage.get('recovery-code-used', `${alice}:hash`)).toBeUndefined()
    expect(await bridge.storage.get('identity', 'corp|sub-2')).toBe('someone-else')
    expect(await bridge.storage.list('user-session', { prefix: `${alice}|` })).toEqual([])
    expect(await canSignIn()).toBe(false)

    const deleted = (await events()).find((e) => e.type === 'user.deleted')
    expect(deleted?.user).toMatchObject({ id: alice, email: ALICE.email, disabled: false })
    const { entries } = await listAudit(bridge.storage, { event: 'user.deleted' })
    expect(entries).toEqual([
      expect.objectContaining({
        actor: ADMIN,
        user: alice,
        before: expect.objectContaining({ email: ALICE.email }),
      }),
    ])
    await expect(admin.users.delete(ADMIN, alice)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('lets the address be used again by a new user', async () => {
    await admin.users.delete(ADMIN, alice)
    const again = await admin.users.create(ADMIN, { connection: 'staff', email: ALICE.email })
    expect(again.user.email).toBe(ALICE.email)
  })
})
