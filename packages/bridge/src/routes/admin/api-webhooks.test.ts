/**
 * /admin/api/apps/{id}/webhooks and /webhook-deliveries: endpoints made, changed, paused, removed
 * and their secrets rotated through the API, each event then verified by a real receiver with the
 * `standardwebhooks` library; bad input, missing scopes and the delivery log with replay.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { listAudit } from '../../domain/audit-log.js'
import { publishUserEvent } from '../../domain/lifecycle-events.js'
import { findUserByEmail } from '../../domain/users.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { ALICE } from '../../testing/bridge-fixture.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js'

const receivers: WebhookReceiver[] = []
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()))
})

async function setUp() {
  const api = await apiBridge({ webhooks: { timeoutMs: 3000, retryDelaysMs: [], pollMs: 50 } })
  const { storage, services } = api.bridge
  const alice = (await findUserByEmail(storage, 'staff', ALICE.email))!
  async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]) {
    const started = await startWebhookReceiver(answer)
    receivers.push(started)
    return started
  }
  /** An endpoint on this receiver, its secret handed to it. */
  async function register(r: WebhookReceiver, extra: Record<string, unknown> = {}) {
    const made = await api.call('POST', '/apps/shop/webhooks', {
      body: { url: r.url, dangerouslyAllowPrivateNetwork: true, ...extra },
    })
    expect(made.status).toBe(201)
    r.secret = made.json.secret
    return made.json.webhook as { id: string }
  }
  async function publish(type: 'user.updated' | 'mfa.removed' = 'user.updated') {
    const event = type === 'user.updated' ? { type, changed: ['name'] } : { type }
    await publishUserEvent(storage, event, alice, { wake: () => services.webhooks.wake() })
    await services.webhooks.idle()
  }
  const audit = async (event: string) => (await listAudit(storage, { event })).entries
  return { ...api, alice, receiver, register, publish, audit }
}

describe('admin API: webhook endpoints', () => {
  it('adds an endpoint with its secret shown once, and its events reach a verifying receiver', async () => {
    const { call, receiver, publish, audit, alice } = await setUp()
    const site = await receiver()
    const made = await call('POST', '/apps/shop/webhooks', {
      body: { url: site.url, events: ['user.updated'], dangerouslyAllowPrivateNetwork: true },
    })
    expect(made.status).toBe(201)
    expect(made.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(made.json.webhook).toEqual({
      id: expect.stringMatching(/^ep_[0-9a-f]{16}$/),
      app: 'shop',
      url: site.url,
      events: ['user.updated'],
      disabled: false,
      dangerouslyAllowPrivateNetwork: true,
      createdAt: expect.any(Number),
    })
    site.secret = made.json.secret

    const listed = await call('GET', '/apps/shop/webhooks')
    expect(listed.json.webhooks).toEqual([made.json.webhook])
    expect(listed.text).not.toMatch(/whsec_|sealed|secret/i)
    expect((await call('GET', `/apps/shop/webhooks/${made.json.webhook.id}`)).json.webhook).toEqual(
      made.json.webhook,
    )
    // Nor does the app itself show it.
    expect((await call('GET', '/apps/shop')).text).not.toContain(made.json.secret)

    await publish('user.updated')
    await publish('mfa.removed') // not among its events: never queued
    expect(site.received).toHaveLength(1)
    expect(site.received[0]!.error).toBeUndefined()
    expect(site.received[0]!.event).toMatchObject({
      type: 'user.updated',
      data: { changed: ['name'], user: { sub: alice.id, email: ALICE.email } },
    })

    const [entry] = await audit('app.webhook_created')
    expect(entry).toMatchObject({
      actor: { type: 'api_key' },
      app: 'shop',
      target: { type: 'webhook', id: made.json.webhook.id },
      after: { url: site.url, events: ['user.updated'] },
    })
    expect(JSON.stringify(entry)).not.toContain(made.json.secret)
  })

  it('changes, pauses and removes an endpoint, each audited', async () => {
    const { call, receiver, register, publish, audit } = await setUp()
    const site = await receiver()
    const { id } = await register(site)
    const paused = await call('PATCH', `/apps/shop/webhooks/${id}`, { body: { disabled: true } })
    expect(paused.status).toBe(200)
    expect(paused.json.webhook).toMatchObject({ disabled: true, url: site.url, events: [] })
    await publish()
    expect(site.received).toEqual([])

    const resumed = await call('PATCH', `/apps/shop/webhooks/${id}`, {
      body: { disabled: false, events: ['user.updated', 'mfa.removed'] },
    })
    expect(resumed.json.webhook).toMatchObject({
      disabled: false,
      events: ['user.updated', 'mfa.removed'],
    })
    await publish()
    expect(site.received).toHaveLength(1)

    expect((await call('DELETE', `/apps/shop/webhooks/${id}`)).status).toBe(204)
    expect((await call('GET', `/apps/shop/webhooks/${id}`)).status).toBe(404)
    expect((await call('GET', '/apps/shop/webhooks')).json.webhooks).toEqual([])
    expect((await audit('app.webhook_updated')).map((e) => e.after)).toEqual([
      expect.objectContaining({ disabled: false }),
      expect.objectContaining({ disabled: true }),
    ])
    expect(await audit('app.webhook_deleted')).toEqual([
      expect.objectContaining({
        target: { type: 'webhook', id },
        before: expect.objectContaining({ url: site.url }),
      }),
    ])
  })

  it('rotates a secret: shown once, the old one still signs during the grace only', async () => {
    const { call, receiver, register, publish, audit } = await setUp()
    const site = await receiver()
    const { id } = await register(site)
    const old = site.secret
    const rotated = await call('POST', `/apps/shop/webhooks/${id}/rotate-secret`)
    expect(rotated.status).toBe(200)
    expect(rotated.json.secret).toMatch(/^whsec_/)
    expect(rotated.json.secret).not.toBe(old)

    // The receiver still has the old secret: the second signature carries it through.
    await publish()
    expect(site.received.at(-1)!.error).toBeUndefined()
    expect(String(site.received.at(-1)!.headers['webhook-signature']).split(' ')).toHaveLength(2)
    site.secret = rotated.json.secret
    await publish()
    expect(site.received.at(-1)!.error).toBeUndefined()

    const now = await call('POST', `/apps/shop/webhooks/${id}/rotate-secret`, {
      body: { graceSeconds: 0 },
    })
    site.secret = rotated.json.secret // the previous one, now dropped
    await publish()
    expect(site.received.at(-1)!.error).toMatch(/signature/i)
    site.secret = now.json.secret
    await publish()
    expect(site.received.at(-1)!.error).toBeUndefined()

    const entries = await audit('app.webhook_secret_rotated')
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({ secretsChanged: ['secret'], target: { id } })
    expect(JSON.stringify(entries)).not.toMatch(/whsec_/)
    const bad = await call('POST', `/apps/shop/webhooks/${id}/rotate-secret`, {
      body: { graceSeconds: -1 },
    })
    expect(bad.status).toBe(400)
  })
})

describe('admin API: webhook endpoints refuse bad input and change nothing', () => {
  const cases: [string, unknown, RegExp][] = [
    ['plain http off loopback', { url: 'http://example.com/hook' }, /^url: .*https/],
    ['another scheme', { url: 'ftp://example.com/hook' }, /^url: .*https/],
    ['not a URL', { url: 'hook' }, /^url: .*absolute URL/],
    ['credentials in the URL', { url: 'https://u:p@example.com/hook' }, /^url: .*user name/],
    [
      'a private address',
      { url: 'https://10.1.2.3/hook' },
      /^url: .*dangerouslyAllowPrivateNetwork/,
    ],
    ['loopback', { url: 'http://127.0.0.1:9/hook' }, /^url: .*dangerouslyAllowPrivateNetwork/],
    ['localhost', { url: 'http://localhost:9/hook' }, /^url: .*dangerouslyAllowPrivateNetwork/],
    ['link-local', { url: 'https://[fe80::1]/hook' }, /^url: .*dangerouslyAllowPrivateNetwork/],
    [
      'a metadata service, even with the opt-in',
      { url: 'http://169.254.169.254/latest', dangerouslyAllowPrivateNetwork: true },
      /^url: .*no request may go/,
    ],
    [
      'an unknown event',
      { url: 'https://example.com/h', events: ['user.exploded'] },
      /^events\[0\]/,
    ],
    [
      'an event twice',
      { url: 'https://example.com/h', events: ['user.created', 'user.created'] },
      /^events: .*twice/,
    ],
    ['an unknown field', { url: 'https://example.com/h', secret: 'whsec_mine' }, /secret/],
    ['no URL', { events: [] }, /^url/],
    ['a URL too long', { url: `https://example.com/${'a'.repeat(2100)}` }, /^url/],
    ['a wrong type', { url: 'https://example.com/h', disabled: 'yes' }, /^disabled/],
  ]
  it.each(cases)('%s', async (_name, body, description) => {
    const { call } = await setUp()
    const refused = await call('POST', '/apps/shop/webhooks', { body })
    expect(refused.status).toBe(400)
    expect(refused.json.error).toBe('invalid_request')
    expect(refused.json.error_description).toMatch(description)
    expect((await call('GET', '/apps/shop/webhooks')).json.webhooks).toEqual([])
  })

  it('refuses a body over 16 KiB, no JSON, and a PATCH that would break the URL rule', async () => {
    const { call, receiver, register } = await setUp()
    const huge = await call('POST', '/apps/shop/webhooks', {
      raw: JSON.stringify({ url: 'https://example.com/h', pad: 'x'.repeat(17 * 1024) }),
    })
    expect(huge.status).toBe(413)
    expect(huge.json.error).toBe('payload_too_large')
    const text = await call('POST', '/apps/shop/webhooks', {
      raw: 'url=https://example.com',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(text.status).toBe(400)

    const { id } = await register(await receiver())
    // Turning the opt-in off while the URL is on loopback: refused, nothing changes.
    const off = await call('PATCH', `/apps/shop/webhooks/${id}`, {
      body: { dangerouslyAllowPrivateNetwork: false },
    })
    expect(off.status).toBe(400)
    expect(off.json.error_description).toMatch(/^url: .*dangerouslyAllowPrivateNetwork/)
    expect(
      (await call('GET', `/apps/shop/webhooks/${id}`)).json.webhook.dangerouslyAllowPrivateNetwork,
    ).toBe(true)
  })

  it('answers 404 for an unknown app, endpoint or delivery, however malformed', async () => {
    const { call } = await setUp()
    expect((await call('GET', '/apps/nope/webhooks')).status).toBe(404)
    expect(
      (await call('POST', '/apps/nope/webhooks', { body: { url: 'https://example.com/h' } }))
        .status,
    ).toBe(404)
    expect((await call('GET', '/apps/shop/webhooks/ep_0000000000000000')).json.error).toBe(
      'not_found',
    )
    expect((await call('PATCH', '/apps/shop/webhooks/NOPE!', { body: {} })).status).toBe(404)
    expect((await call('DELETE', `/apps/shop/webhooks/${'x'.repeat(300)}`)).status).toBe(404)
    expect((await call('POST', '/apps/shop/webhooks/ep_x/rotate-secret')).status).toBe(404)
    expect(
      (await call('POST', '/apps/shop/webhook-deliveries/1700000000000-AAAAAAAAAAAA/replay'))
        .status,
    ).toBe(404)
    expect((await call('POST', '/apps/shop/webhook-deliveries/nope/replay')).status).toBe(404)
    expect((await call('GET', '/apps/shop/webhook-deliveries?cursor=nope')).status).toBe(400)
    expect((await call('GET', '/apps/shop/webhook-deliveries?state=lost')).status).toBe(400)
  })
})

describe('admin API: webhook scopes', () => {
  it('needs apps:read to list and apps:write to change, each refusal a 403 with its code', async () => {
    const { call, key } = await setUp()
    const reader = await key(['apps:read'])
    const other = await key(['users:write'])
    expect((await call('GET', '/apps/shop/webhooks', { key: reader })).status).toBe(200)
    expect((await call('GET', '/apps/shop/webhook-deliveries', { key: reader })).status).toBe(200)
    for (const [method, path] of [
      ['POST', '/apps/shop/webhooks'],
      ['PATCH', '/apps/shop/webhooks/ep_0000000000000000'],
      ['DELETE', '/apps/shop/webhooks/ep_0000000000000000'],
      ['POST', '/apps/shop/webhooks/ep_0000000000000000/rotate-secret'],
      ['POST', '/apps/shop/webhook-deliveries/1700000000000-AAAAAAAAAAAA/replay'],
    ] as const) {
      const refused = await call(method, path, {
        key: reader,
        body: { url: 'https://example.com/h' },
      })
      expect(refused.status).toBe(403)
      expect(refused.json.error).toBe('insufficient_scope')
    }
    const refused = await call('GET', '/apps/shop/webhooks', { key: other })
    expect(refused.status).toBe(403)
    expect(refused.json.error).toBe('insufficient_scope')
    expect((await call('GET', '/apps/shop/webhooks', { key: null })).status).toBe(401)
    expect((await call('GET', '/apps/shop/webhooks')).json.webhooks).toEqual([])
  })

  it('needs the admin scope to let an endpoint reach private networks', async () => {
    const { call, key } = await setUp()
    const writer = await key(['apps:write'])
    const body = { url: 'http://127.0.0.1:9/hook', dangerouslyAllowPrivateNetwork: true }
    const refused = await call('POST', '/apps/shop/webhooks', { key: writer, body })
    expect(refused.status).toBe(403)
    expect(refused.json.error).toBe('insufficient_scope')
    expect((await call('GET', '/apps/shop/webhooks')).json.webhooks).toEqual([])
    const plain = await call('POST', '/apps/shop/webhooks', {
      key: writer,
      body: { url: 'https://hooks.example.com/sso' },
    })
    expect(plain.status).toBe(201)
    const turnOn = await call('PATCH', `/apps/shop/webhooks/${plain.json.webhook.id}`, {
      key: writer,
      body: { dangerouslyAllowPrivateNetwork: true },
    })
    expect(turnOn.status).toBe(403)
    expect((await call('POST', '/apps/shop/webhooks', { body })).status).toBe(201)
  })

  it('is in the OpenAPI document, with the scope each operation needs', async () => {
    const { call } = await setUp()
    const doc = (await call('GET', '/openapi.json', { key: null })).json
    expect(doc.paths['/apps/{id}/webhooks'].get['x-scope']).toBe('apps:read')
    expect(doc.paths['/apps/{id}/webhooks'].post['x-scope']).toBe('apps:write')
    expect(doc.paths['/apps/{id}/webhooks/{endpoint}'].patch['x-scope']).toBe('apps:write')
    expect(doc.paths['/apps/{id}/webhooks/{endpoint}/rotate-secret'].post['x-scope']).toBe(
      'apps:write',
    )
    expect(doc.paths['/apps/{id}/webhook-deliveries'].get['x-scope']).toBe('apps:read')
    expect(doc.paths['/apps/{id}/webhook-deliveries/{delivery}/replay'].post['x-scope']).toBe(
      'apps:write',
    )
    const input =
      doc.paths['/apps/{id}/webhooks'].post.requestBody.content['application/json'].schema
    expect(input.properties.events.items.enum).toContain('session.ended')
    expect(input.additionalProperties).toBe(false)
  })
})

describe('admin API: webhook delivery log and replay', () => {
  it('lists deliveries, and replays a delivered one under the same webhook-id', async () => {
    const { call, receiver, register, publish, audit, bridge } = await setUp()
    const site = await receiver()
    const { id: endpoint } = await register(site)
    await publish()
    const page = await call('GET', '/apps/shop/webhook-deliveries')
    expect(page.status).toBe(200)
    const [delivery] = page.json.deliveries
    expect(delivery).toEqual({
      id: expect.any(String),
      app: 'shop',
      endpoint,
      type: 'user.updated',
      eventId: site.received[0]!.headers['webhook-id'],
      state: 'delivered',
      attempts: 1,
      createdAt: expect.any(Number),
      giveUpAt: expect.any(Number),
      lastAttemptAt: expect.any(Number),
      lastStatus: 200,
      deliveredAt: expect.any(Number),
    })
    expect(page.text).not.toMatch(/alice|example\.com|whsec/i)

    const replayed = await call('POST', `/apps/shop/webhook-deliveries/${delivery.id}/replay`)
    expect(replayed.status).toBe(200)
    expect(replayed.json.delivery).toMatchObject({
      state: 'pending',
      replayOf: delivery.id,
      eventId: delivery.eventId,
    })
    expect(replayed.json.delivery.id).not.toBe(delivery.id)
    await bridge.services.webhooks.idle()
    expect(site.received).toHaveLength(2)
    expect(site.received[1]!.headers['webhook-id']).toBe(delivery.eventId)
    expect(site.received[1]!.error).toBeUndefined()
    const [entry] = await audit('app.webhook_replayed')
    expect(entry).toMatchObject({
      actor: { type: 'api_key' },
      app: 'shop',
      target: { type: 'webhook_delivery', id: delivery.id },
      before: { state: 'delivered' },
      after: { delivery: replayed.json.delivery.id, state: 'pending' },
    })
    const limited = await call('GET', '/apps/shop/webhook-deliveries?limit=1')
    expect(limited.json.deliveries).toHaveLength(1)
    expect(limited.json.nextCursor).toBe(replayed.json.delivery.id)
    const rest = await call(
      'GET',
      `/apps/shop/webhook-deliveries?cursor=${limited.json.nextCursor}`,
    )
    expect(rest.json.deliveries.map((d: { id: string }) => d.id)).toEqual([delivery.id])
  })

  it('retries a failed delivery now, and refuses one whose endpoint was removed', async () => {
    const { call, receiver, register, publish, bridge } = await setUp()
    const site = await receiver((attempt) => (attempt === 1 ? 500 : 200))
    const { id: endpoint } = await register(site)
    await publish()
    const [failed] = (await call('GET', '/apps/shop/webhook-deliveries?state=failed')).json
      .deliveries
    expect(failed).toMatchObject({ state: 'failed', lastStatus: 500, lastError: 'status_500' })
    const retried = await call('POST', `/apps/shop/webhook-deliveries/${failed.id}/replay`)
    expect(retried.json.delivery).toMatchObject({ id: failed.id, state: 'pending' })
    await bridge.services.webhooks.idle()
    expect((await call('GET', '/apps/shop/webhook-deliveries')).json.deliveries).toEqual([
      expect.objectContaining({ id: failed.id, state: 'delivered', attempts: 2, lastStatus: 200 }),
    ])
    expect(site.received.map((r) => r.headers['webhook-id'])).toEqual([
      failed.eventId,
      failed.eventId,
    ])

    await call('DELETE', `/apps/shop/webhooks/${endpoint}`)
    const gone = await call('POST', `/apps/shop/webhook-deliveries/${failed.id}/replay`)
    expect(gone.status).toBe(409)
    expect(gone.json.error).toBe('conflict')
  })
})
