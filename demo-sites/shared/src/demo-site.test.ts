import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
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

describe('silent sign-in page and back-channel logout', () => {
  const secret = randomBytes(32).toString('base64url')
  const options: DemoSiteOptions = { ...base, verify: { secret }, silentSso: true }
  const key = new TextEncoder().encode(secret)
  const now = () => Math.floor(Date.now() / 1000)

  async function signIn(
    site: ReturnType<typeof createDemoSite>,
    extra: Record<string, string> = {},
  ) {
    const token = await new SignJWT({
      iss: base.bridgeUrl,
      aud: 'kit',
      sub: 'user-1',
      iat: now(),
      exp: now() + 60,
      jti: randomBytes(8).toString('hex'),
      nonce: 's',
      email: 'a@example.com',
      ...extra,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(key)
    const response = await site.app.request(`${base.publicUrl}/sso/callback`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: 'ssobridge_state_kit=s',
      },
      body: new URLSearchParams({ token, state: 's' }).toString(),
    })
    expect(response.status).toBe(303)
  }

  const logoutToken = (claims: Record<string, unknown> = {}) =>
    new SignJWT({
      iss: base.bridgeUrl,
      aud: 'kit',
      sub: 'user-1',
      sid: 'sid-1',
      iat: now(),
      exp: now() + 60,
      jti: randomBytes(8).toString('hex'),
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      ...claims,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'logout+jwt' })
      .sign(key)

  const backchannel = (site: ReturnType<typeof createDemoSite>, token: string) =>
    site.app.request(`${base.publicUrl}/sso/backchannel-logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }).toString(),
    })

  const sessions = (site: ReturnType<typeof createDemoSite>) =>
    (site.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n

  it('serves /community with silent sign-in attributes only when asked to', async () => {
    const site = createDemoSite(options)
    const plain = createDemoSite(base)
    try {
      const body = await (await site.app.request('/community')).text()
      expect(body).toContain('data-auto="silent"')
      expect(body).toContain('data-signed-in="false"')
      expect(await (await site.app.request('/')).text()).not.toContain('data-auto')
      expect((await plain.app.request('/community')).status).toBe(404)
    } finally {
      site.close()
      plain.close()
    }
  })

  it('sends a silent try that found nobody back to /community, without an error', async () => {
    const site = createDemoSite(options)
    try {
      const response = await site.app.request(`${base.publicUrl}/sso/callback`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: 'ssobridge_state_kit=s',
        },
        body: new URLSearchParams({
          error: 'login_required',
          state: 's',
          return_to: `${base.publicUrl}/community`,
        }).toString(),
      })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe(`${base.publicUrl}/community`)
    } finally {
      site.close()
    }
  })

  it('a logout token with a sid ends only the sessions of that bridge session', async () => {
    const site = createDemoSite(options)
    try {
      await signIn(site, { sid: 'sid-1' })
      await signIn(site, { sid: 'sid-2' })
      expect((await backchannel(site, await logoutToken())).status).toBe(200)
      // The sign-in from the other bridge session (a password reset's new one, say) stays.
      expect(sessions(site)).toBe(1)
    } finally {
      site.close()
    }
  })

  it("ends the user's sessions on a valid logout token, and only then", async () => {
    const site = createDemoSite(options)
    try {
      await signIn(site, { sid: 'sid-1' })
      await signIn(site, { sid: 'sid-1' })
      expect(sessions(site)).toBe(2)
      for (const forged of [
        await logoutToken({ aud: 'other' }),
        await logoutToken({ events: undefined }),
        await logoutToken({ nonce: 'n' }),
      ]) {
        expect((await backchannel(site, forged)).status).toBe(400)
      }
      expect(sessions(site)).toBe(2)
      const token = await logoutToken()
      expect((await backchannel(site, token)).status).toBe(200)
      expect(sessions(site)).toBe(0)
      expect((await backchannel(site, token)).status).toBe(400) // replayed
    } finally {
      site.close()
    }
  })
})
