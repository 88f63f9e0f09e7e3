import { describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { IDENTITIES } from '../domain/identities.js'
import { isBridgeError } from '../errors.js'
import { verifyPassword } from '../domain/passwords.js'
import { getUser, saveUser } from '../domain/users.js'
import { appSecretContext, getApp } from '../domain/apps.js'
import { createTestBridge, ISSUER } from '../testing/bridge-fixture.js'
import { isAdminInputError } from './input.js'
import { createAdminServices } from './services.js'

const actor = { type: 'admin', id: 'a1', label: 'root@example.com' } as const

async function setup() {
  const bridge = await createTestBridge()
  const { storage, box, keystore } = bridge.services
  const admin = createAdminServices({
    storage,
    box,
    keystore,
    issuer: ISSUER,
    embed: bridge.services.embed,
  })
  return { bridge, admin, storage, box }
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (!isBridgeError(error)) throw error
    return {
      code: error.code,
      paths: isAdminInputError(error) ? error.issues.map((i) => i.path) : [],
    }
  }
  throw new Error('expected a refusal')
}

const blog = {
  id: 'blog',
  name: 'Blog',
  callbackUrls: ['https://blog.example/sso/callback'],
  connections: ['staff'],
  signing: { alg: 'HS256' },
}

describe('apps service', () => {
  it('creates an HS256 app with a generated secret shown once, sealed at rest', async () => {
    const { admin, storage, box } = await setup()
    const { app, secret } = await admin.apps.create(actor, blog)
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(app).toMatchObject({ id: 'blog', signing: { alg: 'HS256', secret: '[sealed]' } })
    const stored = (await getApp(storage, 'blog'))!
    expect(JSON.stringify(stored)).not.toContain(secret)
    expect(
      box.open((stored.signing as { secretSealed: string }).secretSealed, appSecretContext('blog')),
    ).toBe(secret)
    expect(JSON.stringify(await admin.apps.get('blog'))).not.toContain(secret)
    const [entry] = (await listAudit(storage, { app: 'blog' })).entries
    expect(entry).toMatchObject({ event: 'app.created', actor, after: { id: 'blog' } })
    expect(JSON.stringify(entry)).not.toContain(secret)
  })

  it('keeps the secret on an edit that leaves it out, and audits only real changes', async () => {
    const { admin, storage, box } = await setup()
    const { secret } = await admin.apps.create(actor, blog)
    const { secret: again } = await admin.apps.update(actor, 'blog', {
      name: 'The Blog',
      tokenTtl: 60,
    })
    expect(again).toBeUndefined()
    const stored = (await getApp(storage, 'blog'))!
    expect(stored).toMatchObject({ name: 'The Blog', tokenTtl: 60 })
    expect(
      box.open((stored.signing as { secretSealed: string }).secretSealed, appSecretContext('blog')),
    ).toBe(secret)
    await admin.apps.update(actor, 'blog', { name: 'The Blog' })
    const events = (await listAudit(storage, { app: 'blog' })).entries.map((e) => e.event)
    expect(events).toEqual(['app.updated', 'app.created'])
  })

  it('refuses bad input with the path of every bad field', async () => {
    const { admin } = await setup()
    expect(
      await refusal(
        admin.apps.create(actor, {
          ...blog,
          callbackUrls: [
            'http://blog.example/cb',
            'https://blog.example/*',
            'https://b.example/#x',
          ],
          connections: ['staff', 'ghost'],
          extra: 1,
        }),
      ),
    ).toEqual({
      code: 'invalid_request',
      paths: expect.arrayContaining(['callbackUrls[0]', 'callbackUrls[2]', '']),
    })
    expect(await refusal(admin.apps.create(actor, { ...blog, connections: ['ghost'] }))).toEqual({
      code: 'invalid_request',
      paths: ['connections[0]'],
    })
    expect(
      await refusal(admin.apps.create(actor, JSON.parse('{"__proto__":{"x":1},"id":"p"}'))),
    ).toMatchObject({ code: 'invalid_request' })
    expect(
      await refusal(
        admin.apps.create(actor, {
          ...blog,
          signing: { alg: 'HS256', secret: 'env:SHOP_SSO_SECRET' },
        }),
      ),
    ).toEqual({ code: 'invalid_request', paths: ['signing.secret'] })
    expect(
      await refusal(admin.apps.create(actor, { ...blog, signing: { alg: 'none' } })),
    ).toMatchObject({ code: 'invalid_request' })
    expect(await refusal(admin.apps.create(actor, { ...blog, id: 'shop' }))).toMatchObject({
      code: 'conflict',
    })
    expect(await refusal(admin.apps.create(actor, 'nope'))).toEqual({
      code: 'invalid_request',
      paths: [''],
    })
    expect(await refusal(admin.apps.update(actor, 'shop', { id: 'other' }))).toEqual({
      code: 'invalid_request',
      paths: ['id'],
    })
    expect(await refusal(admin.apps.get('ghost'))).toMatchObject({ code: 'not_found' })
  })

  it('deletes, regenerates HS256 secrets, and makes the snippet with SRI', async () => {
    const { admin, storage } = await setup()
    const { secret } = await admin.apps.regenerateSecret(actor, 'shop')
    expect(secret).toHaveLength(43)
    expect((await listAudit(storage, { app: 'shop' })).entries[0]).toMatchObject({
      event: 'app.updated',
      secretsChanged: ['signing.secret'],
    })
    expect(await refusal(admin.apps.regenerateSecret(actor, 'forum'))).toMatchObject({
      code: 'conflict',
    })
    const snippet = admin.apps.snippet({ id: 'shop' })
    expect(snippet.plain).toBe(`<script src="${ISSUER}/sso.js" data-app="shop" defer></script>`)
    expect(snippet.pinned).toMatch(
      /^<script src="http:\/\/localhost:4000\/sso\.[0-9a-f]{12}\.js" integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous" data-app="shop" defer><\/script>$/,
    )
    await admin.apps.remove(actor, 'shop')
    expect(await getApp(storage, 'shop')).toBeUndefined()
    expect((await listAudit(storage, { app: 'shop' })).entries[0]).toMatchObject({
      event: 'app.deleted',
      before: { id: 'shop' },
    })
  })
})

describe('connections service', () => {
  const corp = {
    id: 'corp',
    type: 'oidc',
    name: 'Corp',
    issuer: 'https://idp.example.com',
    clientId: 'bridge',
    clientSecret: 'a-client-secret-value',
  }

  it('keeps write-only secrets on edits and shows the redirect URI to copy', async () => {
    const { admin, storage } = await setup()
    const created = await admin.connections.create(actor, corp)
    expect(created).toMatchObject({ id: 'corp', clientSecret: '[sealed]' })
    await admin.connections.update(actor, 'corp', { name: 'Corp Inc', domains: ['corp.example'] })
    const [update] = (await listAudit(storage, { connection: 'corp' })).entries
    expect(update).toMatchObject({
      event: 'connection.updated',
      after: { name: 'Corp Inc', clientSecret: '[sealed]' },
    })
    expect(update!.secretsChanged).toBeUndefined()
    await admin.connections.update(actor, 'corp', { clientSecret: 'another-secret-value' })
    expect((await listAudit(storage, { connection: 'corp' })).entries[0]).toMatchObject({
      secretsChanged: ['clientSecret'],
    })
    expect(JSON.stringify(await listAudit(storage, {}, { limit: 1000 }))).not.toMatch(
      /a-client-secret-value|another-secret-value/,
    )
    expect(await admin.connections.values('corp')).toEqual([
      { label: 'Redirect URI', value: `${ISSUER}/connections/corp/callback` },
    ])
    expect(await refusal(admin.connections.update(actor, 'corp', { type: 'local' }))).toEqual({
      code: 'invalid_request',
      paths: ['type'],
    })
  })

  it('refuses to delete a connection an app uses, and never reads a file named in input', async () => {
    const { admin } = await setup()
    expect(await refusal(admin.connections.remove(actor, 'staff'))).toMatchObject({
      code: 'conflict',
    })
    await admin.connections.remove(actor, 'partners').catch(() => undefined)
    expect(
      await refusal(
        admin.connections.create(actor, { id: 'p2', type: 'saml', idpMetadata: '/etc/passwd' }),
      ),
    ).toEqual({ code: 'invalid_request', paths: ['idpMetadata'] })
    expect(
      await refusal(
        admin.connections.create(actor, {
          id: 'p3',
          type: 'saml',
          idpMetadata: '<!DOCTYPE x><x/>',
        }),
      ),
    ).toMatchObject({ code: 'invalid_request' })
    expect(
      await refusal(admin.connections.create(actor, { ...corp, issuer: 'http://idp.example.com' })),
    ).toEqual({ code: 'invalid_request', paths: ['issuer'] })
  })
})

describe('users service', () => {
  it('adds a local user with a generated password, disables, resets, audits', async () => {
    const { admin, storage } = await setup()
    const { user, password } = await admin.users.create(actor, {
      email: 'bob@example.com',
      connection: 'staff',
      name: 'Bob',
    })
    expect(password).toMatch(/^\S{16}$/)
    expect(user).toMatchObject({ email: 'bob@example.com', hasPassword: true, disabled: false })
    expect(JSON.stringify(user)).not.toContain('argon2')
    expect(
      await refusal(admin.users.create(actor, { email: 'bob@example.com', connection: 'staff' })),
    ).toMatchObject({ code: 'conflict' })
    expect(
      await refusal(admin.users.create(actor, { email: 'x@example.com', connection: 'ghost' })),
    ).toEqual({ code: 'invalid_request', paths: ['connection'] })
    expect(
      await refusal(
        admin.users.create(actor, { email: 'nope', connection: 'staff', password: 'short' }),
      ),
    ).toEqual({ code: 'invalid_request', paths: ['email', 'password'] })

    expect((await admin.users.setDisabled(actor, user.id, true)).disabled).toBe(true)
    const reset = await admin.users.resetPassword(actor, user.id, 'a new password here')
    expect(reset.password).toBeUndefined()
    expect(
      await verifyPassword((await getUser(storage, user.id))!.passwordHash!, 'a new password here'),
    ).toBe(true)
    const events = (await listAudit(storage, { user: user.id })).entries.map((e) => e.event)
    expect(events).toEqual(['user.password_reset', 'user.disabled', 'user.created'])
    expect((await admin.users.get(user.id)).identities).toEqual([])
    await storage.set(IDENTITIES, 'corp|upstream-sub|1', user.id)
    const detail = await admin.users.get(user.id)
    expect(detail.identities).toEqual([
      { connection: 'corp', subject: 'upstream-sub|1', primary: false },
    ])
    expect(detail).not.toHaveProperty('lastLoginAt')
  })

  it('lists with filters and pages', async () => {
    const { admin } = await setup()
    for (let i = 0; i < 5; i++)
      await admin.users.create(actor, {
        email: `u${i}@example.com`,
        connection: 'partners',
        password: 'password-123',
      })
    expect((await admin.users.list({ connection: 'partners' })).users).toHaveLength(5)
    expect((await admin.users.list({ q: 'ALICE' })).users.map((u) => u.email)).toEqual([
      'alice@example.com',
    ])
    const first = await admin.users.list({}, { limit: 4 })
    const rest = await admin.users.list({}, { limit: 4, cursor: first.nextCursor })
    expect(new Set([...first.users, ...rest.users].map((u) => u.id)).size).toBe(6)
  })
})

describe('keys service', () => {
  it('schedules a rotation, audits it, and refuses a second or a too short delay', async () => {
    const { admin, storage, bridge } = await setup()
    const key = await admin.keys.rotate(actor, 'ES256', 600)
    expect(key).toMatchObject({ alg: 'ES256', status: 'pending' })
    expect((await bridge.services.keystore.jwks()).keys.map((k) => k.kid)).toContain(key.kid)
    expect((await listAudit(storage, { actor: 'admin:a1' })).entries[0]).toMatchObject({
      event: 'key.rotation_scheduled',
      target: { id: key.kid },
    })
    expect(await refusal(admin.keys.rotate(actor, 'ES256', 600))).toMatchObject({
      code: 'conflict',
    })
    expect(await refusal(admin.keys.rotate(actor, 'RS256', 10))).toEqual({
      code: 'invalid_request',
      paths: ['activateAfterSeconds'],
    })
    expect(await refusal(admin.keys.rotate(actor, 'HS256'))).toEqual({
      code: 'invalid_request',
      paths: ['alg'],
    })
    // The old key keeps signing until the new one's time.
    const signing = await bridge.services.keystore.signingKey('ES256')
    expect(signing.kid).not.toBe(key.kid)
  })
})

describe('users service: second factors', () => {
  it('resets TOTP and recovery codes, audited without the secrets', async () => {
    const { admin, storage } = await setup()
    const alice = (await admin.users.list({ q: 'alice' })).users[0]!
    const stored = (await getUser(storage, alice.id))!
    await saveUser(storage, {
      ...stored,
      totp: { secretSealed: 'v1.sealed.value', enrolledAt: 1 },
      recoveryCodes: ['hash-1'],
    })
    expect((await admin.users.get(alice.id)).mfaEnrolled).toBe(true)
    const reset = await admin.users.resetMfa(actor, alice.id)
    expect(reset.mfaEnrolled).toBe(false)
    const after = (await getUser(storage, alice.id))!
    expect(after.totp).toBeUndefined()
    expect(after.recoveryCodes).toBeUndefined()
    const [entry] = (await listAudit(storage, { user: alice.id })).entries
    expect(entry).toMatchObject({
      event: 'user.mfa_reset',
      after: { totpRemoved: true, passkeysRemoved: 0 },
    })
    expect(JSON.stringify(entry)).not.toContain('sealed.value')
  })
})
