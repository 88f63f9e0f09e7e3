import { describe, expect, it, vi } from 'vitest'
import { APPS } from '../domain/apps.js'
import { WEBHOOK_KIND, type WebhookPayload } from '../domain/lifecycle-events.js'
import { listSessions } from '../domain/session-list.js'
import { sessionsOfUser } from '../domain/sessions.js'
import { findUserByEmail } from '../domain/users.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  signInWithPassword,
} from '../testing/bridge-fixture.js'
import { readForm } from '../testing/test-browser.js'

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const UA = { 'User-Agent': CHROME_MAC }

/** Gives the shop a webhook endpoint, as the console would. */
async function withWebhook(bridge: Awaited<ReturnType<typeof createTestBridge>>) {
  const shop = (await bridge.storage.get(APPS, 'shop'))!
  await bridge.storage.set(APPS, 'shop', {
    ...shop,
    webhooks: [
      { id: 'ep_shop', url: 'https://shop.example/hooks', secretSealed: 'x', createdAt: 0 },
    ],
  })
}

async function signIn(bridge: Awaited<ReturnType<typeof createTestBridge>>) {
  const browser = bridge.browser()
  const start = await browser.get(authorizeUrl({}), UA)
  const login = await browser.get(start.headers.get('Location')!, UA)
  const form = readForm(await login.text())
  const done = await browser.post('/login', { ...form.fields, ...ALICE, action: 'sign-in' }, UA)
  return { browser, done }
}

describe('the session a sign-in creates', () => {
  it('keeps the device summary and the apps, and publishes session.started', async () => {
    const bridge = await createTestBridge()
    await withWebhook(bridge)
    const { browser, done } = await signIn(bridge)
    expect(done.status).toBe(200)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    // The forum has no back-channel logout URL: it is in the list all the same.
    const forum = await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
    expect(forum.status).toBe(200)
    const [listed, ...more] = await listSessions(bridge.storage, alice.id)
    expect(more).toEqual([])
    expect(listed?.summary.device).toEqual({ browser: 'Chrome', os: 'macOS', type: 'desktop' })
    expect(listed?.summary.apps.map((a) => a.name)).toEqual(['Forum', 'Shop'])
    expect(JSON.stringify(listed?.session)).not.toContain('Macintosh')
    const events = await bridge.storage.outbox.list({
      kind: WEBHOOK_KIND,
      owner: 'shop',
      limit: 10,
    })
    expect(events.map((e) => e.payload as unknown as WebhookPayload)).toEqual([
      expect.objectContaining({
        type: 'session.started',
        sid: listed?.summary.sid,
        app: 'shop',
        endpointId: 'ep_shop',
        user: expect.objectContaining({ id: alice.id, email: ALICE.email }),
      }),
    ])
  })

  it('is made even when the event cannot be queued', async () => {
    const bridge = await createTestBridge()
    await withWebhook(bridge)
    vi.spyOn(bridge.storage.outbox, 'enqueue').mockRejectedValue(new Error('outbox down'))
    const { done } = await signIn(bridge)
    expect(done.status).toBe(200)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    expect(await sessionsOfUser(bridge.storage, alice.id)).toHaveLength(1)
  })

  it('works without a user agent', async () => {
    const bridge = await createTestBridge()
    const browser = bridge.browser()
    expect((await signInWithPassword(browser)).status).toBe(200)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    const [listed] = await listSessions(bridge.storage, alice.id)
    expect(listed?.summary.device).toBeUndefined()
    expect(listed?.summary.apps.map((a) => a.id)).toEqual(['shop'])
  })
})
