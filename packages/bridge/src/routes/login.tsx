/**
 * GET/POST /login: the bridge's login page. It lists the app's upstream connections, routes an
 * email to the connection that owns its domain, and checks passwords of local connections.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { authenticateLocal } from '../connections/local.js'
import type { App } from '../domain/apps.js'
import {
  appConnections,
  connectionForEmail,
  getConnection,
  isUpstream,
  type Connection,
  type LocalConnection,
} from '../domain/connections.js'
import { reserveMemberEmail } from '../domain/email-throttle.js'
import type { User } from '../domain/users.js'
import { sendVerification } from '../email/member-emails.js'
import { passwordlessOf, signupOpen } from '../sign-in/member-policy.js'
import { CheckEmailPage } from '../views/member-pages.js'
import { rotateCsrf, type LoginTransaction } from '../domain/login-transactions.js'
import { safeEqual } from '../domain/secret-hash.js'
import type { LoginAttempt } from '../domain/throttle.js'
import { BridgeError, isBridgeError } from '../errors.js'
import { LoginPage, type MemberLinks } from '../views/login-page.js'
import { RedirectPage } from '../views/redirect-page.js'
import { auditSignIn } from '../sign-in/audit.js'
import { firstFactor } from '../sign-in/first-factor.js'
import { loadApp, loadTransaction } from '../sign-in/load.js'
import { linkPromptPath, upstreamStartPath } from '../sign-in/paths.js'
import { cancel } from '../sign-in/refuse.js'
import { choose } from '../sign-in/state.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { notePage, pageOf } from './page.js'
import { describedFor } from './visitor-error.js'
import { opaqueId, readForm, readQuery } from './params.js'
import { passkeyFailed, passkeySignInOptions } from './passkey-options.js'
import { assertSameOrigin } from './same-origin.js'

const txId = opaqueId()
const showQuery = z.object({ tx: txId, passkey: z.literal('failed').optional() })
const submission = z.object({
  tx: txId,
  csrf: z.string().min(1).max(64),
  action: z.enum(['sign-in', 'cancel']).default('sign-in'),
  email: z.string().max(254).optional(),
  password: z.string().max(256).optional(),
})

const MAX_FORM_BYTES = 16 * 1024

/**
 * The connections this sign-in may use. While an identity waits to be linked, its own connection
 * is left out: signing in there again proves nothing about the existing account.
 */
const signInChoices = (app: App, tx: LoginTransaction) => {
  const ids = tx.connection ? [tx.connection] : app.connections
  const held = tx.pendingLink?.connection
  return held ? ids.filter((id) => id !== held) : ids
}

export function loginRoutes(services: BridgeServices) {
  const { storage } = services
  const jar = cookieJar(services.settings.issuer)

  async function renderForm(
    c: Context<BridgeEnv>,
    app: App,
    id: string,
    tx: LoginTransaction,
    extra: { email?: string; error?: BridgeError } = {},
  ) {
    const connections = await appConnections(storage, signInChoices(app, tx))
    const held = tx.pendingLink && (await getConnection(storage, tx.pendingLink.connection))
    const page = (
      <LoginPage
        page={pageOf(c)}
        appName={app.name}
        tx={id}
        csrf={tx.csrf}
        email={extra.email ?? tx.loginHint}
        error={describedFor(c, extra.error)}
        notice={held ? pageOf(c).t('link.loginNotice', { connection: held.name }) : undefined}
        upstream={connections
          .filter(isUpstream)
          .map((u) => ({ name: u.name, href: upstreamStartPath(u.id, id) }))}
        hasPassword={connections.some((u) => u.type === 'local')}
        routesByEmail={connections.some((u) => isUpstream(u) && u.domains.length > 0)}
        passkey={
          connections.some((u) => u.type === 'local')
            ? await passkeySignInOptions(services, id)
            : undefined
        }
        members={memberLinks(connections, id)}
      />
    )
    return c.html(page, extra.error ? extra.error.status : 200)
  }

  /** Sign-up, reset and the email code, as the local connection and the SMTP setup allow. */
  function memberLinks(connections: Connection[], id: string): MemberLinks | undefined {
    const local = connections.find((u): u is LocalConnection => u.type === 'local')
    if (!local || !services.email.configured) return undefined
    const tx = encodeURIComponent(id)
    const passwordless = passwordlessOf(local)
    return {
      signup: signupOpen(local) ? `/signup?tx=${tx}` : undefined,
      forgot: `/forgot-password?tx=${tx}`,
      emailCode: passwordless.code || passwordless.link,
    }
  }

  /** requireVerifiedEmail: the right password of an unverified address gets a fresh link only. */
  async function verifyFirst(
    c: Context<BridgeEnv>,
    app: App,
    id: string,
    tx: LoginTransaction,
    user: User,
  ) {
    await rotateCsrf(storage, id, tx, choose(tx.progress))
    try {
      await reserveMemberEmail(storage, user.email, services.clientAddress(c))
      await sendVerification(services, user.id, {
        signIn: { txId: id, browserHash: tx.browserHash },
        appId: app.id,
        locale: pageOf(c).locale,
      })
    } catch (error) {
      // Past the email limit the page is the same: the links sent before still work.
      if (!isBridgeError(error) || error.reason !== 'email_throttled') throw error
    }
    return c.html(
      <CheckEmailPage
        page={pageOf(c)}
        email={user.email}
        text={pageOf(c).t('checkEmail.verifyFirst')}
        tx={id}
      />,
      403,
    )
  }

  return new Hono<BridgeEnv>()
    .get('/login', async (c) => {
      const { tx: id, passkey } = readQuery(c, showQuery)
      const tx = await loadTransaction(storage, visitOf(c, jar), id)
      notePage(c, { tx })
      // The link prompt waits for an answer: the login page is not the way on from there.
      if (tx.progress.step === 'linking') return c.redirect(linkPromptPath(id), 303)
      const app = await loadApp(storage, tx)
      notePage(c, { app })
      return renderForm(c, app, id, tx, {
        error: passkey ? passkeyFailed() : undefined,
      })
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
        assertSameOrigin(c, services.settings.issuer)
        const form = await readForm(c, submission)
        const visit = visitOf(c, jar)
        const tx = await loadTransaction(storage, visit, form.tx)
        notePage(c, { tx })
        if (!safeEqual(form.csrf, tx.csrf)) {
          throw new BridgeError('csrf_failed', {
            reason: 'csrf_token_mismatch',
            message: 'csrf token mismatch',
          })
        }
        const app = await loadApp(storage, tx)
        notePage(c, { app })

        if (form.action === 'cancel') return respond(c, jar, await cancel(services, form.tx, tx))

        const email = form.email?.trim() ?? ''
        const password = form.password ?? ''
        const retry = async (error: BridgeError) =>
          renderForm(c, app, form.tx, await rotateCsrf(storage, form.tx, tx, choose(tx.progress)), {
            email,
            error,
          })
        if (!email)
          return retry(new BridgeError('invalid_request', { say: { key: 'error.say.enterEmail' } }))

        const connections = await appConnections(storage, signInChoices(app, tx))
        const realm = connectionForEmail(connections, email)
        if (realm) {
          const href = upstreamStartPath(realm.id, form.tx, email)
          return c.html(<RedirectPage page={pageOf(c)} href={href} name={realm.name} />)
        }
        const local = connections.find((u) => u.type === 'local')
        if (!local) {
          return retry(
            new BridgeError('invalid_request', {
              say: { key: 'error.say.noSignInForEmail' },
            }),
          )
        }
        if (!password) {
          return retry(
            new BridgeError('invalid_request', { say: { key: 'error.say.enterEmailAndPassword' } }),
          )
        }

        let user
        let attempt: LoginAttempt | undefined
        try {
          attempt = await services.throttle.reserve(email, services.clientAddress(c))
          user = await authenticateLocal(storage, local.id, email, password)
        } catch (error) {
          if (!isBridgeError(error)) throw error
          if (error.code === 'invalid_credentials') await attempt?.failed()
          services.logger.info('sign-in failed', {
            requestId: c.get('requestId'),
            app: app.id,
            reason: error.code,
          })
          await auditSignIn(services, visit.requestId, {
            app: app.id,
            connection: local.id,
            email,
            reason: error.code,
          })
          return retry(error)
        }
        await attempt.succeeded()
        if (local.requireVerifiedEmail && !user.emailVerified) {
          await auditSignIn(services, visit.requestId, {
            app: app.id,
            connection: local.id,
            user: user.id,
            reason: 'email_not_verified',
          })
          return verifyFirst(c, app, form.tx, tx, user)
        }
        const outcome = await firstFactor(services, visit, {
          txId: form.tx,
          tx,
          app,
          user,
          connection: local.id,
          amr: ['pwd'],
        })
        return respond(c, jar, outcome)
      },
    )
}
