/** GET/POST /login: the bridge's own login form for local connections. */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { getConnInfo } from '@hono/node-server/conninfo'
import { z } from 'zod'
import { authenticateLocal } from '../connections/local.js'
import { getApp, type App } from '../domain/apps.js'
import { firstLocalConnection } from '../domain/connections.js'
import {
  consumeLoginTransaction,
  getLoginTransaction,
  rotateCsrf,
  type LoginTransaction,
} from '../domain/login-transactions.js'
import { safeEqual, sha256 } from '../domain/random.js'
import { createSession, deleteSession } from '../domain/sessions.js'
import { saveUser } from '../domain/users.js'
import { BridgeError, isBridgeError } from '../errors.js'
import { LoginPage } from '../views/login-page.js'
import { cookieJar, type CookieJar } from './cookies.js'
import { deliverError, deliverToken } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { readForm, readQuery } from './params.js'

const txId = z.string().min(1).max(64)
const showQuery = z.object({ tx: txId })
const submission = z.object({
  tx: txId,
  csrf: z.string().min(1).max(64),
  action: z.enum(['sign-in', 'cancel']).default('sign-in'),
  email: z.string().max(254).optional(),
  password: z.string().max(256).optional(),
})

const MAX_FORM_BYTES = 16 * 1024

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // in-process requests (tests) have no socket
  }
}

export function loginRoutes(services: BridgeServices) {
  const { storage } = services
  const jar = cookieJar(services.settings.issuer)

  /** The transaction, if it is live and was started by this very browser. */
  async function loadTransaction(
    c: Context<BridgeEnv>,
    jar: CookieJar,
    id: string,
  ): Promise<LoginTransaction> {
    const tx = await getLoginTransaction(storage, id)
    if (!tx)
      throw new BridgeError('login_expired', { message: 'login transaction missing or expired' })
    const browser = jar.get(c, 'login')
    if (!browser || !safeEqual(sha256(browser), tx.browserHash)) {
      throw new BridgeError('csrf_failed', { message: 'login transaction used by another browser' })
    }
    return tx
  }

  async function loadApp(tx: LoginTransaction): Promise<App> {
    const app = await getApp(storage, tx.appId)
    if (!app)
      throw new BridgeError('unknown_app', { message: `app ${tx.appId} deleted during sign-in` })
    return app
  }

  function renderForm(
    c: Context<BridgeEnv>,
    app: App,
    id: string,
    tx: LoginTransaction,
    extra: { email?: string; error?: BridgeError } = {},
  ) {
    const page = (
      <LoginPage
        nonce={c.get('nonce')}
        appName={app.name}
        tx={id}
        csrf={tx.csrf}
        email={extra.email ?? tx.loginHint}
        error={extra.error?.description}
      />
    )
    return c.html(page, extra.error ? (extra.error.status as 401 | 429 | 400) : 200)
  }

  return new Hono<BridgeEnv>()
    .get('/login', async (c) => {
      const { tx: id } = readQuery(c, showQuery)
      const tx = await loadTransaction(c, jar, id)
      return renderForm(c, await loadApp(tx), id, tx)
    })
    .post(
      '/login',
      bodyLimit({
        maxSize: MAX_FORM_BYTES,
        onError: () => {
          throw new BridgeError('payload_too_large')
        },
      }),
      async (c) => {
        // Browsers send Origin on form posts; one from elsewhere is a cross-site forgery.
        const origin = c.req.header('Origin')
        if (origin && origin !== new URL(services.settings.issuer).origin) {
          throw new BridgeError('csrf_failed', { message: 'login form posted from another origin' })
        }
        const form = await readForm(c, submission)
        const tx = await loadTransaction(c, jar, form.tx)
        if (!safeEqual(form.csrf, tx.csrf))
          throw new BridgeError('csrf_failed', { message: 'csrf token mismatch' })
        const app = await loadApp(tx)

        if (form.action === 'cancel') {
          if (!(await consumeLoginTransaction(storage, form.tx)))
            throw new BridgeError('login_expired')
          return deliverError(c, tx, 'access_denied', 'The user cancelled the sign-in.')
        }

        const email = form.email?.trim() ?? ''
        const password = form.password ?? ''
        const retry = async (error: BridgeError) =>
          renderForm(c, app, form.tx, await rotateCsrf(storage, form.tx, tx), { email, error })
        if (!email || !password) {
          return retry(
            new BridgeError('invalid_request', { description: 'Enter your email and password.' }),
          )
        }
        const connection = tx.connection ?? (await firstLocalConnection(storage, app.connections))
        if (!connection)
          throw new BridgeError('invalid_request', {
            description: 'This site has no password sign-in.',
          })

        const address = clientAddress(c)
        let user
        try {
          await services.throttle.check(email, address)
          user = await authenticateLocal(storage, connection, email, password)
        } catch (error) {
          if (!isBridgeError(error)) throw error
          if (error.code === 'invalid_credentials')
            await services.throttle.recordFailure(email, address)
          services.logger.info('sign-in failed', {
            requestId: c.get('requestId'),
            app: app.id,
            reason: error.code,
          })
          return retry(error)
        }

        if (!(await consumeLoginTransaction(storage, form.tx)))
          throw new BridgeError('login_expired')
        await services.throttle.reset(email)
        // A new session id on every sign-in: an id planted before login is worth nothing after.
        await deleteSession(storage, jar.get(c, 'session'))
        const now = Date.now()
        const { id, session } = await createSession(
          storage,
          { userId: user.id, connection, authTime: Math.floor(now / 1000), amr: ['pwd'] },
          services.settings.sessionTtl,
          now,
        )
        jar.set(c, 'session', id, services.settings.sessionTtl)
        await saveUser(storage, { ...user, lastLoginAt: now })
        return deliverToken(c, services, { app, user, session, request: tx })
      },
    )
}
