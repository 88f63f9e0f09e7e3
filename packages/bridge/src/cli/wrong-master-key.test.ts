/**
 * A database restored next to another master key: the CLI says which key is wrong, in one line,
 * instead of "something went wrong".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { testEnv } from '../testing/bridge-fixture.js'
import { main } from './main.js'

const saved = { ...process.env }
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssobridge-key-'))
  Object.assign(process.env, testEnv, { SSOBRIDGE_DATA_DIR: dir, DATABASE_URL: '' })
})
afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
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
`

it('names SSOBRIDGE_SECRET_KEY when the sealed secrets were sealed under another key', async () => {
  const file = join(dir, 'ssobridge.yaml')
  writeFileSync(file, config)
  const lines: string[] = []
  const io = { out: () => undefined, err: (line: string) => lines.push(line) }
  process.env.SSOBRIDGE_SECRET_KEY = 'a1'.repeat(32)
  expect(await main(['apply', file], io)).toBe(0)
  process.env.SSOBRIDGE_SECRET_KEY = 'b2'.repeat(32)
  expect(await main(['apply', file], io)).toBe(1)
  expect(lines).toEqual([
    'ssobridge: cannot decrypt app-secret:shop: wrong SSOBRIDGE_SECRET_KEY or tampered record',
  ])
})
