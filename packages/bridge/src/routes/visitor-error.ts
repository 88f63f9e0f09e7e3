/** A refusal as the visitor reads it on a page: in their language where the catalog says it. */
import type { Context } from 'hono'
import type { BridgeError } from '../errors.js'
import { hasMessage } from '../i18n/english.js'
import type { Translate } from '../i18n/messages.js'
import type { BridgeEnv } from './env.js'
import { pageOf } from './page.js'

/**
 * The throw's catalog message, else its reason's, else words given at the throw (English, until
 * they get a key), else its code's.
 */
export function visitorDescription(error: BridgeError, t: Translate): string {
  if (error.say) return t(error.say.key, error.say.vars)
  const byReason = `error.reason.${error.reason}`
  if (hasMessage(byReason)) return t(byReason)
  if (error.givenDescription) return error.givenDescription
  const byCode = `error.code.${error.code}`
  return hasMessage(byCode) ? t(byCode) : error.description
}

/** For a form shown again with its error: undefined when there is none. */
export const describedFor = (c: Context<BridgeEnv>, error: BridgeError | undefined) =>
  error && visitorDescription(error, pageOf(c).t)
