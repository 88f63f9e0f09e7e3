/**
 * The console's webhook pages, in-process: an endpoint added from its form (the secret shown once),
 * its events verified by a real receiver, edited, paused, its secret rotated, deleted; bad input
 * shown on the form; the delivery log with replay.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { listAudit } from '../../domain/audit-log.js'
import { getApp } from '../../domain/apps.js'
import { publishUserEvent } from '../../domain/lifecycle-events.js'
import { findUserByEmail } from '../../domain/users.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import { ALICE, createTestBridge } from '../../testing/bridge-fixture.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js'

const receivers: WebhookReceiver[] = []
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()))
})

const PAGE = '/admin/apps/shop/webhooks'
const LOG = '/admin/apps/shop/webhook-deliveries'

async function setUp(answer?: Parameters<typeof startWebhookReceiver>[0]) {
  const site = await startWebhookReceiver(answer)
  receivers.push(site)
  const bridge = await createTestBridge({
    webhooks: { timeoutMs: 3000, retryDelaysMs: [], pollMs: 50 },
  })
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  const admin = bridge.browser()
  const login = await (await admin.get('/admin/login')).text()
  await post(admin, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
  async function publish() {
    await publishUserEvent(bridge.storage, { type: 'user.updated', changed: ['email'] }, alice, {
      wake: () => bridge.services.webhooks.wake(),
    })
    await bridge.services.webhooks.idle()
  }
  /** Submits the form posting to `action` on `page`, with `extra` pairs (repeats allowed). */
  async function submit(page: string, action: string, extra: [string, string][] = []) {
    const html = await (await admin.get(page)).text()
    return post(admin, action, [...Object.entries(formFields(html, action)), ...extra])
  }
  async function add(extra: [string, string][] = []) {
    const response = await submit(PAGE, PAGE, [
      ['url', site.url],
      ['dangerouslyAllowPrivateNetwork', 'on'],
      ...extra,
    ])
    const html = await response.text()
    const secret = /value="(whsec_[^"]+)"/.exec(html)?.[1]
    const id = (await getApp(bridge.storage, 'shop'))!.webhooks?.at(-1)?.id
    return { response, html, secret, id }
  }
  return { bridge, site, admin, publish, submit, add }
}

describe('console: webhook endpoints', () => {
  it('adds an endpoint with the secret shown once, and the receiver verifies its events', async () => {
    const { bridge, site, admin, publish, add } = await setUp()
    const appPage = await (await admin.get('/admin/apps/shop')).text()
    expect(appPage).toContain(`href="${PAGE}"`)
    expect(appPage).toContain(`href="${LOG}"`)
    expect(appPage).toContain('No endpoints.')

    const { response, html, secret, id } = await add([['events', 'user.updated']])
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toContain('no-store')
    expect(html).toContain('Copy this signing secret')
    expect(secret).toMatch(/^whsec_/)
    site.secret = secret!
    await publish()
    expect(site.received).toHaveLength(1)
    expect(site.received[0]!.error).toBeUndefined()
    expect(site.received[0]!.event!.type).toBe('user.updated')

    // Shown once: neither the page again nor the app's page has it.
    expect(await (await admin.get(PAGE)).text()).not.toContain(secret)
    const listed = await (await admin.get('/admin/apps/shop')).text()
    expect(listed).not.toContain(secret)
    expect(listed).toContain(site.url)
    const [entry] = (await listAudit(bridge.storage, { event: 'app.webhook_created' })).entries
    expect(entry).toMatchObject({ actor: { type: 'admin' }, target: { type: 'webhook', id } })
  })

  it('shows bad input on the form, and saves nothing', async () => {
    const { bridge, submit } = await setUp()
    for (const [url, says] of [
      ['http://example.com/hook', 'must use https'],
      ['https://10.0.0.7/hook', 'dangerouslyAllowPrivateNetwork'],
      ['not a url', 'absolute URL'],
    ] as const) {
      const refused = await submit(PAGE, PAGE, [['url', url]])
      expect(refused.status).toBe(400)
      const html = await refused.text()
      expect(html).toContain(says)
      // What was typed is shown again.
      expect(html).toContain(`value="${url}"`)
    }
    const unknown = await submit(PAGE, PAGE, [
      ['url', 'https://example.com/h'],
      ['events', 'user.exploded'],
    ])
    expect(unknown.status).toBe(400)
    expect((await getApp(bridge.storage, 'shop'))!.webhooks ?? []).toEqual([])
  })

  it('edits the events, pauses and resumes, rotates the secret and deletes', async () => {
    const { bridge, site, admin, publish, submit, add } = await setUp()
    const { id, secret } = await add()
    site.secret = secret!
    const stored = async () => (await getApp(bridge.storage, 'shop'))!.webhooks!
    // The form holds the URL as stored; the ticked boxes are what a browser would add.
    const edit = await submit(PAGE, `${PAGE}/${id}`, [
      ['dangerouslyAllowPrivateNetwork', 'on'],
      ['events', 'user.updated'],
      ['events', 'session.ended'],
    ])
    expect(edit.status).toBe(303)
    expect(edit.headers.get('Location')).toBe(`${PAGE}?done=saved`)
    expect((await stored())[0]!.events).toEqual(['user.updated', 'session.ended'])

    expect((await submit(PAGE, `${PAGE}/${id}/pause`)).status).toBe(303)
    expect((await stored())[0]!.disabled).toBe(true)
    expect(await (await admin.get(PAGE)).text()).toContain('(paused)')
    await publish()
    expect(site.received).toEqual([])
    expect((await submit(PAGE, `${PAGE}/${id}/resume`)).status).toBe(303)
    expect((await stored())[0]!.disabled).toBeUndefined()

    // A new secret needs the box ticked; then it is shown once, and the old one still signs.
    expect((await submit(PAGE, `${PAGE}/${id}/rotate-secret`)).status).toBe(400)
    const rotated = await submit(PAGE, `${PAGE}/${id}/rotate-secret`, [['confirm', 'on']])
    expect(rotated.status).toBe(200)
    const next = /value="(whsec_[^"]+)"/.exec(await rotated.text())?.[1]
    expect(next).toMatch(/^whsec_/)
    expect(next).not.toBe(secret)
    await publish()
    expect(site.received.at(-1)!.error).toBeUndefined()

    expect((await submit(PAGE, `${PAGE}/${id}/delete`)).status).toBe(400)
    const removed = await submit(PAGE, `${PAGE}/${id}/delete`, [['confirm', 'on']])
    expect(removed.headers.get('Location')).toBe(`${PAGE}?done=deleted`)
    expect(await stored()).toEqual([])
    expect((await admin.get('/admin/apps/nope/webhooks')).status).toBe(404)
  })
})

describe('console: webhook delivery log', () => {
  it('lists a failed delivery, retries it, and replays the delivered one', async () => {
    const { site, admin, publish, submit, add, bridge } = await setUp((n) => (n === 1 ? 500 : 200))
    const { secret } = await add()
    site.secret = secret!
    await publish()
    const html = await (await admin.get(LOG)).text()
    expect(html).toContain('HTTP 500')
    expect(html).toContain('user.updated')
    const [entry] = await bridge.storage.outbox.list({ kind: 'webhook', owner: 'shop', limit: 1 })
    const replay = `${LOG}/${entry!.id}/replay`
    const retried = await submit(LOG, replay)
    expect(retried.status).toBe(303)
    expect(retried.headers.get('Location')).toBe(`${LOG}?done=retried`)
    await bridge.services.webhooks.idle()
    expect(site.received).toHaveLength(2)
    expect(await (await admin.get(`${LOG}?state=delivered`)).text()).toContain('Replay')

    await submit(LOG, replay)
    await bridge.services.webhooks.idle()
    expect(site.received).toHaveLength(3)
    const ids = new Set(site.received.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    expect(site.received.every((r) => r.error === undefined)).toBe(true)
    expect(await (await admin.get(LOG)).text()).toContain('(replay)')
    expect((await post(admin, `${LOG}/nope/replay`, formFields(html, replay))).status).toBe(404)
  })
})
