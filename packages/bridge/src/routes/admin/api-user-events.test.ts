/**
 * The admin's changes to users reach the apps as lifecycle events: through the admin API, each
 * change queues one webhook entry for every endpoint of each app whose connections include the
 * user, and none for any other app.
 */
import { describe, expect, it } from 'vitest'
import { applyConfig } from '../../config/apply-config.js'
import { parseConfig } from '../../config/load-config.js'
import { listAudit } from '../../domain/audit-log.js'
import { findUserByEmail, saveUser } from '../../domain/users.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { ALICE, testConfig, testEnv } from '../../testing/bridge-fixture.js'
import { captureLogs } from '../../testing/log-capture.js'
import { addWebhookEndpoint, queuedEvents } from '../../testing/webhook-outbox-kit.js'

async function setup() {
  const api = await apiBridge()
  const { storage, box } = api.bridge.services
  // shop and forum use `staff`; partner-portal uses `partners`. forum has no endpoint.
  const shop = await addWebhookEndpoint(storage, box, 'shop')
  await addWebhookEndpoint(storage, box, 'partner-portal')
  const alice = (await findUserByEmail(storage, 'staff', ALICE.email))!
  return { ...api, storage, box, shop, alice }
}

describe('admin user changes as lifecycle events', () => {
  it('tells the apps of the user’s connection that a user was created, and no other app', async () => {
    const { call, storage, shop } = await setup()
    const created = await call('POST', '/users', {
      body: { connection: 'staff', email: 'bob@example.com', name: 'Bob' },
    })
    expect(created.status).toBe(201)
    const [event, ...more] = await queuedEvents(storage, 'shop')
    expect(more).toEqual([])
    expect(event).toMatchObject({
      type: 'user.created',
      endpointId: shop.id,
      user: { id: created.json.user.id, email: 'bob@example.com', name: 'Bob' },
    })
    expect(event!.eventId).toMatch(/^msg_/)
    // The payload is what the outbox keeps: never the password or its hash.
    expect(JSON.stringify(event)).not.toMatch(/password|argon2/i)
    expect(await queuedEvents(storage, 'partner-portal')).toEqual([])
    expect(await queuedEvents(storage, 'forum')).toEqual([])

    const partner = await call('POST', '/users', {
      body: { connection: 'partners', email: 'pat@partner.example' },
    })
    expect(partner.status).toBe(201)
    expect(await queuedEvents(storage, 'partner-portal')).toMatchObject([
      { type: 'user.created', user: { email: 'pat@partner.example' } },
    ])
    expect(await queuedEvents(storage, 'shop')).toHaveLength(1)
  })

  it('says which fields changed on an update, and queues nothing when nothing did', async () => {
    const { call, storage, alice } = await setup()
    const updated = await call('PATCH', `/users/${alice.id}`, {
      body: { name: 'Alice Liddell', familyName: 'Liddell' },
    })
    expect(updated.status).toBe(200)
    expect(await queuedEvents(storage, 'shop')).toMatchObject([
      {
        type: 'user.updated',
        changed: ['familyName', 'name'],
        user: { id: alice.id, name: 'Alice Liddell' },
      },
    ])
    const same = await call('PATCH', `/users/${alice.id}`, { body: { name: 'Alice Liddell' } })
    expect(same.status).toBe(200)
    expect(await queuedEvents(storage, 'shop')).toHaveLength(1)
    // A refused update changes nothing and tells nobody.
    const refused = await call('PATCH', `/users/${alice.id}`, { body: { name: 42 } })
    expect(refused.status).toBe(400)
    expect(await queuedEvents(storage, 'shop')).toHaveLength(1)
    expect(await queuedEvents(storage, 'partner-portal')).toEqual([])
  })

  it('tells of a new password and of removed factors, audited with the API key', async () => {
    const { call, storage, alice } = await setup()
    const reset = await call('POST', `/users/${alice.id}/password`, { body: {} })
    expect(reset.status).toBe(200)
    await saveUser(storage, {
      ...alice,
      totp: { secretSealed: 'x', enrolledAt: 1 },
      recoveryCodes: ['a'],
    })
    const mfa = await call('POST', `/users/${alice.id}/mfa/reset`)
    expect(mfa.status).toBe(200)
    // Sorted: events queued within one millisecond have no order in the outbox.
    expect(
      (await queuedEvents(storage, 'shop')).map((e) => `${e.type} ${e.factor}`).sort(),
    ).toEqual(['mfa.removed recovery_codes', 'mfa.removed totp', 'password.changed undefined'])
    const audit = await listAudit(storage, { user: alice.id })
    expect(audit.entries.map((e) => [e.event, e.actor.type])).toEqual(
      expect.arrayContaining([
        ['user.password_reset', 'api_key'],
        ['user.mfa_reset', 'api_key'],
      ]),
    )
    // A user with no factor loses none: nothing to tell.
    await call('POST', `/users/${alice.id}/mfa/reset`)
    expect(await queuedEvents(storage, 'shop')).toHaveLength(3)
  })

  it('keeps the change when the event cannot be queued, and logs it without secrets', async () => {
    const logs = captureLogs()
    const api = await apiBridge({ logger: logs.logger })
    const { storage, box } = api.bridge.services
    await addWebhookEndpoint(storage, box, 'shop')
    const enqueue = storage.outbox.enqueue
    storage.outbox.enqueue = () => Promise.reject(new Error('outbox down'))
    try {
      const created = await api.call('POST', '/users', {
        body: { connection: 'staff', email: 'carl@example.com', password: 'a long password 1' },
      })
      expect(created.status).toBe(201)
    } finally {
      storage.outbox.enqueue = enqueue
    }
    expect(await findUserByEmail(storage, 'staff', 'carl@example.com')).toBeDefined()
    expect(await queuedEvents(storage, 'shop')).toEqual([])
    const line = logs.lines.find((l) => l.msg === 'webhook event not queued')
    expect(line).toMatchObject({ level: 'error', event: 'user.created', error: 'Error' })
    expect(JSON.stringify(logs.lines)).not.toContain('a long password 1')
  })
})

describe('config file users as lifecycle events', () => {
  it('tells of a user the file creates or changes, once, audited as the config file', async () => {
    const { storage, box } = await setup()
    // A file without apps leaves the stored ones (and the endpoints put on them) as they are.
    const withBob = (bob: Record<string, unknown>) =>
      parseConfig(
        testConfig({
          apps: [],
          users: [{ email: 'bob@example.com', password: 'env:BOB', connection: 'staff', ...bob }],
        }),
        { ...testEnv, BOB: 'bob password 123' },
      )
    await applyConfig(storage, box, withBob({ name: 'Bob' }))
    // Applying the same file again changes nothing, and tells nothing.
    await applyConfig(storage, box, withBob({ name: 'Bob' }))
    await applyConfig(storage, box, withBob({ name: 'Robert' }))
    const bob = (await findUserByEmail(storage, 'staff', 'bob@example.com'))!
    expect(await queuedEvents(storage, 'shop')).toMatchObject([
      { type: 'user.created', user: { id: bob.id, name: 'Bob' } },
      { type: 'user.updated', changed: ['name'], user: { name: 'Robert' } },
    ])
    expect(await queuedEvents(storage, 'partner-portal')).toEqual([])
    const audit = await listAudit(storage, { user: bob.id })
    expect(audit.entries.map((e) => [e.event, e.actor.type])).toEqual([
      ['user.updated', 'config'],
      ['user.created', 'config'],
    ])
  })

  it('tells of a password the file changes as password.changed, not as an update', async () => {
    const { storage, box } = await setup()
    const env = (password: string) => ({ ...testEnv, ALICE_PASSWORD: password })
    const file = testConfig({ apps: [] })
    await applyConfig(storage, box, parseConfig(file, env(ALICE.password)))
    expect(await queuedEvents(storage, 'shop')).toEqual([])
    await applyConfig(storage, box, parseConfig(file, env('a brand new password')))
    expect(await queuedEvents(storage, 'shop')).toMatchObject([{ type: 'password.changed' }])
  })
})
