/**
 * The webhook outbox worker against real receivers on 127.0.0.1 that verify every delivery with
 * the `standardwebhooks` library: the body an app may see, the same webhook-id on every attempt,
 * retries of a 500, and a receiver that times out, redirects or sits on a private address.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestBridge } from '../testing/bridge-fixture.js'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js'
import type { Storage } from '../storage/types.js'
import type { SecretBox } from '../keys/secret-box.js'
import { APPS, getApp, type App } from './apps.js'
import { publishUserEvent, WEBHOOK_KIND, type LifecycleEvent } from './lifecycle-events.js'
import { findUserByEmail } from './users.js'
import { webhookSecretContext, type WebhookEndpoint } from './webhook-endpoints.js'
import type { WebhookSenderOptions } from './webhook-sender.js'

const receivers: WebhookReceiver[] = []
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()))
})

async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]) {
  const started = await startWebhookReceiver(answer)
  receivers.push(started)
  return started
}

/** Registers an endpoint on the app in storage, as the admin service does; returns its secret. */
async function addEndpoint(
  storage: Storage,
  box: SecretBox,
  appId: string,
  endpoint: { url: string; allowPrivate?: boolean; app?: Partial<App> },
) {
  const app = (await getApp(storage, appId))!
  const id = `ep_${randomBytes(6).toString('hex')}`
  const secret = `whsec_${randomBytes(24).toString('base64')}`
  const entry: WebhookEndpoint = {
    id,
    url: endpoint.url,
    secretSealed: box.seal(secret, webhookSecretContext(appId, id)),
    createdAt: Date.now(),
    ...(endpoint.allowPrivate !== false && { dangerouslyAllowPrivateNetwork: true }),
  }
  await storage.set(APPS, appId, {
    ...app,
    ...endpoint.app,
    webhooks: [...(app.webhooks ?? []), entry],
  })
  return { id, secret }
}

async function setUp(options: Partial<Omit<WebhookSenderOptions, 'logger'>> = {}) {
  const bridge = await createTestBridge({
    // Generous: a loaded machine must not turn a slow answer into a retry.
    webhooks: { timeoutMs: 3000, retryDelaysMs: [20, 20], pollMs: 50, ...options },
  })
  const { storage, services } = bridge
  const alice = (await findUserByEmail(storage, 'staff', 'alice@example.com'))!
  const publish = (event: LifecycleEvent, wake = true) =>
    publishUserEvent(storage, event, alice, {
      wake: wake ? () => services.webhooks.wake() : undefined,
    })
  const entries = (owner: string) => storage.outbox.list({ kind: WEBHOOK_KIND, owner, limit: 10 })
  const add = (
    appId: string,
    r: WebhookReceiver,
    extra: Parameters<typeof addEndpoint>[3] = { url: r.url },
  ) =>
    addEndpoint(storage, services.box, appId, extra).then((ep) => {
      r.secret = ep.secret
      return ep
    })
  return { bridge, storage, services, alice, publish, entries, add }
}

describe('the webhook outbox worker', () => {
  it('delivers a signed event the receiver verifies, with only what the app may see', async () => {
    const shop = await receiver()
    const { services, alice, publish, entries, add } = await setUp()
    await add('shop', shop)
    expect(await publish({ type: 'user.updated', changed: ['email', 'name'] })).toBe(1)
    await services.webhooks.idle()

    expect(shop.received).toHaveLength(1)
    const [got] = shop.received
    expect(got!.error).toBeUndefined()
    const [entry] = await entries('shop')
    expect(entry).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200 })
    expect(got!.headers['webhook-id']).toBe((entry!.payload as { eventId: string }).eventId)
    expect(got!.headers['content-type']).toBe('application/json')
    expect(Number(got!.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1)
    expect(got!.event).toEqual({
      type: 'user.updated',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        changed: ['email', 'name'],
        user: {
          sub: alice.id,
          email: 'alice@example.com',
          email_verified: true,
          name: 'Alice Example',
          given_name: 'Alice',
          family_name: 'Example',
          idp: 'staff',
        },
      },
    })
    expect(got!.body).not.toMatch(/password|secret|hash/i)
    await services.webhooks.stop()
  })

  it('gives a pairwise app its own sub, and names no other app a session signed into', async () => {
    const forum = await receiver()
    const { services, alice, publish, add } = await setUp()
    await add('forum', forum, { url: forum.url, app: { subject: 'pairwise' } })
    await publish({ type: 'session.started', sid: 'sid-1', app: 'shop' })
    await publish({ type: 'session.started', sid: 'sid-2', app: 'forum' })
    await services.webhooks.idle()

    const events = forum.received.map((r) => r.event!)
    expect(events).toHaveLength(2)
    const subs = events.map((e) => (e.data.user as { sub: string }).sub)
    expect(subs[0]).not.toBe(alice.id)
    expect(subs[0]).toMatch(/^[\w-]{43}$/)
    expect(subs[1]).toBe(subs[0])
    expect(events.find((e) => e.data.sid === 'sid-1')!.data).not.toHaveProperty('app')
    expect(events.find((e) => e.data.sid === 'sid-2')!.data.app).toBe('forum')
    await services.webhooks.stop()
  })

  it('retries a receiver answering 500, signing again under the same webhook-id', async () => {
    const shop = await receiver((attempt) => (attempt === 1 ? 500 : 200))
    const { services, publish, entries, add } = await setUp()
    await add('shop', shop)
    await publish({ type: 'mfa.enrolled', factor: 'totp' })
    await services.webhooks.idle()

    expect(shop.received).toHaveLength(2)
    expect(shop.received.map((r) => r.error)).toEqual([undefined, undefined])
    const ids = shop.received.map((r) => r.headers['webhook-id'])
    expect(ids[1]).toBe(ids[0])
    expect(shop.received[1]!.event!.data).toEqual({
      factor: 'totp',
      user: expect.objectContaining({ email: 'alice@example.com' }),
    })
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'delivered', attempts: 2, lastStatus: 200 }),
    ])
    await services.webhooks.stop()
  })

  it('retries a receiver that never answers until the retries run out', async () => {
    const shop = await receiver(() => 'hang')
    const { services, publish, entries, add } = await setUp({ timeoutMs: 200, retryDelaysMs: [20] })
    await add('shop', shop)
    await publish({ type: 'password.changed' })
    await services.webhooks.idle()

    expect(shop.received).toHaveLength(2)
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'failed', attempts: 2, lastError: 'unreachable' }),
    ])
    await services.webhooks.stop()
  })

  it('never follows a redirect: a 3xx fails for good, with its status', async () => {
    const elsewhere = await receiver()
    const shop = await receiver(() => ({ redirect: elsewhere.url }))
    const { services, publish, entries, add } = await setUp()
    await add('shop', shop)
    await publish({ type: 'user.disabled' })
    await services.webhooks.idle()

    expect(shop.received).toHaveLength(1)
    expect(elsewhere.received).toEqual([])
    expect(await entries('shop')).toEqual([
      expect.objectContaining({
        state: 'failed',
        attempts: 1,
        lastStatus: 302,
        lastError: 'status_302',
      }),
    ])
    await services.webhooks.stop()
  })

  it('fails a 4xx for good, but retries 429 and 408', async () => {
    const shop = await receiver((attempt) => [429, 408, 410][attempt - 1] ?? 200)
    const { services, publish, entries, add } = await setUp({ retryDelaysMs: [20, 20, 20] })
    await add('shop', shop)
    await publish({ type: 'user.deleted' })
    await services.webhooks.idle()

    expect(shop.received).toHaveLength(3)
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'failed', attempts: 3, lastStatus: 410 }),
    ])
    await services.webhooks.stop()
  })

  it('refuses a private address without the endpoint opt-in, and plain http off loopback', async () => {
    const shop = await receiver()
    const { services, publish, entries, add } = await setUp({ timeoutMs: 100 })
    await add('shop', shop, { url: shop.url, allowPrivate: false })
    await add('forum', shop, { url: 'http://example.com/hooks', allowPrivate: true })
    await publish({ type: 'user.created' })
    await services.webhooks.idle()

    expect(shop.received).toEqual([])
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'failed', attempts: 1, lastError: 'address_refused' }),
    ])
    expect(await entries('forum')).toEqual([
      expect.objectContaining({ state: 'failed', attempts: 1, lastError: 'scheme_refused' }),
    ])
    await services.webhooks.stop()
  })

  it('sends nothing to an app that no longer signs in the user, nor to a paused endpoint', async () => {
    const shop = await receiver()
    // Nothing is claimed before the wake below: the changes come between queueing and sending.
    const { storage, services, publish, entries, add } = await setUp({ pollMs: 60_000 })
    await add('shop', shop)
    await add('forum', shop)
    await publish({ type: 'user.updated', changed: ['groups'] }, false)
    const forum = (await getApp(storage, 'forum'))!
    await storage.set(APPS, 'forum', { ...forum, connections: ['partners'] })
    const app = (await getApp(storage, 'shop'))!
    await storage.set(APPS, 'shop', {
      ...app,
      webhooks: app.webhooks!.map((e) => ({ ...e, disabled: true })),
    })
    services.webhooks.wake()
    await services.webhooks.idle()

    expect(shop.received).toEqual([])
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'failed', lastError: 'endpoint_paused' }),
    ])
    expect(await entries('forum')).toEqual([
      expect.objectContaining({ state: 'failed', lastError: 'user_not_of_app' }),
    ])
    await services.webhooks.stop()
  })
})
