/**
 * An app's `branding:` (docs/branding.md), for the config file and admin input alike. Colours are
 * hex only and come out as lowercase `#rrggbb`: they are the only input that reaches the brand
 * stylesheet, so nothing but six hex digits may get there. Links are https (http on loopback, as
 * everywhere in the config), so a `javascript:` or `data:` URL never becomes an href.
 */
import { z } from 'zod'
import { brandLocales } from '../domain/apps.js'
import { isLoopbackHost } from '../domain/loopback.js'
import { displayName } from './display-name.js'

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i

/** `#abc` or `#aabbcc`, any case, as lowercase `#aabbcc`. */
export const hexColour = z
  .string()
  .refine((value) => HEX_COLOUR.test(value), 'must be a hex colour like #3056d3 or #36d')
  .transform((value) => {
    const hex = value.slice(1).toLowerCase()
    return `#${hex.length === 3 ? [...hex].map((d) => d + d).join('') : hex}`
  })

/** An absolute https link (http only on loopback), without credentials, as the URL parser writes it. */
export const brandUrl = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute https URL' })
      return z.NEVER
    }
    const problem =
      url.protocol !== 'https:' && url.protocol !== 'http:'
        ? 'must use https'
        : url.protocol === 'http:' && !isLoopbackHost(url.hostname)
          ? 'must use https (plain http is allowed on localhost and 127.0.0.1 only)'
          : url.username || url.password
            ? 'must not contain a user name or password'
            : undefined
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem })
      return z.NEVER
    }
    return url.href
  })

export const brandingSchema = z.strictObject({
  /** Shown as text on the pages and as the logo's alt text. */
  displayName: displayName(80).optional(),
  logoUrl: brandUrl.optional(),
  primaryColor: hexColour.optional(),
  backgroundColor: hexColour.optional(),
  supportUrl: brandUrl.optional(),
  privacyUrl: brandUrl.optional(),
  termsUrl: brandUrl.optional(),
  defaultLocale: z
    .enum(brandLocales, { message: `must be one of ${brandLocales.join(', ')}` })
    .optional(),
})

export type BrandingConfig = z.output<typeof brandingSchema>
