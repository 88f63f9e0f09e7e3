/** What every route handler can reach: the bridge's services and per-request values. */
// The services are declared beside bridge.ts, which builds them; re-exported for the routes.
export type { BridgeServices, BridgeSettings, Lifecycle } from '../bridge-services.js'

import type { Translations } from '../i18n/translations.js'
import type { PageHints } from './page-hints.js'

export type BridgeEnv = {
  Variables: {
    requestId: string
    /** CSP nonce of this response's inline style and script. */
    nonce: string
    /** Extra `form-action` sources this response needs (the callback of a form_post page). */
    formAction: string[]
    /** The visitor pages' languages (set for every request by app.tsx). */
    translations: Translations
    /** The app and sign-in this request is for, once a route knows them: they pick the language. */
    pageHints?: PageHints
  }
}
