import type { Page } from './page.js'

/** A date in the page's language (the pseudo-locale formats as English). */
export const day = (page: Page, ms: number) =>
  new Intl.DateTimeFormat(page.locale === 'en-XA' ? 'en' : page.locale, {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(ms)
