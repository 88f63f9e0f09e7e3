/**
 * GET/POST /forgot-password: ask for a reset link (the same answer for every address).
 * GET/POST /reset-password: the link in the email. The GET shows the form and uses nothing up;
 * the POST sets the password, ends every session of the user (their sites hear it through
 * back-channel logout) and, in the browser that asked, continues to the site.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { BridgeError, isBridgeError } from '../errors.js'
import {
  completePasswordReset,
  requestPasswordReset,
  resetLinkUser,
} from '../sign-in/password-reset.js'
import { CheckEmailPage, ForgotPasswordPage, ResetPasswordPage } from '../views/member-pages.js'
import { MessagePage } from '../views/message-page.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import { endSessionsOfUser } from './end-session.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { pageOf } from './page.js'
import { describedFor } from './visitor-error.js'
import {
  memberFormLimit,
  memberSignIn,
  requireLocal,
  txField,
  txFields,
  type MemberSignIn,
  memberRequest,
} from './member-form.js'
import { readForm, readQuery } from './params.js'
import { assertSameOrigin } from './same-origin.js'

const noPasswords = () =>
  new BridgeError('invalid_request', {
    reason: 'connection_not_enabled',
    say: { key: 'error.say.noPasswordHere' },
  })
const resetForm = z.object({ token: z.string().max(128), password: z.string().max(1024) })

export function passwordResetRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)
  const smtp = () => {
    if (!services.email.configured)
      throw new BridgeError('invalid_request', {
        reason: 'smtp_not_configured',
        say: { key: 'error.say.resetNotSetUp' },
      })
  }

  function forgotForm(
    c: Context<BridgeEnv>,
    signIn: MemberSignIn,
    id: string,
    csrf: string,
    extra: { email?: string; error?: BridgeError } = {},
  ) {
    requireLocal(signIn, noPasswords())
    return c.html(
      <ForgotPasswordPage
        page={pageOf(c)}
        appName={signIn.app.name}
        tx={id}
        csrf={csrf}
        email={extra.email}
        error={describedFor(c, extra.error)}
      />,
      extra.error ? extra.error.status : 200,
    )
  }

  return new Hono<BridgeEnv>()
    .get('/forgot-password', async (c) => {
      smtp()
      const { tx: id } = readQuery(c, z.object({ tx: txField }))
      const signIn = await memberSignIn(c, services, jar, id)
      return forgotForm(c, signIn, id, signIn.tx.csrf)
    })
    .post('/forgot-password', memberFormLimit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      smtp()
      const input = await readForm(c, z.object({ ...txFields, email: z.string().max(320) }))
      const signIn = await memberSignIn(c, services, jar, input.tx, input.csrf)
      const local = requireLocal(signIn, noPasswords())
      const { csrf, request } = await memberRequest(c, services, signIn, input.tx, local)
      try {
        const email = await requestPasswordReset(services, signIn.visit, {
          ...request,
          email: input.email,
        })
        return c.html(
          <CheckEmailPage
            page={pageOf(c)}
            email={email}
            text={pageOf(c).t('forgot.sent')}
            tx={input.tx}
          />,
        )
      } catch (error) {
        if (!isBridgeError(error) || error.status >= 500) throw error
        return forgotForm(c, signIn, input.tx, csrf, {
          email: input.email.slice(0, 254),
          error,
        })
      }
    })
    .get('/reset-password', async (c) => {
      const { token } = readQuery(c, z.object({ token: z.string().max(128) }))
      const user = await resetLinkUser(services, token)
      return c.html(<ResetPasswordPage page={pageOf(c)} token={token} email={user.email} />)
    })
    .post('/reset-password', memberFormLimit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const input = await readForm(c, resetForm)
      let result
      try {
        result = await completePasswordReset(services, visitOf(c, jar), {
          token: input.token,
          password: input.password,
          endSessions: (user) => endSessionsOfUser(services, user.id, c.get('requestId')),
        })
      } catch (error) {
        // A password the rules refuse: the form again, the link still unused.
        if (!isBridgeError(error) || error.reason !== 'password_rules') throw error
        const user = await resetLinkUser(services, input.token)
        return c.html(
          <ResetPasswordPage
            page={pageOf(c)}
            token={input.token}
            email={user.email}
            error={error.description}
          />,
          400,
        )
      }
      // This browser's own session ended with the others: its cookie goes too.
      jar.delete(c, 'session')
      if (result.outcome) return respond(c, jar, result.outcome)
      return c.html(
        <MessagePage
          page={pageOf(c)}
          title={pageOf(c).t('reset.doneTitle')}
          text={pageOf(c).t('reset.doneText')}
        />,
      )
    })
}
