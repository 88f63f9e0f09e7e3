/**
 * The kit's POST /webhooks with real signed requests: signed here as the Standard Webhooks
 * specification says (HMAC-SHA256 over `id.timestamp.body` with the secret's bytes), verified by
 * the site with verifyWebhook of @ssobridge/verify, then applied to its own users and sessions.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDemoSite, type DemoSite } from './create-demo-site.js'
import { createSession, findSessionUser } from './sessions.js'
import { upsertUser } from './users.js'

const publicUrl = 'http://127.0.0.1:4001'
const secretBytes = randomBytes(32)
const SECRET = `whsec_${secretBytes.toString('base64')}`

function signed(
  event: { type: string; data: Record<string, unknown> },
  options: { id?: string; at?: number; key?: Buffer; body?: string } = {},
) {
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`
  const timestamp = String(options.at ?? Math.floor(Date.now() / 1000))
  const body = options.body ?? JSON.stringify({ ...event, timestamp: new Date().toISOString() })
  const signature = createHmac('sha256', options.key ?? secretBytes)
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64')
  return {
    id,
    body,
    headers: {
      'Content-Type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    } as Record<string, string>,
  }
}

let site: DemoSite
beforeEach(() => {
  site = createDemoSite({
    appId: 'shop',
    title: 'Shop',
    publicUrl,
    bridgeUrl: 'http://localhost:4000',
    databaseFile: ':memory:',
    verify: { secret: randomBytes(32).toString('base64url') },
    webhookSecret: SECRET,
  })
})
afterEach(() => site.close())

const post = (request: { body: string; headers: Record<string, string> }) =>
  site.app.request(`${publicUrl}/webhooks`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  })

const now = () => Math.floor(Date.now() / 1000)
const users = () => site.db.prepare('SELECT sub, email, name FROM users ORDER BY sub').all()
const eventCount = () =>
  (site.db.prepare('SELECT count(*) AS n FROM webhook_events').get() as { n: number }).n

/** Alice, signed in here twice: from bridge sessions `sid-1` and `sid-2`. */
function signedInAlice() {
  const user = upsertUser(
    site.db,
    { sub: 'sub-alice', email: 'alice@example.com', name: 'Alice' },
    now(),
  )
  return {
    first: createSession(site.db, user.id, now(), 3600, 'sid-1'),
    second: createSession(site.db, user.id, now(), 3600, 'sid-2'),
  }
}

describe('the demo site kit takes the bridge webhooks', () => {
  it('copies a changed email and name into its users table', async () => {
    signedInAlice()
    const response = await post(
      signed({
        type: 'user.updated',
        data: {
          user: { sub: 'sub-alice', email: 'alice@new.example', name: 'Alice Liddell' },
          changed: ['email', 'name'],
        },
      }),
    )
    expect(response.status).toBe(204)
    expect(users()).toEqual([
      { sub: 'sub-alice', email: 'alice@new.example', name: 'Alice Liddell' },
    ])
  })

  it('ends only the local sessions of the bridge session that ended', async () => {
    const { first, second } = signedInAlice()
    const response = await post(
      signed({
        type: 'session.ended',
        data: { user: { sub: 'sub-alice' }, sid: 'sid-1', reason: 'user' },
      }),
    )
    expect(response.status).toBe(204)
    expect(findSessionUser(site.db, first, now())).toBeUndefined()
    expect(findSessionUser(site.db, second, now())).toMatchObject({ sub: 'sub-alice' })
  })

  it('removes a deleted user with their sessions, and a disabled one’s sessions', async () => {
    const alice = signedInAlice()
    const bob = upsertUser(site.db, { sub: 'sub-bob', email: 'bob@example.com' }, now())
    const bobs = createSession(site.db, bob.id, now(), 3600, 'sid-9')
    expect(
      (await post(signed({ type: 'user.disabled', data: { user: { sub: 'sub-bob' } } }))).status,
    ).toBe(204)
    expect(findSessionUser(site.db, bobs, now())).toBeUndefined()
    expect(users()).toHaveLength(2)
    expect(
      (await post(signed({ type: 'user.deleted', data: { user: { sub: 'sub-alice' } } }))).status,
    ).toBe(204)
    expect(users()).toEqual([{ sub: 'sub-bob', email: 'bob@example.com', name: null }])
    expect(findSessionUser(site.db, alice.first, now())).toBeUndefined()
    const sessions = site.db.prepare('SELECT count(*) AS n FROM sessions').get()
    expect(sessions).toEqual({ n: 0 })
  })

  it('applies a retried event once (the same webhook-id)', async () => {
    signedInAlice()
    const first = signed({
      type: 'user.updated',
      data: { user: { sub: 'sub-alice', name: 'Once' }, changed: ['name'] },
    })
    expect((await post(first)).status).toBe(204)
    site.db.prepare("UPDATE users SET name = 'Edited here' WHERE sub = 'sub-alice'").run()
    const again = signed(
      { type: 'user.updated', data: { user: { sub: 'sub-alice', name: 'Once' } } },
      { id: first.id, body: first.body },
    )
    expect((await post(again)).status).toBe(200)
    expect(users()).toMatchObject([{ name: 'Edited here' }])
    expect(eventCount()).toBe(1)
  })

  it('lists what it received on /events, escaped, with "you" for the signed-in user', async () => {
    const { first } = signedInAlice()
    await post(
      signed({ type: 'mfa.enrolled', data: { user: { sub: 'sub-alice' }, factor: 'totp' } }),
    )
    await post(
      signed({
        type: 'user.updated',
        data: { user: { sub: '<script>x</script>' }, changed: ['<b>name</b>'] },
      }),
    )
    const page = await site.app.request(`${publicUrl}/events`, {
      headers: { Cookie: `shop_session=${first}` },
    })
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain('<code>mfa.enrolled</code>')
    expect(html).toContain('factor: totp')
    expect(html).toContain('<td>you</td>')
    expect(html).not.toContain('<script>x')
    expect(html).not.toContain('<b>name</b>')
    expect(html).toContain('&lt;b&gt;name&lt;/b&gt;')
    // The newest first.
    expect(html.indexOf('user.updated')).toBeLessThan(html.indexOf('mfa.enrolled'))
  })

  describe('refuses, with the code, and changes nothing', () => {
    const update = {
      type: 'user.updated',
      data: { user: { sub: 'sub-alice', name: 'Mallory' }, changed: ['name'] },
    }
    const cases: [
      string,
      () => { body: string; headers: Record<string, string> },
      number,
      string,
    ][] = [
      [
        'another secret',
        () => signed(update, { key: randomBytes(32) }),
        400,
        'webhook_signature_invalid',
      ],
      [
        'a body changed after signing',
        () => {
          const request = signed(update)
          return { ...request, body: request.body.replace('Mallory', 'Mallorx') }
        },
        400,
        'webhook_signature_invalid',
      ],
      [
        'a timestamp an hour old',
        () => signed(update, { at: now() - 3600 }),
        400,
        'webhook_timestamp_out_of_range',
      ],
      [
        'no signature header',
        () => {
          const request = signed(update)
          delete request.headers['webhook-signature']
          return request
        },
        400,
        'webhook_malformed',
      ],
      [
        'a signed body that is no JSON',
        () => signed(update, { body: 'not json' }),
        400,
        'webhook_malformed',
      ],
      [
        'a signed event without a user',
        () => signed({ type: 'user.updated', data: {} }),
        400,
        'webhook_malformed',
      ],
      [
        'a body over 64 KiB',
        () => signed(update, { body: 'x'.repeat(70_000) }),
        413,
        'payload_too_large',
      ],
    ]
    for (const [what, request, status, code] of cases)
      it(what, async () => {
        signedInAlice()
        const response = await post(request())
        expect(response.status).toBe(status)
        expect(await response.json()).toEqual({ error: code })
        expect(users()).toMatchObject([{ name: 'Alice' }])
        expect(eventCount()).toBe(0)
      })
  })

  it('takes no webhooks without a secret, and refuses a secret that is not one', async () => {
    const options = {
      appId: 'forum',
      title: 'Forum',
      publicUrl,
      bridgeUrl: 'http://localhost:4000',
      databaseFile: ':memory:',
      verify: { secret: randomBytes(32).toString('base64url') },
    }
    const plain = createDemoSite(options)
    try {
      const response = await plain.app.request(`${publicUrl}/webhooks`, {
        method: 'POST',
        body: '{}',
      })
      expect(response.status).toBe(404)
      expect((await plain.app.request(`${publicUrl}/events`)).status).toBe(404)
    } finally {
      plain.close()
    }
    expect(() => createDemoSite({ ...options, webhookSecret: 'not-a-secret' })).toThrow(TypeError)
    expect(() => createDemoSite({ ...options, webhookSecret: [] })).toThrow(TypeError)
  })
})
