import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rememberSignedInApp } from '../domain/backchannel-logout.js'
import { BACKCHANNEL_KIND } from '../domain/backchannel-outbox.js'
import { createSession } from '../domain/sessions.js'
import { findUserByEmail } from '../domain/users.js'
import { ALICE } from '../testing/bridge-fixture.js'
import { cliSandbox, runCli as run } from '../testing/cli-test-kit.js'
import { openStorage } from './open-storage.js'

const sandbox = cliSandbox()

const config = `
issuer: http://localhost:4000
connections:
  - { id: staff, type: local }
apps:
  - id: shop
    name: Shop
    callbackUrls: [http://127.0.0.1:4001/sso/callback]
    backchannelLogoutUrl: http://127.0.0.1:4001/sso/backchannel-logout
    connections: [staff]
    signing: { alg: HS256, secret: env:SHOP_SSO_SECRET }
users:
  - { email: ${ALICE.email}, password: env:ALICE_PASSWORD, connection: staff }
`

/** Alice signed in twice, to the shop, as the server would have recorded it. */
async function twoSessions() {
  const { storage } = await openStorage()
  try {
    const alice = (await findUserByEmail(storage, 'staff', ALICE.email))!
    const sids: string[] = []
    for (const device of [
      { browser: 'Chrome', os: 'macOS', type: 'desktop' as const },
      undefined,
    ]) {
      const { session } = await createSession(
        storage,
        { userId: alice.id, connection: 'staff', authTime: 1, amr: ['pwd'], device },
        3600,
      )
      await rememberSignedInApp(storage, session, { id: 'shop' })
      sids.push(session.sid!)
    }
    return { id: alice.id, sids }
  } finally {
    await storage.close()
  }
}

async function queuedLogouts() {
  const { storage } = await openStorage()
  try {
    return (await storage.outbox.list({ kind: BACKCHANNEL_KIND, owner: 'shop', limit: 10 })).length
  } finally {
    await storage.close()
  }
}

describe('ssobridge user sessions, end-sessions, delete', () => {
  it('lists the sessions, ends one and all (logouts queued for the server), deletes the user', async () => {
    writeFileSync(join(sandbox.dir, 'c.yaml'), config)
    expect((await run('apply', join(sandbox.dir, 'c.yaml'))).code).toBe(0)
    const { id, sids } = await twoSessions()

    const listed = await run('user', 'sessions', id)
    expect(listed.code).toBe(0)
    expect(listed.out[0]).toMatch(/^SID\s+DEVICE\s+SIGNED IN\s+LAST USED\s+APPS$/)
    expect(listed.text).toContain('Chrome on macOS, desktop')
    expect(listed.text).toContain('unknown device')
    expect(listed.out.slice(1).every((l) => l.endsWith('shop'))).toBe(true)

    const one = await run('user', 'end-sessions', id, '--sid', sids[0]!)
    expect(one.out).toEqual([`ended session ${sids[0]} of user ${id}`])
    expect(await queuedLogouts()).toBe(1)
    expect((await run('user', 'end-sessions', id, '--sid', sids[0]!)).code).toBe(1)
    expect((await run('user', 'end-sessions', id)).out).toEqual([
      `ended 1 session(s) of user ${id}`,
    ])
    expect(await queuedLogouts()).toBe(2)
    expect((await run('user', 'sessions', id)).out).toHaveLength(1)

    const deleted = await run('user', 'delete', id)
    expect(deleted.out).toEqual([`deleted user ${ALICE.email} (${id}); 0 session(s) ended`])
    expect((await run('user', 'show', id)).code).toBe(1)
    expect((await run('user', 'delete', id)).code).toBe(1)
    expect((await run('user', 'delete')).code).toBe(2)
    const audit = await run('audit', '--event', 'user.deleted')
    expect(JSON.parse(audit.out[0]!)).toMatchObject({ actor: { type: 'cli', id: 'ops' }, user: id })
  })
})
