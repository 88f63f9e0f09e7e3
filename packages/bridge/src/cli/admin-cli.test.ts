import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { getAdmin, listAdmins, saveAdmin } from '../admin/admin-accounts.js'
import { authenticateApiKey } from '../admin/api-keys.js'
import { ALICE, SHOP_SECRET } from '../testing/bridge-fixture.js'
import { cliSandbox, runCli } from '../testing/cli-test-kit.js'
import { openStorage } from './open-storage.js'

const sandbox = cliSandbox()
const run = runCli

const config = `
issuer: http://localhost:4000
connections:
  - { id: staff, type: local }
apps:
  - id: shop
    callbackUrls: [http://127.0.0.1:4001/sso/callback]
    connections: [staff]
    signing: { alg: HS256, secret: env:SHOP_SSO_SECRET }
users:
  - { email: ${ALICE.email}, password: env:ALICE_PASSWORD, connection: staff }
`

describe('ssobridge admin commands', () => {
  it("resets an admin's two-step sign-in, audited", async () => {
    await run('admin', 'create', '--email', 'root@example.com')
    const { storage } = await openStorage()
    try {
      const [admin] = await listAdmins(storage)
      const account = (await getAdmin(storage, admin!.id))!
      await saveAdmin(storage, { ...account, totp: { secretSealed: 'v1.x.y', enrolledAt: 1 } })
    } finally {
      await storage.close()
    }
    expect((await run('admin', 'list')).text).toMatch(/root@example.com\s+on/)
    const reset = await run('admin', 'reset-mfa', '--email', 'root@example.com')
    expect(reset.code).toBe(0)
    expect(reset.out[0]).toMatch(/two-step sign-in of admin root@example.com is off/)
    expect((await run('admin', 'list')).text).toMatch(/root@example.com\s+off/)
    const audit = await run('audit', '--event', 'admin.mfa_reset')
    expect(JSON.parse(audit.out[0]!)).toMatchObject({ actor: { type: 'cli', id: 'ops' } })
    expect((await run('admin', 'reset-mfa', '--email', 'ghost@example.com')).code).toBe(1)
    expect((await run('admin', 'reset-mfa')).code).toBe(2)
  })

  it('creates the first admin and an API key shown once, stored hashed', async () => {
    const admin = await run('admin', 'create', '--email', 'root@example.com')
    expect(admin.code).toBe(0)
    expect(admin.out[1]).toMatch(/^password: \S{20}$/)
    expect((await run('admin', 'create', '--email', 'ROOT@example.com')).code).toBe(1)
    expect((await run('admin', 'create', '--email', 'nope')).code).toBe(2)

    const created = await run('admin', 'key', 'create', '--name', 'ci', '--scope', 'apps:read')
    const key = created.out[1]!.replace('key: ', '')
    expect(key).toMatch(/^ssb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/)
    const { storage } = await openStorage()
    try {
      expect((await authenticateApiKey(storage, key)).scopes).toEqual(['apps:read'])
      expect(JSON.stringify(await storage.list('admin-api-key'))).not.toContain(key.slice(21))
    } finally {
      await storage.close()
    }
    expect((await run('admin', 'key', 'create', '--name', 'x', '--scope', 'root')).code).toBe(2)
    const id = key.slice(4, 20)
    expect((await run('admin', 'key', 'revoke', id)).code).toBe(0)
    expect((await run('admin', 'key', 'list')).text).toMatch(new RegExp(`${id}\\s+ci\\s+revoked`))
  })

  it('manages apps, connections, users and keys, all audited as the CLI user', async () => {
    writeFileSync(join(sandbox.dir, 'c.yaml'), config)
    await run('apply', join(sandbox.dir, 'c.yaml'))
    const app = await run(
      'app',
      'add',
      '--id',
      'blog',
      '--callback',
      'https://blog.example/cb',
      '--connection',
      'staff',
    )
    expect(app.code).toBe(0)
    expect(app.out[1]).toMatch(/^secret: [A-Za-z0-9_-]{43}$/)
    expect(app.out[2]).toMatch(
      /^<script src="http:\/\/localhost:4000\/sso\.[0-9a-f]{12}\.js" integrity="sha384-/,
    )
    expect((await run('app', 'list')).text).toMatch(/blog\s+blog\s+HS256\s+staff/)
    const bad = await run(
      'app',
      'add',
      '--id',
      'x',
      '--callback',
      'https://x.example/cb#f',
      '--connection',
      'ghost',
    )
    expect(bad.code).toBe(2)
    expect(bad.err.join()).toMatch(/callbackUrls\[0\].*fragment/)
    expect((await run('app', 'update', 'blog', '--json', '{"tokenTtl": 60}')).code).toBe(0)
    expect(JSON.parse((await run('app', 'show', 'blog')).text).app.tokenTtl).toBe(60)
    const rotated = await run('app', 'rotate-secret', 'blog', '--grace', '2h')
    expect(rotated.out[0]).toMatch(/^new secret of blog, signing now: [A-Za-z0-9_-]{43}$/)
    expect(rotated.out[1]).toMatch(/old secret may still be accepted until \d{4}-/)
    expect((await run('app', 'rotate-secret', 'blog', '--grace', '8d')).code).toBe(2)
    expect((await run('app', 'rotate-secret', 'blog', '--grace', 'soon')).code).toBe(2)

    const oidc = await run(
      'connection',
      'add',
      '--type',
      'oidc',
      '--id',
      'corp',
      '--issuer',
      'https://idp.example.com',
      '--client-id',
      'bridge',
      '--json',
      '{"id":"corp","type":"oidc","issuer":"https://idp.example.com","clientId":"b","clientSecret":"s3cret-value"}',
    )
    expect(oidc.out).toEqual([
      'created connection corp',
      'Redirect URI: http://localhost:4000/connections/corp/callback',
    ])
    expect((await run('connection', 'delete', 'staff')).code).toBe(1)
    expect((await run('connection', 'list')).text).toMatch(/corp\s+oidc\s+corp/)

    const user = await run('user', 'add', '--email', 'bob@example.com', '--connection', 'staff')
    const userId = /\(([^)]+)\)/.exec(user.out[0]!)![1]!
    expect((await run('user', 'disable', userId)).out[0]).toBe(
      `disabled user bob@example.com (${userId})`,
    )
    expect((await run('user', 'list', '--q', 'bob')).text).toMatch(/bob@example.com\s+disabled/)
    expect((await run('user', 'reset-password', userId)).out[0]).toMatch(
      /^new password for bob@example.com: \S{16}$/,
    )

    expect((await run('keys', 'rotate', '--alg', 'ES256', '--activate-after', '600')).code).toBe(0)
    expect((await run('keys', 'list')).text).toMatch(/ES256\s+pending/)
    expect((await run('keys', 'rotate', '--alg', 'ES256')).code).toBe(1)

    const audit = await run('audit', '--actor', 'cli:ops', '--event', 'user')
    const events = audit.out.map((l) => JSON.parse(l).event)
    // `apply` ran as the same CLI user and created alice.
    expect(events).toEqual(['user.password_reset', 'user.disabled', 'user.created', 'user.created'])
    expect(audit.text).not.toContain('s3cret-value')
    expect((await run('audit', '--since', 'soon')).code).toBe(2)
  })

  it('exports a config without secrets that applies again with nothing to change', async () => {
    writeFileSync(join(sandbox.dir, 'c.yaml'), config)
    await run('apply', join(sandbox.dir, 'c.yaml'))
    await run(
      'connection',
      'add',
      '--json',
      '{"id":"corp","type":"oidc","issuer":"https://idp.example.com","clientId":"b","clientSecret":"s3cret-value"}',
    )
    await run(
      'app',
      'add',
      '--id',
      'forum',
      '--callback',
      'https://forum.example/cb',
      '--connection',
      'corp',
      '--alg',
      'ES256',
    )
    const exported = await run('export')
    expect(exported.code).toBe(0)
    expect(exported.text).not.toContain(SHOP_SECRET)
    expect(exported.text).not.toContain('s3cret-value')
    expect(exported.text).toContain('secret: env:SSOBRIDGE_APP_SHOP_SECRET')
    expect(exported.text).toContain('clientSecret: env:SSOBRIDGE_CONNECTION_CORP_CLIENT_SECRET')
    writeFileSync(join(sandbox.dir, 'exported.yaml'), exported.text)
    Object.assign(process.env, {
      SSOBRIDGE_APP_SHOP_SECRET: SHOP_SECRET,
      SSOBRIDGE_CONNECTION_CORP_CLIENT_SECRET: 's3cret-value',
    })
    const again = await run('apply', join(sandbox.dir, 'exported.yaml'))
    expect(again.out).toEqual(['nothing to change'])
  })
})

describe('member options from the CLI', () => {
  const options = '{"signup": "open", "passwordless": "both"}'
  it('are refused without SMTP in the environment, and set with it', async () => {
    writeFileSync(join(sandbox.dir, 'c.yaml'), config)
    await run('apply', join(sandbox.dir, 'c.yaml'))
    const refused = await run('connection', 'update', 'staff', '--json', options)
    expect(refused.code).toBe(2)
    expect(refused.err.join(' ')).toMatch(/SSOBRIDGE_SMTP_URL/)
    process.env.SSOBRIDGE_SMTP_URL = 'smtp://127.0.0.1:2525'
    process.env.SSOBRIDGE_SMTP_FROM = 'Sign-in <signin@example.com>'
    expect((await run('connection', 'update', 'staff', '--json', options)).code).toBe(0)
    const shown = JSON.parse((await run('connection', 'show', 'staff')).text)
    expect(shown.connection).toMatchObject({ signup: 'open', passwordless: 'both' })
  })
})
