/**
 * GET/POST /signup: create an account on the app's local connection, when it allows sign-up.
 * GET/POST /verify-email: the link in the verification email. The GET shows a button and uses
 * nothing up (mail scanners open links); the POST verifies and, in the browser that signed up,
 * continues to the site.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { EMAIL_TOKEN_PATTERN } from '../domain/email-tokens.js'
import { BridgeError, isBridgeError } from '../errors.js'
import { verifyEmail } from '../sign-in/email-verification.js'
import { passwordlessOf, signupOpen } from '../sign-in/member-policy.js'
import { signUp } from '../sign-in/sign-up.js'
import { CheckEmailPage, ConfirmLinkPage, SignUpPage } from '../views/member-pages.js'
import { MessagePage } from '../views/message-page.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
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

const showQuery = z.object({ tx: txField })
const submission = z.object({
  ...txFields,
  email: z.string().max(320),
  name: z.string().max(512).optional(),
  password: z.string().max(1024).optional(),
})
const tokenField = z.string().max(128)

const signupOff = () => new BridgeError('signup_refused', { reason: 'signup_off' })

export function signUpRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)

  function open(signIn: MemberSignIn) {
    const local = requireLocal(signIn, signupOff())
    if (!signupOpen(local)) throw signupOff()
    return local
  }

  function form(
    c: Context<BridgeEnv>,
    signIn: MemberSignIn,
    id: string,
    csrf: string,
    extra: { email?: string; name?: string; error?: BridgeError } = {},
  ) {
    const passwordless = passwordlessOf(open(signIn))
    return c.html(
      <SignUpPage
        page={pageOf(c)}
        appName={signIn.app.name}
        tx={id}
        csrf={csrf}
        email={extra.email}
        name={extra.name}
        error={describedFor(c, extra.error)}
        passwordOptional={passwordless.code || passwordless.link}
      />,
      extra.error ? extra.error.status : 200,
    )
  }

  return new Hono<BridgeEnv>()
    .get('/signup', async (c) => {
      const { tx: id } = readQuery(c, showQuery)
      const signIn = await memberSignIn(c, services, jar, id)
      return form(c, signIn, id, signIn.tx.csrf)
    })
    .post('/signup', memberFormLimit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const input = await readForm(c, submission)
      const signIn = await memberSignIn(c, services, jar, input.tx, input.csrf)
      const local = open(signIn)
      const { csrf, request } = await memberRequest(c, services, signIn, input.tx, local)
      try {
        const email = await signUp(services, signIn.visit, {
          ...request,
          email: input.email,
          name: input.name,
          password: input.password || undefined,
        })
        return c.html(
          <CheckEmailPage
            page={pageOf(c)}
            email={email}
            text={pageOf(c).t('signup.sent')}
            tx={input.tx}
          />,
        )
      } catch (error) {
        if (!isBridgeError(error) || error.status >= 500) throw error
        return form(c, signIn, input.tx, csrf, {
          email: input.email.slice(0, 254),
          name: input.name?.slice(0, 128),
          error,
        })
      }
    })
    .get('/verify-email', (c) => {
      const { token } = readQuery(c, z.object({ token: tokenField }))
      if (!EMAIL_TOKEN_PATTERN.test(token))
        throw new BridgeError('link_expired', { reason: 'email_token_unknown' })
      return c.html(
        <ConfirmLinkPage
          page={pageOf(c)}
          title={pageOf(c).t('verify.title')}
          text={pageOf(c).t('verify.text')}
          action="/verify-email"
          token={token}
          button={pageOf(c).t('verify.button')}
        />,
      )
    })
    .post('/verify-email', memberFormLimit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const { token } = await readForm(c, z.object({ token: tokenField }))
      const { outcome } = await verifyEmail(services, visitOf(c, jar), token)
      if (outcome) return respond(c, jar, outcome)
      return c.html(
        <MessagePage
          page={pageOf(c)}
          title={pageOf(c).t('verify.doneTitle')}
          text={pageOf(c).t('verify.doneText')}
        />,
      )
    })
}
