/**
 * Sign-in by email: POST /login/email-code (the login page's "Email me a sign-in code") sends a
 * code and a magic link as the connection's passwordless mode says; POST /login/code takes the
 * code; GET/POST /login/link is the magic link (the GET shows a button and uses nothing up).
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { findLoginLink } from '../domain/email-tokens.js'
import { rotateCsrf } from '../domain/login-transactions.js'
import { BridgeError, isBridgeError } from '../errors.js'
import {
  assertPasswordless,
  LOGIN_LINK_PATH,
  sendLoginCode,
  signInWithCode,
  signInWithLink,
} from '../sign-in/email-sign-in.js'
import { choose } from '../sign-in/state.js'
import { CodePage, ConfirmLinkPage } from '../views/member-pages.js'
import { MessagePage } from '../views/message-page.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { pageOf } from './page.js'
import { describedFor, visitorDescription } from './visitor-error.js'
import {
  memberFormLimit,
  memberSignIn,
  requireLocal,
  txFields,
  type MemberSignIn,
  memberRequest,
} from './member-form.js'
import { readForm, readQuery } from './params.js'
import { assertSameOrigin } from './same-origin.js'

const emailForm = z.object({ ...txFields, email: z.string().max(320) })
const codeForm = z.object({ ...txFields, email: z.string().max(320), code: z.string().max(32) })
const linkField = z.object({ token: z.string().max(128) })

const off = () => new BridgeError('invalid_request', { reason: 'passwordless_off' })

export function emailSignInRoutes(services: BridgeServices) {
  const { storage } = services
  const jar = cookieJar(services.settings.issuer)

  function codePage(
    c: Context<BridgeEnv>,
    signIn: MemberSignIn,
    id: string,
    csrf: string,
    email: string,
    error?: BridgeError,
  ) {
    const modes = assertPasswordless(requireLocal(signIn, off()), 'any')
    return c.html(
      <CodePage
        page={pageOf(c)}
        appName={signIn.app.name}
        tx={id}
        csrf={csrf}
        email={email}
        code={modes.code}
        error={describedFor(c, error)}
      />,
      error ? error.status : 200,
    )
  }

  return new Hono<BridgeEnv>()
    .post('/login/email-code', memberFormLimit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const input = await readForm(c, emailForm)
      const signIn = await memberSignIn(c, services, jar, input.tx, input.csrf)
      const local = requireLocal(signIn, off())
      const { csrf, request } = await memberRequest(c, services, signIn, input.tx, local)
      const email = await sendLoginCode(services, signIn.visit, { ...request, email: input.email })
      return codePage(c, signIn, input.tx, csrf, email)
    })
    .post('/login/code', memberFormLimit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const input = await readForm(c, codeForm)
      const signIn = await memberSignIn(c, services, jar, input.tx, input.csrf)
      const local = requireLocal(signIn, off())
      try {
        const outcome = await signInWithCode(services, signIn.visit, {
          txId: input.tx,
          tx: signIn.tx,
          app: signIn.app,
          connection: local,
          code: input.code.trim(),
        })
        return respond(c, jar, outcome)
      } catch (error) {
        if (!isBridgeError(error) || error.code !== 'invalid_credentials') throw error
        const next = await rotateCsrf(storage, input.tx, signIn.tx, choose(signIn.tx.progress))
        return codePage(c, signIn, input.tx, next.csrf, input.email.slice(0, 254), error)
      }
    })
    .get(LOGIN_LINK_PATH, async (c) => {
      const { token } = readQuery(c, linkField)
      if (!(await findLoginLink(storage, token)))
        throw new BridgeError('link_expired', { reason: 'email_code_unknown' })
      return c.html(
        <ConfirmLinkPage
          page={pageOf(c)}
          title={pageOf(c).t('emailCode.linkTitle')}
          text={pageOf(c).t('emailCode.linkText')}
          action={LOGIN_LINK_PATH}
          token={token}
          button={pageOf(c).t('emailCode.linkButton')}
        />,
      )
    })
    .post(LOGIN_LINK_PATH, memberFormLimit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const { token } = await readForm(c, linkField)
      try {
        return respond(c, jar, await signInWithLink(services, visitOf(c, jar), token))
      } catch (error) {
        if (!isBridgeError(error) || error.reason !== 'email_link_other_browser') throw error
        // The link stays usable where it was asked for; this browser is not signed in.
        return c.html(
          <MessagePage
            page={pageOf(c)}
            title={pageOf(c).t('emailCode.elsewhereTitle')}
            text={visitorDescription(error, pageOf(c).t)}
          />,
          403,
        )
      }
    })
}
