/** The pages oidc-provider renders itself (logout, errors), in the bridge's look and CSP. */
import { raw } from 'hono/html'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { randomToken } from '../domain/random-token.js'
import { pageCsp } from '../views/content-security-policy.js'
import { ErrorPage } from '../views/error-page.js'
import { Layout } from '../views/layout.js'
import { MessagePage } from '../views/message-page.js'

async function send(
  ctx: KoaContextWithOIDC,
  status: number,
  page: (nonce: string) => unknown,
  formAction: string[] = [],
) {
  const nonce = randomToken(16)
  ctx.set('Content-Security-Policy', pageCsp(nonce, formAction))
  ctx.type = 'html'
  ctx.status = status
  ctx.body = `<!doctype html>${String(await Promise.resolve(page(nonce)))}`
}

/** RP-initiated logout asks before it ends the bridge session (and so every site's). */
export const logoutPage = (ctx: KoaContextWithOIDC, form: string) => {
  // The form's answer redirects to the client's registered post-logout URI (checked by now), and
  // CSP form-action covers that redirect.
  const back = ctx.oidc.params?.post_logout_redirect_uri
  const formAction = typeof back === 'string' ? [new URL(back).origin] : []
  return send(
    ctx,
    200,
    (nonce) => {
      const name = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId
      return (
        <Layout title="Sign out" nonce={nonce}>
          <h1>Sign out?</h1>
          <p>
            {name ? `${name} asks to sign you out. ` : ''}Signing out here signs you out of every
            site that uses this sign-in service.
          </p>
          {raw(form)}
          <button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">
            Sign out everywhere
          </button>
          <button class="link" type="submit" form="op.logoutForm">
            Only sign out of {name ?? 'this site'}
          </button>
        </Layout>
      )
    },
    formAction,
  )
}

export const signedOutPage = (ctx: KoaContextWithOIDC) =>
  send(ctx, 200, (nonce) => (
    <MessagePage nonce={nonce} title="Signed out" text="You are signed out." />
  ))

/** Errors that cannot go back to the client (unknown client, unregistered redirect URI...). */
export const errorPage = (
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
  requestId: string,
) =>
  send(ctx, ctx.status >= 400 ? ctx.status : 400, (nonce) => (
    <ErrorPage
      nonce={nonce}
      code={out.error}
      description={out.error_description ?? 'The request could not be processed.'}
      requestId={requestId}
    />
  ))
