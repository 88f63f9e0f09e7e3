/** What the CLI prints never carries a terminal command, and its linking commands follow the rules. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { CONNECTIONS } from '../domain/connections.js'
import { createUser } from '../domain/users.js'
import { cliSandbox, runCli } from '../testing/cli-test-kit.js'
import { openStorage } from './open-storage.js'
import { terminalSafe } from './terminal-safe.js'

describe('terminalSafe', () => {
  it.each([
    ['\u001b[2J\u001b]0;owned\u0007', '\\u001b[2J\\u001b]0;owned\\u0007'],
    ['\u009b31mred', '\\u009b31mred'],
    ['over\rwrite', 'over\\u000dwrite'],
    ['\u202egnp.exe', '\\u202egnp.exe'],
    ['a\u2028b', 'a\\u2028b'],
  ])('escapes %j', (input, shown) => expect(terminalSafe(input)).toBe(shown))

  it("keeps the CLI's own layout and every printable script", () => {
    const text = 'ID\tNAME\nshop  Café 東京 👩‍💻 "quoted" \\ back'
    expect(terminalSafe(text)).toBe(text)
  })
})

const sandbox = cliSandbox()
const run = async (...argv: string[]) => {
  const r = await runCli(...argv)
  return { code: r.code, out: r.text, err: r.err.join('\n') }
}

const oidc = (id: string) =>
  JSON.stringify({
    id,
    type: 'oidc',
    issuer: `https://${id}.example`,
    clientId: 'ssobridge',
    clientSecret: 'a-client-secret',
  })

describe('the CLI', () => {
  it('prints a name an upstream IdP chose with its control characters escaped', async () => {
    const { storage } = await openStorage()
    let id: string
    try {
      await storage.migrate()
      const user = await createUser(storage, {
        connection: 'corp',
        email: 'eve@example.com',
        emailVerified: true,
        name: 'Eve\u001b[2J\u009b31m',
      })
      id = user!.id
    } finally {
      await storage.close()
    }
    const shown = await run('user', 'show', id)
    expect(shown.code).toBe(0)
    expect(shown.out).not.toMatch(/\p{Cc}(?<!\n)/u)
    expect(shown.out).toContain('Eve\\u001b[2J\\u009b31m')
  })

  it('refuses a control character in a name at input', async () => {
    await run('connection', 'add', '--id', 'staff', '--type', 'local')
    const r = await run(
      'user',
      'add',
      '--email',
      'a@example.com',
      '--connection',
      'staff',
      '--name',
      'A\u001b[2J',
    )
    expect(r.code).toBe(2)
    expect(r.err).toBe('ssobridge: name: must not contain control characters')
  })

  it('sets linking pairs (the CLI holds the highest authority), audited, and refuses the old boolean', async () => {
    expect((await run('connection', 'add', '--json', oidc('corp'))).code).toBe(0)
    expect((await run('connection', 'add', '--json', oidc('acquired'))).code).toBe(0)
    const old = await run('connection', 'update', 'corp', '--json', '{"linkByVerifiedEmail":true}')
    expect(old.code).toBe(2)
    expect(old.err).toContain('linkByVerifiedEmail: is now the list of connections')
    const linked = await run(
      'connection',
      'update',
      'corp',
      '--json',
      '{"linkByVerifiedEmail":["acquired"]}',
    )
    expect(linked.code, linked.err).toBe(0)
    const { storage } = await openStorage()
    try {
      expect(await storage.get(CONNECTIONS, 'corp')).toMatchObject({
        linkByVerifiedEmail: ['acquired'],
      })
      const { entries } = await listAudit(storage, { event: 'connection.email_trust_changed' })
      expect(entries[0]).toMatchObject({ actor: { type: 'cli', id: 'ops' } })
    } finally {
      await storage.close()
    }
  })

  it('refuses a config file that links into a local connection, naming the field', async () => {
    const file = join(sandbox.dir, 'bridge.yaml')
    writeFileSync(
      file,
      `issuer: http://localhost:4000
connections:
  - { id: staff, type: local }
  - { id: corp, type: oidc, issuer: "https://corp.example", clientId: c, clientSecret: s, linkByVerifiedEmail: [staff] }
`,
    )
    const r = await run('apply', file)
    expect(r.code).toBe(1)
    expect(r.err).toContain('connections[1].linkByVerifiedEmail[0]: is a local connection')
  })
})
