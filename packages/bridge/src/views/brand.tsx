/**
 * The app's brand on a visitor page: its stylesheet link, a header with logo and display name, a
 * footer with its support, privacy and terms links. Text is escaped by JSX; the only URLs are the
 * bridge's own (stylesheet, uploaded logo) and the validated https links of the branding.
 */
import type { App, UploadedLogo } from '../domain/apps.js'
import { brandStylesheet, contentHash } from '../domain/brand-stylesheet.js'

type Branded = Pick<App, 'id' | 'name' | 'branding'>

const extensions: Record<UploadedLogo['contentType'], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
}

/** `/brand/<app>.<hash>.css`, or undefined when the app sets no colour. */
export function brandStyleHref(app: Branded): string | undefined {
  const css = brandStylesheet(app.branding)
  return css === undefined ? undefined : `/brand/${app.id}.${contentHash(css)}.css`
}

/** Where an uploaded logo is served: `/brand/logo/<app>.<hash>.<ext>`. */
export const uploadedLogoPath = (logo: UploadedLogo) =>
  `/brand/logo/${logo.id}.${logo.hash}.${extensions[logo.contentType]}`

/** The logo's src: the uploaded image first, then the https URL. */
export function brandLogoSrc(app: Branded): string | undefined {
  const b = app.branding
  return b?.logoUploaded ? uploadedLogoPath(b.logoUploaded) : b?.logoUrl
}

/**
 * Origins besides the bridge's own that the page's `img-src` must allow: that of an https logo
 * URL. Pass them to `withImgSrc` (content-security-policy.ts) when setting the page's CSP.
 */
export function brandImageOrigins(app: Branded): string[] {
  const b = app.branding
  return !b?.logoUploaded && b?.logoUrl ? [new URL(b.logoUrl).origin] : []
}

/** The brand stylesheet, allowed by the page's CSP nonce (style-src has no 'self'). */
export function BrandStyle(props: { app: Branded; nonce: string }) {
  const href = brandStyleHref(props.app)
  return href ? <link rel="stylesheet" href={href} nonce={props.nonce} /> : null
}

/** Logo and display name; nothing when the app sets neither. */
export function BrandHeader(props: { app: Branded }) {
  const b = props.app.branding
  const src = brandLogoSrc(props.app)
  if (!src && !b?.displayName) return null
  const name = b?.displayName ?? props.app.name
  return (
    <header class="brand-header">
      {src ? <img class="brand-logo" src={src} alt={name} height={48} /> : null}
      {b?.displayName ? <span class="brand-name">{b.displayName}</span> : null}
    </header>
  )
}

export interface BrandFooterLabels {
  support: string
  privacy: string
  terms: string
  /** The footer's accessible name. */
  nav: string
}

const englishLabels: BrandFooterLabels = {
  support: 'Help',
  privacy: 'Privacy',
  terms: 'Terms',
  nav: 'About this site',
}

/** The support, privacy and terms links; nothing when the app sets none. */
export function BrandFooter(props: { app: Branded; labels?: BrandFooterLabels }) {
  const b = props.app.branding
  const labels = props.labels ?? englishLabels
  const links = (
    [
      [b?.supportUrl, labels.support],
      [b?.privacyUrl, labels.privacy],
      [b?.termsUrl, labels.terms],
    ] as const
  ).filter((l): l is readonly [string, string] => l[0] !== undefined)
  if (links.length === 0) return null
  return (
    <footer class="brand-footer">
      <nav aria-label={labels.nav}>
        {links.map(([href, label]) => (
          <a href={href} rel="noopener noreferrer">
            {label}
          </a>
        ))}
      </nav>
    </footer>
  )
}
