/**
 * Academy, a stand-in for a course platform like Thinkific: it knows nothing of ssobridge. It
 * takes an HS256 JWT signed with its API key at `/api/sso/v2/sso/jwt?jwt=…&return_to=…&error_url=…`,
 * finds or creates the learner by `external_id` (else email), and starts its own session.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import { jwtVerify } from 'jose'

export interface Learner {
  id: number
  externalId?: string
  email: string
  firstName: string
  lastName?: string
}

export interface AcademyOptions {
  publicUrl: string
  bridgeUrl: string
  /** The platform's API key: the HS256 secret, used as-is. */
  apiKey: string
  /** The app id of the platform at the bridge. */
  appId?: string
}

/** Thinkific-style platforms want `iat` close to their own clock. */
const IAT_WINDOW_SECONDS = 120
const COOKIE = 'academy_session'

export function createAcademy(options: AcademyOptions) {
  const origin = new URL(options.publicUrl).origin
  const key = new TextEncoder().encode(options.apiKey)
  const learners = new Map<string, Learner>()
  const sessions = new Map<string, Learner>()
  const hash = (value: string) => createHash('sha256').update(value).digest('hex')
  const cookie = { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: false }

  const sameOrigin = (value: string | undefined, fallback: string) => {
    try {
      const url = new URL(value ?? fallback, origin)
      return url.origin === origin ? url.href : fallback
    } catch {
      return fallback
    }
  }
  const learnerOf = (c: Context) => {
    const id = getCookie(c, COOKIE)
    return id ? sessions.get(hash(id)) : undefined
  }
  const signInUrl = () => {
    const url = new URL('/authorize', options.bridgeUrl)
    url.searchParams.set('app', options.appId ?? 'academy')
    url.searchParams.set('return_to', `${origin}/courses`)
    return url.href
  }

  const page = (c: Context, body: unknown, status = 200) => {
    c.header('Cache-Control', 'no-store')
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    )
    return c.html(
      html`<!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <title>Academy</title>
            <style>
              body {
                font:
                  16px/1.5 system-ui,
                  sans-serif;
                max-width: 40rem;
                margin: 2rem auto;
              }
              h1 {
                color: #4d7c0f;
              }
            </style>
          </head>
          <body>
            <h1>Academy</h1>
            ${body}
          </body>
        </html>`,
      status as 200,
    )
  }

  const home = (c: Context) => {
    const learner = learnerOf(c)
    return page(
      c,
      learner
        ? html`<p>Welcome to your courses, ${learner.firstName} ${learner.lastName ?? ''}.</p>
            <p>Signed in as <strong>${learner.email}</strong></p>
            <form method="post" action="/logout"><button type="submit">Sign out</button></form>`
        : html`<p>This course platform signs you in with your company account.</p>
            <p><a href=${signInUrl()}>Sign in with SSO</a></p>`,
    )
  }

  const app = new Hono()
  app.get('/', home)
  app.get('/courses', home)

  // The platform's SSO URL: what the bridge's thinkific preset redirects to.
  app.get('/api/sso/v2/sso/jwt', async (c) => {
    const fail = (reason: string) => {
      const errorUrl = c.req.query('error_url')
      const target = errorUrl && sameOrigin(errorUrl, '')
      if (target) return c.redirect(`${target}?error=${reason}`, 302)
      return page(c, html`<p>Single sign-on failed (${reason}).</p>`, 400)
    }
    const jwt = c.req.query('jwt')
    if (!jwt) return fail('missing_jwt')
    let claims: Record<string, unknown>
    try {
      claims = (await jwtVerify(jwt, key, { algorithms: ['HS256'] })).payload
    } catch {
      return fail('invalid_jwt')
    }
    const now = Math.floor(Date.now() / 1000)
    if (typeof claims.iat !== 'number' || Math.abs(now - claims.iat) > IAT_WINDOW_SECONDS) {
      return fail('expired')
    }
    const text = (name: string) =>
      typeof claims[name] === 'string' ? (claims[name] as string) : undefined
    const email = text('email')
    const firstName = text('first_name')
    if (!email || !firstName) return fail('missing_claims')
    const externalId = text('external_id')
    const byKey = externalId ? `x:${externalId}` : `e:${email.toLowerCase()}`
    const learner: Learner = {
      id: learners.get(byKey)?.id ?? learners.size + 1,
      externalId,
      email,
      firstName,
      lastName: text('last_name'),
    }
    learners.set(byKey, learner)
    const id = randomBytes(32).toString('base64url')
    sessions.set(hash(id), learner)
    setCookie(c, COOKIE, id, cookie)
    return c.redirect(sameOrigin(c.req.query('return_to'), `${origin}/`), 302)
  })

  app.get('/sso-error', (c) =>
    page(c, html`<p>Single sign-on failed: ${c.req.query('error') ?? 'unknown'}.</p>`, 400),
  )

  app.post('/logout', (c) => {
    const id = getCookie(c, COOKIE)
    if (id) sessions.delete(hash(id))
    deleteCookie(c, COOKIE, cookie)
    return c.redirect('/', 303)
  })

  app.get('/api/me', (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ learner: learnerOf(c) ?? null })
  })

  return { app, learners }
}
