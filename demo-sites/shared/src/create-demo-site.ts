// One demo site: a Hono app with its own SQLite users, trusting tokens from the bridge.
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import type { VerifyOptions } from '@ssobridge/verify'
import { ssoBackchannelLogout, ssoCallback } from '@ssobridge/verify/hono'
import { errorMessage, reflectedErrorCode } from './bridge-errors.js'
import { openDatabase, type SiteDatabase } from './database.js'
import { resolveOptions, type DemoSiteOptions, type ResolvedOptions } from './options.js'
import { sqliteReplayStore } from './replay-store.js'
import { securityHeaders } from './security-headers.js'
import {
  createSession,
  deleteBridgeSessions,
  deleteSession,
  deleteUserSessions,
  findSessionUser,
} from './sessions.js'
import { countUsers, upsertUser } from './users.js'
import { recentEvents } from './webhook-events.js'
import { webhookRoute } from './webhook-route.js'
import { ErrorPage } from './views/error-page.js'
import { EventsPage } from './views/events-page.js'
import { HomePage } from './views/home.js'
import { stylesheet } from './views/style.js'

/** The page that signs visitors in silently, when the site has one. */
export const SILENT_PAGE = '/community'

export interface DemoSite {
  app: Hono
  db: SiteDatabase
  close(): void
}

export function createDemoSite(options: DemoSiteOptions): DemoSite {
  const config = resolveOptions(options)
  const db = openDatabase(config.databaseFile)
  try {
    return { app: buildApp(config, db), db, close: () => db.close() }
  } catch (error) {
    db.close()
    throw error
  }
}

function buildApp(config: ResolvedOptions, db: SiteDatabase): Hono {
  const app = new Hono()
  const css = stylesheet(config.accent)
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
  } as const

  app.use(securityHeaders({ bridgeOrigin: config.bridgeOrigin }))

  app.get('/style.css', (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })

  const home = (silent: boolean) => (c: Context) => {
    const user = findSessionUser(db, getCookie(c, config.sessionCookieName), nowSeconds())
    c.header('Cache-Control', 'no-store')
    return c.html(
      HomePage({
        title: config.title,
        appId: config.appId,
        bridgeUrl: config.bridgeUrl,
        user,
        userCount: countUsers(db),
        errorMessage: errorMessage(c.req.query('error')),
        silent,
        events: config.webhookSecrets !== undefined,
      }),
    )
  }
  app.get('/', home(false))
  if (config.silentSso) app.get(SILENT_PAGE, home(true))

  if (config.webhookSecrets) {
    app.route('/', webhookRoute(db, { appId: config.appId, secret: config.webhookSecrets }))
    app.get('/events', (c) => {
      const user = findSessionUser(db, getCookie(c, config.sessionCookieName), nowSeconds())
      c.header('Cache-Control', 'no-store')
      return c.html(EventsPage({ title: config.title, events: recentEvents(db), mySub: user?.sub }))
    })
  }

  app.get('/api/me', (c) => {
    const user = findSessionUser(db, getCookie(c, config.sessionCookieName), nowSeconds())
    c.header('Cache-Control', 'no-store')
    return c.json({ user: user ? { sub: user.sub, email: user.email, name: user.name } : null })
  })

  app.post(
    '/sso/callback',
    ssoCallback(
      {
        ...verifyOptions(config),
        replayStore: sqliteReplayStore(db),
        stateCookieName: config.stateCookieName,
        // return_to is checked against the public origin, not whatever Host the request carried.
        callbackUrl: `${config.publicUrl}/sso/callback`,
      },
      {
        onSuccess(c, result) {
          const now = nowSeconds()
          const { claims } = result
          const signIn = db.transaction(() => {
            // A fresh session id on every sign-in; any session the browser had before ends.
            deleteSession(db, getCookie(c, config.sessionCookieName), now)
            const user = upsertUser(db, claims, now)
            return createSession(db, user.id, now, config.sessionTtlSeconds, claims.sid)
          })
          const sessionId = signIn()
          setCookie(c, config.sessionCookieName, sessionId, {
            ...cookieOptions,
            maxAge: config.sessionTtlSeconds,
          })
          return c.redirect(sameOriginOrHome(result.returnTo, config), 303)
        },
        onError(c, error) {
          // A silent try that found nobody signed in goes back to its page, quietly.
          if (error.error === 'login_required' && config.silentSso) {
            const back = new URL(error.returnTo ?? '/', `${config.publicUrl}/`)
            if (back.pathname === SILENT_PAGE) return c.redirect(back.href, 303)
          }
          if (error.code === 'bridge_error') {
            return c.redirect(`/?error=${reflectedErrorCode(error.error)}`, 303)
          }
          c.header('Cache-Control', 'no-store')
          return c.html(
            ErrorPage({
              title: config.title,
              heading: `Sign-in failed (${error.code})`,
              // VerifyError messages are fixed sentences, safe to show.
              detail: error.message,
            }),
            400,
          )
        },
      },
    ),
  )

  // The bridge tells of a sign-out there (OIDC Back-Channel Logout 2.7): the sessions started
  // from that bridge session (its sid) end, or every session of the user when it names none. A
  // sign-in the user made since, from another bridge session, stays.
  app.post(
    '/sso/backchannel-logout',
    ssoBackchannelLogout(
      { ...verifyOptions(config), replayStore: sqliteReplayStore(db) },
      {
        onLogout(_c, claims) {
          if (claims.sub && claims.sid) deleteBridgeSessions(db, claims.sub, claims.sid)
          else if (claims.sub) deleteUserSessions(db, claims.sub)
        },
        onError(_c, error) {
          console.error(`[${config.appId}] back-channel logout refused: ${error.code}`)
        },
      },
    ),
  )

  // Sign-out is a same-origin form POST; a cross-site one is refused. The bridge session's sid
  // shows the bridge the sign-out comes from a site of that session, so it does not ask again
  // (the same URL as `logoutUrl` of @ssobridge/verify).
  app.post('/logout', csrf({ origin: config.publicOrigin }), (c) => {
    const sid = deleteSession(db, getCookie(c, config.sessionCookieName), nowSeconds())
    deleteCookie(c, config.sessionCookieName, cookieOptions)
    const bridgeLogout = new URL(`${config.bridgeUrl}/logout`)
    bridgeLogout.searchParams.set('app', config.appId)
    if (sid) bridgeLogout.searchParams.set('sid', sid)
    bridgeLogout.searchParams.set('return_to', `${config.publicUrl}/`)
    return c.redirect(bridgeLogout.href, 303)
  })

  app.notFound((c) => c.html(ErrorPage({ title: config.title, heading: 'Page not found' }), 404))

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse()
    // Only the kind of error is logged: messages could carry request data.
    console.error(`[${config.appId}] unexpected error: ${error.name}`)
    return c.html(ErrorPage({ title: config.title, heading: 'Something went wrong' }), 500)
  })

  return app
}

function verifyOptions(config: ResolvedOptions): VerifyOptions {
  const base = { issuer: config.issuer, audience: config.appId }
  if ('secret' in config.verify) {
    return { ...base, secret: config.verify.secret, algorithms: ['HS256'] }
  }
  return {
    ...base,
    jwksUrl: config.verify.jwksUrl,
    algorithms: config.verify.algorithms ?? ['ES256'],
  }
}

/** `return_to` is only ever followed to this site's own origin. */
function sameOriginOrHome(returnTo: string, config: ResolvedOptions): string {
  try {
    const url = new URL(returnTo, `${config.publicUrl}/`)
    if (url.origin === config.publicOrigin) return url.href
  } catch {
    // fall through
  }
  return `${config.publicUrl}/`
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
