import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from './admin/admin-accounts.js'
import { createLogger } from './logger.js'
import { startBridge } from './server.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

async function start(dataDir: string) {
  return startBridge({
    port: 0,
    dataDir,
    env: { SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32) },
    logger: createLogger('silent'),
  })
}

describe('startBridge', () => {
  it('has a one-time setup link while there is no admin, and none after', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-start-'))
    dirs.push(dataDir)
    const bridge = await start(dataDir)
    try {
      expect(bridge.setupUrl).toMatch(/\/admin\/setup\?token=[A-Za-z0-9_-]{43}$/)
      expect(bridge.setupUrl!.startsWith(bridge.issuer)).toBe(true)
      await createAdmin(
        bridge.services.storage,
        { type: 'cli', id: 't' },
        { email: 'a@example.com' },
      )
    } finally {
      await bridge.close()
    }
    const again = await start(dataDir)
    try {
      expect(again.setupUrl).toBeUndefined()
    } finally {
      await again.close()
    }
  })
})
