import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from './admin/admin-accounts.js'
import { parseConfig } from './config/load-config.js'
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

describe('startBridge behind a reverse proxy', () => {
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssobridge-proxy-'))
    dirs.push(dir)
    return dir
  }

  /** A failed admin sign-in over real HTTP, claiming to come from 203.0.113.9. */
  async function failSignIn(url: string, origin = url.replace('127.0.0.1', 'localhost')) {
    const form = await fetch(`${url}/admin/login`)
    const cookie = form.headers.getSetCookie()[0]!.split(';')[0]!
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const response = await fetch(`${url}/admin/login`, {
      method: 'POST',
      headers: {
        Cookie: cookie,
        Origin: origin,
        'X-Forwarded-For': '198.51.100.7, 203.0.113.9',
      },
      body: new URLSearchParams({ csrf, email: 'nobody@example.com', password: 'wrong-password' }),
    })
    expect(response.status).toBe(401)
  }

  it('counts failures against the forwarded client when the proxy is trusted', async () => {
    const bridge = await startBridge({
      port: 0,
      dataDir: dataDir(),
      env: { SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32), SSOBRIDGE_TRUSTED_PROXIES: 'loopback' },
      logger: createLogger('silent'),
    })
    try {
      await failSignIn(bridge.url)
      const storage = bridge.services.storage
      expect(await storage.get('throttle-address', '203.0.113.9')).toBe(1)
      expect(await storage.get('throttle-address', '198.51.100.7')).toBeUndefined()
      expect(await storage.get('throttle-address', '127.0.0.1')).toBeUndefined()
    } finally {
      await bridge.close()
    }
  })

  it.each([
    ['SSOBRIDGE_TRUST_PROXY', { SSOBRIDGE_TRUST_PROXY: '127.0.0.1/32' }, undefined],
    ['a hop count', { SSOBRIDGE_TRUST_PROXY: '1' }, undefined],
    ['the config file', {}, ['loopback']],
    ['the config file, as a hop count', {}, 1],
  ])('reads the trusted proxies from %s', async (_, env, trustProxy) => {
    const bridge = await startBridge({
      port: 0,
      dataDir: dataDir(),
      config: parseConfig({ issuer: 'http://localhost:4000', trustProxy }, {}),
      env: { SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32), ...env },
      logger: createLogger('silent'),
    })
    try {
      await failSignIn(bridge.url, bridge.issuer)
      const storage = bridge.services.storage
      expect(await storage.get('throttle-address', '203.0.113.9')).toBe(1)
      expect(await storage.get('throttle-address', '127.0.0.1')).toBeUndefined()
    } finally {
      await bridge.close()
    }
  })

  it('refuses a config file whose trustProxy is not addresses or a hop count', () => {
    expect(() =>
      parseConfig({ issuer: 'http://localhost:4000', trustProxy: ['proxy.lan'] }, {}),
    ).toThrow('trustProxy: "proxy.lan" is not an IP address')
    expect(() => parseConfig({ issuer: 'http://localhost:4000', trustProxy: 99 }, {})).toThrow(
      'trustProxy: a hop count is at most 20',
    )
  })

  it('ignores X-Forwarded-For by default: the socket is the client', async () => {
    const bridge = await start(dataDir())
    try {
      await failSignIn(bridge.url)
      const storage = bridge.services.storage
      expect(await storage.get('throttle-address', '127.0.0.1')).toBe(1)
      expect(await storage.get('throttle-address', '203.0.113.9')).toBeUndefined()
    } finally {
      await bridge.close()
    }
  })

  it('refuses to start with an entry that is not an address or range', async () => {
    await expect(
      startBridge({
        port: 0,
        dataDir: dataDir(),
        env: { SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32), SSOBRIDGE_TRUSTED_PROXIES: 'proxy.lan' },
        logger: createLogger('silent'),
      }),
    ).rejects.toThrow('SSOBRIDGE_TRUSTED_PROXIES: "proxy.lan" is not an IP address')
  })
})
