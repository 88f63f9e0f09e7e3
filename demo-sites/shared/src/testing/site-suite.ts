// One suite that every demo site passes, whatever it signs tokens with.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DemoSite } from '../create-demo-site.js'

export interface SiteSuiteOptions {
  appId: string
  title: string
  /** The site's publicUrl and the bridge's URL (= issuer); read only once tests run. */
  publicUrl: string
  bridgeUrl: string
  createSite(databaseFile: string): DemoSite
  /** Signs claims the way the bridge does for this app. */
  mintToken(claims: Record<string, unknown>): Promise<string>
}

export function describeDemoSite(options: SiteSuiteOptions): void {
  const { appId, publicUrl } = options
  const sessionCookie = `${appId}_session`
  const stateCookie = `ssobridge_state_${appId}`

  describe(`demo site "${appId}"`, () => {
    let dir: string
    let site: DemoSite

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), `demo-${appId}-`))
      site = options.createSite(join(dir, 'nested', 'site.sqlite'))
    })
    afterEach(() => {
      site.close()
      rmSync(dir, { recursive: true, force: true })
    })

    const count = (table: 'users' | 'sessions' | 'used_jtis') =>
      (site.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

    function claims(overrides: Record<string, unknown> = {}) {
      const now = Math.floor(Date.now() / 1000)
      return {
        iss: options.bridgeUrl,
        aud: appId,
        sub: 'user-alice',
        iat: now,
        exp: now + 120,
        jti: randomUUID(),
        nonce: 'state-1',
        email: 'alice@example.com',
        email_verified: true,
        name: 'Alice Example',
        ...overrides,
      }
    }

    interface Post {
      token?: string
      state?: string
      cookieState?: string | null
      returnTo?: string
      fields?: Record<string, string>
    }
    function postCallback(post: Post) {
      const state = post.state ?? 'state-1'
      const form = new URLSearchParams(post.fields ?? {})
      if (post.token !== undefined) form.set('token', post.token)
      form.set('state', state)
      form.set('return_to', post.returnTo ?? `${publicUrl}/after`)
      const cookieState = post.cookieState === undefined ? state : post.cookieState
      const headers: Record<string, string> = {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: options.bridgeUrl,
      }
      if (cookieState !== null) headers.Cookie = `${stateCookie}=${cookieState}`
      return site.app.request(`${publicUrl}/sso/callback`, {
        method: 'POST',
        headers,
        body: form.toString(),
      })
    }

    async function expectRefused(response: Response, code: string) {
      expect(response.status).toBe(400)
      expect(await response.text()).toContain(`Sign-in failed (${code})`)
      expect(sessionFrom(response)).toBeUndefined()
    }

    function sessionFrom(response: Response): string | undefined {
      for (const cookie of response.headers.getSetCookie()) {
        const match = new RegExp(`^${sessionCookie}=([^;]*)`).exec(cookie)
        if (match?.[1]) return match[1]
      }
      return undefined
    }

    async function signIn(overrides: Record<string, unknown> = {}) {
      const response = await postCallback({ token: await options.mintToken(claims(overrides)) })
      expect(response.status).toBe(303)
      const session = sessionFrom(response)
      expect(session).toBeDefined()
      return session as string
    }

    const page = (session?: string, path = '/') =>
      site.app.request(`${publicUrl}${path}`, {
        headers: session ? { Cookie: `${sessionCookie}=${session}` } : {},
      })

    it('shows "Sign in" and the embed script to a visitor', async () => {
      const response = await page()
      expect(response.status).toBe(200)
      const body = await response.text()
      expect(body).toContain('Sign in')
      expect(body).toMatch(/<button[^>]*data-sso-login/)
      expect(body).toContain(`<script src="${options.bridgeUrl}/sso.js" data-app="${appId}" defer`)
      expect(body).not.toContain('Signed in as')
      expect(body).toContain(options.title)
    })

    it('creates the user and a session on a valid callback, then redirects', async () => {
      const response = await postCallback({ token: await options.mintToken(claims()) })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe(`${publicUrl}/after`)
      const cookies = response.headers.getSetCookie()
      const session = cookies.find((c) => c.startsWith(`${sessionCookie}=`))
      expect(session).toMatch(/HttpOnly/i)
      expect(session).toMatch(/SameSite=Lax/i)
      expect(session).toMatch(/Path=\//)
      expect(session).not.toMatch(/Secure/i)
      expect(cookies.some((c) => c.startsWith(`${stateCookie}=`))).toBe(true)

      expect(count('users')).toBe(1)
      expect(count('sessions')).toBe(1)
      const row = site.db.prepare('SELECT * FROM users').get() as Record<string, unknown>
      expect(row).toMatchObject({ sub: 'user-alice', email: 'alice@example.com' })
      const stored = site.db.prepare('SELECT id_hash FROM sessions').get() as { id_hash: string }
      expect(stored.id_hash).toMatch(/^[0-9a-f]{64}$/)
      expect(stored.id_hash).not.toBe(sessionFrom(response))
    })

    it('shows "Signed in as" with the email and name, and /api/me returns the user', async () => {
      const session = await signIn()
      const body = await (await page(session)).text()
      const text = body.replace(/<[^>]+>/g, '')
      expect(text).toContain('Signed in as alice@example.com')
      expect(text).toContain('Alice Example')
      expect(body).toMatch(/<form[^>]*method="post"[^>]*action="\/logout"/)
      expect(text).toContain('Sign out')

      const me = await (await page(session, '/api/me')).json()
      expect(me).toEqual({
        user: { sub: 'user-alice', email: 'alice@example.com', name: 'Alice Example' },
      })
      expect(await (await page(undefined, '/api/me')).json()).toEqual({ user: null })
      expect(await (await page('forged', '/api/me')).json()).toEqual({ user: null })
    })

    it('finds the same user by sub on the next sign-in and updates the profile', async () => {
      await signIn()
      await signIn({ email: 'alice@new.example', name: 'Alice New' })
      expect(count('users')).toBe(1)
      const row = site.db.prepare('SELECT email, name FROM users').get()
      expect(row).toEqual({ email: 'alice@new.example', name: 'Alice New' })
    })

    it('refuses the same token the second time and creates nothing', async () => {
      const token = await options.mintToken(claims())
      expect((await postCallback({ token })).status).toBe(303)
      await expectRefused(await postCallback({ token }), 'token_replayed')
      expect(count('users')).toBe(1)
      expect(count('sessions')).toBe(1)
    })

    it('remembers used tokens across a restart', async () => {
      const file = join(dir, 'restart.sqlite')
      const first = options.createSite(file)
      const token = await options.mintToken(claims())
      const post = (s: DemoSite) =>
        s.app.request(`${publicUrl}/sso/callback`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Cookie: `${stateCookie}=state-1`,
          },
          body: new URLSearchParams({ token, state: 'state-1' }).toString(),
        })
      expect((await post(first)).status).toBe(303)
      first.close()
      const second = options.createSite(file)
      try {
        await expectRefused(await post(second), 'token_replayed')
      } finally {
        second.close()
      }
    })

    it('creates nothing for a tampered token', async () => {
      const token = await options.mintToken(claims())
      const [header, payload, signature] = token.split('.') as [string, string, string]
      const forged = JSON.parse(Buffer.from(payload, 'base64url').toString())
      forged.sub = 'user-mallory'
      const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`
      await expectRefused(await postCallback({ token: tampered }), 'signature_invalid')
      expect(count('users')).toBe(0)
      expect(count('sessions')).toBe(0)
    })

    it('creates nothing when the state does not match', async () => {
      const token = await options.mintToken(claims({ nonce: 'state-1' }))
      const cases: [Post, string][] = [
        [{ token, cookieState: 'state-other' }, 'state_mismatch'],
        [{ token, cookieState: null }, 'state_missing'],
        [{ token: await options.mintToken(claims({ nonce: 'state-2' })) }, 'nonce_mismatch'],
      ]
      for (const [post, code] of cases) await expectRefused(await postCallback(post), code)
      expect(count('users')).toBe(0)
      expect(count('sessions')).toBe(0)
    })

    it('creates nothing for a token made for another site, expired, or from another issuer', async () => {
      const now = Math.floor(Date.now() / 1000)
      const bad: [Record<string, unknown>, string][] = [
        [claims({ aud: 'someone-else' }), 'claim_invalid'],
        [claims({ iat: now - 200, exp: now - 60 }), 'token_expired'],
        [claims({ iss: 'https://evil.example' }), 'claim_invalid'],
      ]
      for (const [c, code] of bad) {
        await expectRefused(await postCallback({ token: await options.mintToken(c) }), code)
      }
      await expectRefused(await postCallback({}), 'token_missing')
      expect(count('users')).toBe(0)
      expect(count('sessions')).toBe(0)
    })

    it('never redirects to another origin after sign-in', async () => {
      const response = await postCallback({
        token: await options.mintToken(claims()),
        returnTo: 'https://evil.example/steal',
      })
      const location = response.headers.get('location') ?? ''
      expect(location).not.toContain('evil.example')
    })

    it('redirects a bridge error to the home page, which explains it', async () => {
      const response = await postCallback({
        fields: { error: 'login_required', error_description: 'No session' },
      })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe('/?error=login_required')
      expect(count('users')).toBe(0)
      const body = await (await page(undefined, '/?error=login_required')).text()
      expect(body).toContain('not signed in at the bridge')
    })

    it('does not reflect unknown error codes', async () => {
      const unknown = await postCallback({ fields: { error: 'made_up_code' } })
      expect(unknown.headers.get('location')).toBe('/?error=sign_in_failed')
      const hostile = await postCallback({ fields: { error: '<script>x</script>' } })
      expect(hostile.status).toBe(303)
      expect(hostile.headers.get('location')).toMatch(/^\/\?error=[a-z_]+$/)
      const body = await (await page(undefined, '/?error=%3Cscript%3Ex')).text()
      expect(body).not.toContain('<script>x')
      expect(body).not.toContain('role="alert"')
    })

    it('signs out: ends the session, clears the cookie, redirects to the bridge logout', async () => {
      const session = await signIn({ sid: 'bridge-session-1' })
      const response = await site.app.request(`${publicUrl}/logout`, {
        method: 'POST',
        headers: {
          Cookie: `${sessionCookie}=${session}`,
          Origin: new URL(publicUrl).origin,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: '',
      })
      expect(response.status).toBe(303)
      const location = new URL(response.headers.get('location') ?? '')
      expect(`${location.origin}${location.pathname}`).toBe(`${options.bridgeUrl}/logout`)
      expect(location.searchParams.get('app')).toBe(appId)
      // The token's sid: the bridge knows the sign-out comes from a site of its session.
      expect(location.searchParams.get('sid')).toBe('bridge-session-1')
      expect(location.searchParams.get('return_to')).toBe(`${publicUrl}/`)
      const cleared = response.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookie}=`))
      expect(cleared).toMatch(/Max-Age=0/)
      expect(count('sessions')).toBe(0)
      expect(await (await page(session, '/api/me')).json()).toEqual({ user: null })
      expect(await (await page(session)).text()).not.toContain('Signed in as')
    })

    it('refuses a cross-site sign-out', async () => {
      const session = await signIn()
      const response = await site.app.request(`${publicUrl}/logout`, {
        method: 'POST',
        headers: {
          Cookie: `${sessionCookie}=${session}`,
          Origin: 'https://evil.example',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: '',
      })
      expect(response.status).toBe(403)
      expect(count('sessions')).toBe(1)
    })

    it('escapes a hostile name and email on the home page', async () => {
      const session = await signIn({
        name: '<script>alert(1)</script>',
        email: '"><img src=x onerror=alert(1)>@example.com',
      })
      const body = await (await page(session)).text()
      expect(body).not.toContain('<script>alert(1)</script>')
      expect(body).not.toContain('<img src=x')
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    })

    it('sends security headers', async () => {
      const response = await page()
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp).toContain(`script-src 'self' ${new URL(options.bridgeUrl).origin}`)
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      const css = await page(undefined, '/style.css')
      expect(css.headers.get('content-type')).toMatch(/^text\/css/)
    })

    it('uses a 32-byte session id', async () => {
      const session = await signIn()
      expect(Buffer.from(session, 'base64url').length).toBe(32)
    })
  })
}
