import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDemoSite, startDemoSite, type DemoSiteOptions } from './index.js'

const dir = mkdtempSync(join(tmpdir(), 'demo-kit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const base: DemoSiteOptions = {
  appId: 'kit',
  title: 'Kit',
  publicUrl: 'http://127.0.0.1:4009',
  bridgeUrl: 'http://localhost:4000',
  databaseFile: ':memory:',
  verify: { secret: randomBytes(32).toString('base64url') },
}

describe('createDemoSite options', () => {
  it.each([
    ['appId', { appId: 'Bad Id' }],
    ['accent', { accent: 'red; } body { display: none' }],
    ['publicUrl', { publicUrl: 'not a url' }],
    ['bridgeUrl', { bridgeUrl: 'javascript:alert(1)' }],
    ['verify.jwksUrl', { verify: { jwksUrl: 'ftp://x' } }],
  ])('refuses a bad %s', (_name, override) => {
    expect(() => createDemoSite({ ...base, ...override } as DemoSiteOptions)).toThrow(TypeError)
  })

  it('puts the accent colour in /style.css', async () => {
    const site = createDemoSite({ ...base, accent: '#ff5500' })
    try {
      const css = await (await site.app.request('/style.css')).text()
      expect(css).toContain('--accent: #ff5500')
    } finally {
      site.close()
    }
  })

  it('sets Secure on the session cookie only for an https site', async () => {
    const site = createDemoSite({ ...base, publicUrl: 'https://kit.example' })
    try {
      const response = await site.app.request('https://kit.example/logout', {
        method: 'POST',
        headers: {
          Origin: 'https://kit.example',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
      })
      expect(response.headers.get('set-cookie')).toMatch(/kit_session=;.*Secure/)
    } finally {
      site.close()
    }
  })

  it('answers unknown paths with a 404 page', async () => {
    const site = createDemoSite(base)
    try {
      const response = await site.app.request('/nope')
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    } finally {
      site.close()
    }
  })
})

describe('startDemoSite', () => {
  it('serves on a real port, creates the database folder, and closes', async () => {
    const databaseFile = join(dir, 'a', 'b', 'kit.sqlite')
    const running = await startDemoSite({ ...base, databaseFile, port: 0, publicUrl: undefined })
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const response = await fetch(`${running.url}/api/me`)
      expect(await response.json()).toEqual({ user: null })
      const journal = running.site.db.pragma('journal_mode', { simple: true })
      expect(journal).toBe('wal')
    } finally {
      await running.close()
    }
    await expect(fetch(`${running.url}/api/me`)).rejects.toThrow()
  })
})
