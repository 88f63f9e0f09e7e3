/** What a request is for, once a route knows it: the page's language is picked from it. */
import type { App } from '../domain/apps.js'
import type { AuthorizationRequest } from '../domain/login-transactions.js'

export interface PageHints {
  app?: App
  tx?: Pick<AuthorizationRequest, 'uiLocales'>
}
