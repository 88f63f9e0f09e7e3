/**
 * The console's preview of an app's login page with branding not saved yet: the real LoginPage
 * view with sample data, its brand stylesheet inline (under the page's nonce; made only of the
 * validated colours) and the brand header and footer around the card. The layout dresses a page
 * from saved branding (its stylesheet has a URL); unsaved branding has none yet, so the page is
 * rendered without a brand and these are put in at the layout's own <head> and <main> markers.
 */
import type { App } from '../../domain/apps.js'
import { brandStylesheet } from '../../domain/brand-stylesheet.js'
import { BrandFooter, BrandHeader } from '../brand.js'
import { LoginPage } from '../login-page.js'
import type { Page } from '../page.js'

type Previewed = Pick<App, 'id' | 'name' | 'branding'>

const banner = '<p class="brand-preview" role="status">Preview: nothing on this page signs in.</p>'
const bannerCss =
  '.brand-preview{margin:0 0 16px;padding:8px 12px;border:2px dashed currentColor;border-radius:8px}'

export function loginPreviewHtml(app: Previewed, page: Page): string {
  const login = String(
    <LoginPage
      page={{ ...page, brand: undefined }}
      appName={app.branding?.displayName ?? app.name}
      tx="preview"
      csrf="preview"
      upstream={[{ name: 'Example IdP', href: '#preview' }]}
      hasPassword
      routesByEmail={false}
      members={{ signup: '#preview', forgot: '#preview', emailCode: false }}
    />,
  )
  const css = `${brandStylesheet(app.branding) ?? ''}${bannerCss}`
  const style = String(<style nonce={page.nonce}>{css}</style>)
  const header = String(<BrandHeader app={app} />)
  const footer = String(
    <BrandFooter
      app={app}
      labels={{
        support: page.t('brand.support'),
        privacy: page.t('brand.privacy'),
        terms: page.t('brand.terms'),
        nav: page.t('brand.nav'),
      }}
    />,
  )
  return login
    .replace('</head>', `${style}</head>`)
    .replace('<main>', `${header}<main>${banner}`)
    .replace('</main>', `</main>${footer}`)
}
