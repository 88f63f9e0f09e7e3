/**
 * What a step of the sign-in asks the HTTP layer to do. One responder (routes/deliver.tsx) turns
 * each kind into a response, so no route decides on its own how a sign-in ends.
 */
import type { MessageKey, MessageVars } from '../i18n/messages.js'

export type Fields = Record<string, string | undefined>

/** Cookies a step sets: the new bridge session, or the browser secret of a login transaction. */
export interface OutcomeCookies {
  session?: { value: string; maxAge: number }
  login?: { value: string; maxAge: number }
}

/** How an answer reaches the site: an auto-submitting form, or a redirect carrying fields. */
export type SiteDelivery =
  | { mode: 'form_post'; action: string; fields: Fields }
  | { mode: 'redirect'; url: string; fields: Fields }

export type Outcome = (
  | /** The token (or a one-time code) goes to the site. */
    { kind: 'deliver'; delivery: SiteDelivery }
    /** "Try it" in the console: the token is shown to the admin instead of delivered. */
  | { kind: 'show-token'; appName: string; token: string }
  /** The browser moves on to the next step of the bridge (login page, IdP, second factor). */
  | { kind: 'redirect'; location: string; status: 302 | 303 }
  /** An OpenID Connect sign-in: oidc-provider answers its client, not a delivery. */
  | { kind: 'answer-interaction'; uid: string; error?: UserError }
  /** The user cancelled or is not signed in: the site hears it, per OAuth's habits. */
  | { kind: 'deliver-error'; delivery: SiteDelivery }
  /** Both factors are done, and the user reads something (recovery codes) before continuing. */
  | { kind: 'page'; appName: string; txId: string; csrf: string; notice: Notice }
) & { cookies?: OutcomeCookies }

/** What the page after the second factor says. */
export interface Notice {
  /** Catalog keys: the page says them in the visitor's language. */
  title: MessageKey
  text: MessageKey
  vars?: MessageVars
  codes?: string[]
}

export type UserError = 'access_denied' | 'login_required'
