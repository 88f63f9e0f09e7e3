import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ALICE } from '../testing/bridge-fixture.js'
import { cliSandbox, runCli as run } from '../testing/cli-test-kit.js'

const sandbox = cliSandbox()
const ZENDESK_SECRET = 'zendesk-shared-secret-0123456789'

const config = `
issuer: http://localhost:4000
connections:
  - { id: staff, type: local }
  - { id: corp, type: oidc, issuer: https://idp.example.com, clientId: bridge, clientSecret: s3cret-s3cret }
apps:
  - id: help
    preset: zendesk
    callbackUrls: [https://example.zendesk.com/access/jwt]
    connections: [staff]
    signing: { secret: ${ZENDESK_SECRET} }
  - id: shop
    callbackUrls: [http://127.0.0.1:4001/sso/callback]
    connections: [staff]
    signing: { alg: HS256, secret: env:SHOP_SSO_SECRET }
  - id: nolocal
    preset: zendesk
    callbackUrls: [https://other.zendesk.com/access/jwt]
    connections: [corp]
    signing: { secret: ${ZENDESK_SECRET} }
users:
  - { email: ${ALICE.email}, name: Alice Smith, password: env:ALICE_PASSWORD, connection: staff }
`

async function applyConfig() {
  const path = join(sandbox.dir, 'c.yaml')
  writeFileSync(path, config)
  expect((await run('apply', path)).code).toBe(0)
}

describe('ssobridge app check', () => {
  it('passes every Zendesk rule with the secret the app holds, exit 0, nothing delivered', async () => {
    await applyConfig()
    const check = await run('app', 'check', 'help', '--user', ALICE.email)
    expect(check.err).toEqual([])
    expect(check.code).toBe(0)
    expect(check.out[0]).toBe(`Check against Zendesk: app help, user ${ALICE.email}`)
    const rules = check.out.filter((l) => /^(PASS|FAIL) {2}/.test(l))
    expect(rules.length).toBeGreaterThan(5)
    expect(rules.every((l) => l.startsWith('PASS'))).toBe(true)
    expect(rules.map((l) => l.split(/\s+/)[1])).toEqual(
      expect.arrayContaining(['header.typ', 'signature', 'clock.iat', 'claim.email']),
    )
    expect(check.out.at(-1)).toMatch(/^\d+ passed, 0 failed; nothing was delivered$/)
    // Audited as the CLI's actor, like the console and API checks.
    const audit = await run('audit', '--event', 'app.platform_checked')
    expect(JSON.parse(audit.out[0]!)).toMatchObject({ actor: { type: 'cli', id: 'ops' } })
  })

  it("fails with the rule and its fix on Zendesk's clock 10 minutes ahead, exit 1", async () => {
    await applyConfig()
    const check = await run('app', 'check', 'help', '--clock-offset', '600')
    expect(check.code).toBe(1)
    const line = check.out.findIndex((l) => l.startsWith('FAIL  clock.iat'))
    expect(line).toBeGreaterThan(0)
    expect(check.out[line + 1]).toMatch(/^ {6}fix: \S/)
    expect(check.out.at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed/)
    // With no --user, the first user of the app's local connection.
    expect(check.out[0]).toContain(ALICE.email)
  })

  it('refuses what it cannot check with a usage or input error, never a crash', async () => {
    await applyConfig()
    const usage = async (...args: string[]) => {
      const r = await run('app', 'check', ...args)
      return { code: r.code, err: r.err.join(' ') }
    }
    expect(await usage('help', '--clock-offset', 'soon')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--clock-offset/),
    })
    expect(await usage('help', '--clock-offset', '999999')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/clockOffsetSeconds/),
    })
    expect((await usage()).code).toBe(2)
    expect((await usage('help', 'shop')).code).toBe(2)
    expect(await usage('shop')).toMatchObject({ code: 2, err: expect.stringMatching(/preset/) })
    expect(await usage('ghost')).toMatchObject({ code: 1, err: expect.stringMatching(/no app/) })
    expect(await usage('help', '--user', 'nobody@example.com')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/No user nobody@example\.com/),
    })
    expect(await usage('nolocal')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no local connection/),
    })
  })
})
