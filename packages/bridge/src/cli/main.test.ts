import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ALICE, testEnv } from '../testing/bridge-fixture.js'
import { main } from './main.js'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err }
}

const saved = { ...process.env }
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssobridge-cli-'))
  Object.assign(process.env, testEnv, { SSOBRIDGE_DATA_DIR: dir, DATABASE_URL: '' })
})
afterEach(() => {
  process.env = { ...saved }
})

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

describe('ssobridge CLI', () => {
  it('applies a config idempotently and says what changed', async () => {
    const file = join(dir, 'ssobridge.yaml')
    writeFileSync(file, config)
    const first = capture()
    expect(await main(['apply', file], first.io)).toBe(0)
    expect(first.out).toEqual([
      'created connection staff',
      'created app shop',
      'created user alice@example.com',
    ])
    const second = capture()
    expect(await main(['apply', file], second.io)).toBe(0)
    expect(second.out).toEqual(['nothing to change'])
  })

  it('refuses a bad file with every bad path and changes nothing', async () => {
    const file = join(dir, 'bad.yaml')
    writeFileSync(
      file,
      config
        .replace('http://127.0.0.1:4001', 'http://shop.example')
        .replace('[staff]', '[staff, ghost]'),
    )
    const run = capture()
    expect(await main(['apply', file], run.io)).toBe(1)
    expect(run.err.join('\n')).toContain('apps[0].callbackUrls[0]: callback URL must use https')
    expect(run.out).toEqual([])
  })

  it('adds a user with a generated password shown once, and refuses a duplicate', async () => {
    const file = join(dir, 'ssobridge.yaml')
    writeFileSync(file, config)
    await main(['apply', file], capture().io)
    const run = capture()
    expect(
      await main(
        ['user', 'add', '--email', 'bob@example.com', '--connection', 'staff', '--name', 'Bob'],
        run.io,
      ),
    ).toBe(0)
    expect(run.out[0]).toMatch(/^created user bob@example.com/)
    expect(run.out[1]).toMatch(/^password: \S{16}$/)
    const again = capture()
    expect(
      await main(['user', 'add', '--email', 'bob@example.com', '--connection', 'staff'], again.io),
    ).toBe(1)
    const bad = capture()
    expect(
      await main(['user', 'add', '--email', 'not-an-email', '--connection', 'staff'], bad.io),
    ).toBe(2)
    expect(
      await main(['user', 'add', '--email', 'c@example.com', '--connection', 'nope'], capture().io),
    ).toBe(2)
  })

  it("resets a user's second factors", async () => {
    const file = join(dir, 'ssobridge.yaml')
    writeFileSync(file, config)
    await main(['apply', file], capture().io)
    const { openStorage } = await import('./open-storage.js')
    const { findUserByEmail, saveUser } = await import('../domain/users.js')
    const opened = await openStorage()
    const alice = (await findUserByEmail(opened.storage, 'staff', ALICE.email))!
    await saveUser(opened.storage, {
      ...alice,
      totp: { secretSealed: 'v1.x.y', enrolledAt: 1 },
      recoveryCodes: ['h'],
    })
    const { addPasskey, listPasskeys } = await import('../mfa/passkeys.js')
    const passkey = { id: 'cred-1', userId: alice.id, name: 'Key', publicKey: 'AA', counter: 0 }
    await addPasskey(opened.storage, {
      ...passkey,
      deviceType: 'singleDevice',
      backedUp: false,
      createdAt: 1,
    })
    await opened.storage.close()
    const run = capture()
    expect(
      await main(['user', 'reset-mfa', '--email', ALICE.email, '--connection', 'staff'], run.io),
    ).toBe(0)
    expect(run.out[0]).toMatch(/^reset the second factors of alice@example.com/)
    const after = await openStorage()
    const reset = (await findUserByEmail(after.storage, 'staff', ALICE.email))!
    expect(await listPasskeys(after.storage, alice.id)).toEqual([])
    await after.storage.close()
    expect(reset.totp).toBeUndefined()
    expect(reset.recoveryCodes).toBeUndefined()
    expect(
      await main(
        ['user', 'reset-mfa', '--email', 'nobody@example.com', '--connection', 'staff'],
        capture().io,
      ),
    ).toBe(1)
  })

  it('prints its version and the help of each command', async () => {
    const version = capture()
    expect(await main(['--version'], version.io)).toBe(0)
    expect(version.out).toEqual([
      (
        JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
          version: string
        }
      ).version,
    ])
    for (const command of [
      'start',
      'migrate',
      'apply',
      'export',
      'admin',
      'app',
      'connection',
      'user',
      'keys',
      'audit',
    ]) {
      const help = capture()
      expect(await main([command, '--help'], help.io)).toBe(0)
      expect(help.out[0]).toContain(`ssobridge ${command}`)
      expect(help.out[0]).not.toContain(command === 'start' ? 'ssobridge apply' : 'ssobridge start')
    }
    const start = capture()
    expect(await main(['help', 'start'], start.io)).toBe(0)
    expect(start.out[0]).toContain('SSOBRIDGE_CONFIG, PORT (default 4000), HOST')
    expect(start.out[0]).toContain('[--metrics-port N] [--metrics-host ADDRESS]')
    expect(start.out[0]).toContain('SSOBRIDGE_METRICS_PORT')
  })

  it('migrates storage on its own', async () => {
    const run = capture()
    expect(await main(['migrate'], run.io)).toBe(0)
    expect(run.out).toEqual(['storage is migrated (sqlite)'])
  })

  it('explains its usage', async () => {
    const run = capture()
    expect(await main(['frobnicate'], run.io)).toBe(2)
    expect(run.err.join('\n')).toContain('Usage:')
  })
})
