/** The pages oidc-provider renders itself (logout, errors), in the bridge's look, CSP and language. */
import { raw } from 'hono/html'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { randomToken } from '../domain/random-token.js'
import { directionOf, negotiateLocale } from '../i18n/locales.js'
import type { Translations } from '../i18n/translations.js'
import { pageCsp } from '../views/content-security-policy.js'
import { ErrorPage } from '../views/error-page.js'
import { Layout } from '../views/layout.js'
import { MessagePage } from '../views/message-page.js'
import type { Page } from '../views/page.js'

export interface OpPages {
  logoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void>
  signedOutPage(ctx: KoaContextWithOIDC): Promise<void>
  errorPage(
    ctx: KoaContextWithOIDC,
    out: { error: string; error_description?: string },
    requestId: string,
  ): Promise<void>
}

export function opPages(translations: Translations): OpPages {
  async function send(
    ctx: KoaContextWithOIDC,
    status: number,
    render: (page: Page) => unknown,
    formAction: string[] = [],
  ) {
    const nonce = randomToken(16)
    const uiLocales = ctx.oidc?.params?.ui_locales
    const locale = negotiateLocale({
      uiLocales: typeof uiLocales === 'string' ? uiLocales : undefined,
      acceptLanguage: ctx.get('accept-language'),
    })
    const page = { nonce, locale, dir: directionOf(locale), t: translations.translator(locale) }
    ctx.set('Content-Security-Policy', pageCsp(nonce, formAction))
    ctx.type = 'html'
    ctx.status = status
    ctx.body = `<!doctype html>${String(await Promise.resolve(render(page)))}`
  }

  return {
    /** RP-initiated logout asks before it ends the bridge session (and so every site's). */
    logoutPage(ctx, form) {
      // The form's answer redirects to the client's registered post-logout URI (checked by now),
      // and CSP form-action covers that redirect.
      const back = ctx.oidc.params?.post_logout_redirect_uri
      const formAction = typeof back === 'string' ? [new URL(back).origin] : []
      return send(
        ctx,
        200,
        (page) => {
          const { t } = page
          const name = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId
          return (
            <Layout title={t('logout.title')} page={page}>
              <h1>{t('logout.heading')}</h1>
              <p>
                {name ? `${t('logout.asks', { app: name })} ` : ''}
                {t('logout.everywhere')}
              </p>
              {raw(form)}
              <button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">
                {t('logout.submitEverywhere')}
              </button>
              <button class="link" type="submit" form="op.logoutForm">
                {t('logout.onlyThisSite', { app: name ?? t('logout.thisSite') })}
              </button>
            </Layout>
          )
        },
        formAction,
      )
    },

    signedOutPage: (ctx) =>
      send(ctx, 200, (page) => (
        <MessagePage
          page={page}
          title={page.t('logout.doneTitle')}
          text={page.t('logout.doneText')}
        />
      )),

    /** Errors that cannot go back to the client (unknown client, unregistered redirect URI...). */
    errorPage: (ctx, out, requestId) =>
      send(ctx, ctx.status >= 400 ? ctx.status : 400, (page) => (
        <ErrorPage
          page={page}
          code={out.error}
          // oidc-provider's own wording (English): its error classes carry no catalog key.
          description={out.error_description ?? page.t('error.code.invalid_request')}
          requestId={requestId}
        />
      )),
  }
}
