/** A config file's brand colour adjusted for contrast is a warning in the start-up log. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from './config/load-config.js'
import { getApp } from './domain/apps.js'
import { startBridge } from './server.js'
import { captureLogs } from './testing/log-capture.js'
import { testConfig, testEnv } from './testing/bridge-fixture.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('startBridge with branding in the config', () => {
  it('stores the adjusted colour and logs which colour became which', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-brand-'))
    dirs.push(dataDir)
    const base = testConfig()
    const apps = base.apps.map((a) =>
      a.id === 'shop' ? { ...a, branding: { primaryColor: '#ffdd00', displayName: 'Shop' } } : a,
    )
    const logs = captureLogs('warn')
    const bridge = await startBridge({
      port: 0,
      dataDir,
      config: parseConfig({ ...base, apps }, testEnv),
      env: { SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32) },
      logger: logs.logger,
    })
    try {
      expect(logs.lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          app: 'shop',
          msg: "Primary colour #ffdd00 was adjusted to #897600 for contrast 4.5:1 (it had 1.35:1 against the card's #ffffff)",
        }),
      )
      expect((await getApp(bridge.services.storage, 'shop'))?.branding?.primaryColor).toBe(
        '#897600',
      )
    } finally {
      await bridge.close()
    }
  })
})
