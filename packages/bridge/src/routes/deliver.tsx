/**
 * The one responder of the sign-in: turns the outcome of a step (sign-in/outcome.ts) into the
 * response, with the cookies it sets. Nothing here decides; it only renders.
 */
import type { Context } from 'hono'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { interactionPath } from '../oidc-provider/configuration.js'
import type { Fields, Outcome, SiteDelivery } from '../sign-in/outcome.js'
import type { Visit } from '../sign-in/services.js'
import { ContinuePage } from '../views/continue-page.js'
import { ContinuePage as SecondFactorDonePage } from '../views/mfa-pages.js'
import { FormPostPage } from '../views/form-post-page.js'
import { TryItPage } from '../views/try-it-page.js'
import type { CookieJar } from './cookies.js'
import type { BridgeEnv } from './env.js'
import { pageOf } from './page.js'

/** The request as the sign-in sees it: its id and the two cookies it may use. */
export const visitOf = (c: Context<BridgeEnv>, jar: CookieJar): Visit => ({
  requestId: c.get('requestId'),
  sessionCookie: jar.get(c, 'session'),
  browserSecret: jar.get(c, 'login'),
  userAgent: c.req.header('user-agent'),
})

function defined(fields: Fields): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = value
  return out
}

/**
 * After a form post (the login form, a SAML response) a redirect elsewhere would fall under the
 * page's `form-action`, so the browser leaves by script instead.
 */
function leave(c: Context<BridgeEnv>, href: string, status: 302 | 303) {
  if (c.req.method === 'GET' || href.startsWith('/')) return c.redirect(href, status)
  return c.html(<ContinuePage page={pageOf(c)} href={href} />)
}

function deliver(c: Context<BridgeEnv>, delivery: SiteDelivery) {
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer')
  if (delivery.mode === 'form_post') {
    c.set('formAction', [new URL(delivery.action).origin])
    return c.html(
      <FormPostPage page={pageOf(c)} action={delivery.action} fields={defined(delivery.fields)} />,
    )
  }
  // A registered URL may have a query of its own: the fields are added to it.
  const url = new URL(delivery.url)
  for (const [name, value] of Object.entries(defined(delivery.fields)))
    url.searchParams.set(name, value)
  if (c.req.method === 'GET') return c.redirect(url.href, 302)
  return c.html(<ContinuePage page={pageOf(c)} href={url.href} />)
}

export function respond(c: Context<BridgeEnv>, jar: CookieJar, outcome: Outcome) {
  const { cookies } = outcome
  if (cookies?.session) jar.set(c, 'session', cookies.session.value, cookies.session.maxAge)
  if (cookies?.login) jar.set(c, 'login', cookies.login.value, cookies.login.maxAge)
  switch (outcome.kind) {
    case 'deliver':
    case 'deliver-error':
      return deliver(c, outcome.delivery)
    case 'redirect':
      return leave(c, outcome.location, outcome.status)
    case 'answer-interaction': {
      const finish = `${interactionPath(outcome.uid)}/finish`
      // An interaction's finish is the bridge's own page: a 303 there, or by script after a
      // cross-site form post.
      const href = outcome.error ? `${finish}?error=${outcome.error}` : finish
      if (c.req.method === 'GET') return c.redirect(href, 303)
      return c.html(<ContinuePage page={pageOf(c)} href={href} />)
    }
    case 'page': {
      const page = pageOf(c)
      const { notice } = outcome
      return c.html(
        <SecondFactorDonePage
          page={page}
          appName={outcome.appName}
          tx={outcome.txId}
          csrf={outcome.csrf}
          title={page.t(notice.title)}
          text={page.t(notice.text, notice.vars)}
          codes={notice.codes}
        />,
      )
    }
    case 'show-token':
      c.header('Cache-Control', 'no-store')
      return c.html(
        <TryItPage
          page={pageOf(c)}
          appName={outcome.appName}
          header={decodeProtectedHeader(outcome.token)}
          claims={decodeJwt(outcome.token)}
        />,
      )
  }
}
