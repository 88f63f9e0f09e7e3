/**
 * What a platform sends when it starts a sign-in at /authorize, checked before anything is kept:
 * Discourse's signed `sso` (its signature, its nonce, its return_sso_url on the app's origins),
 * Freshworks' nonce, Canny's companyID, and the page to return to. Everything that must come back
 * is kept in the login transaction; a return target is never taken on trust.
 */
import { DiscourseConnectError, parseDiscourseRequest } from '../platforms/discourse-connect.js'
import { BridgeError, type Say } from '../errors.js'
import { appOrigins, type App } from './apps.js'
import type { Preset } from './presets.js'
import { resolveReturnTo } from './redirects.js'

/** What the platform's request said that its answer must carry. */
export interface PlatformRequest {
  /** Where the answer goes when the request names it: Discourse's return_sso_url. */
  replyTo?: string
  /** The platform's nonce (Discourse, Freshworks), echoed in the payload or the token. */
  nonce?: string
  /** The page to land on: an absolute URL on the app's origins, or a path on the platform. */
  target?: string
  /** Values that go back unchanged in the query (Canny's companyID). */
  echo?: Record<string, string>
}

/** The longest path or value a platform may send; URLs are bounded at the edge already. */
const MAX_VALUE = 2048
const echoPattern = /^[A-Za-z0-9_-]{1,64}$/

/** What the platform sent cannot start a sign-in; `say` tells the visitor why, in their language. */
const invalid = (message: string, say: Say) =>
  new BridgeError('platform_refused', { reason: 'platform_request_invalid', message, say })

/**
 * A path on the platform's own site: one leading slash, then anything but a second slash or a
 * backslash there (`//evil`, `/\evil` leave the site), no C0 or C1 control characters, no scheme.
 */
export function checkTargetPath(value: string): string {
  if (
    value.length > MAX_VALUE ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\') ||
    [...value].some((c) => c <= '\u001f' || (c >= '\u007f' && c <= '\u009f') || c === '\\')
  ) {
    throw new BridgeError('invalid_return_to', {
      message: 'the return path is not a path on the site',
      say: { key: 'error.say.returnPathNotOnSite' },
    })
  }
  return value
}

export interface PlatformQuery {
  [name: string]: string | undefined
}

export function readPlatformRequest(
  app: App,
  preset: Preset,
  q: PlatformQuery,
  /** The app's shared secret, opened only when a request must be verified. */
  secret: () => string,
): PlatformRequest {
  const request: PlatformRequest = {}
  if (preset.request === 'discourse-connect')
    Object.assign(request, discourseRequest(app, q, secret))
  if (preset.request === 'freshworks') {
    if (!q.nonce) {
      throw invalid('freshworks request without nonce', { key: 'error.say.platformNoNonce' })
    }
    if (q.nonce.length > 512)
      throw invalid('freshworks nonce too long', { key: 'error.say.platformNonceTooLong' })
    request.nonce = q.nonce
  }
  for (const name of preset.echo ?? []) {
    const value = q[name] ?? fixedEcho(app, name)
    if (value === undefined) continue
    if (!echoPattern.test(value))
      throw invalid(`${name} malformed`, { key: 'error.say.platformValueInvalid', vars: { name } })
    const fixed = fixedEcho(app, name)
    // The callback URL names the account: a request for another account is refused.
    if (fixed !== undefined && fixed !== value) {
      throw invalid(`${name} differs from the callback's`, {
        key: 'error.say.platformValueForeign',
        vars: { name },
      })
    }
    request.echo = { ...request.echo, [name]: value }
  }
  const returnTo = preset.returnTo
  const asked = returnTo ? q[returnTo.param] : undefined
  if (returnTo && asked !== undefined && asked !== '') {
    request.target =
      returnTo.kind === 'path' ? pathOrSameSite(app, asked) : resolveReturnTo(app, asked)
  }
  return request
}

/** A value the app's registered endpoint already carries in its query. */
function fixedEcho(app: App, name: string): string | undefined {
  const first = app.callbackUrls[0]
  return first ? (new URL(first).searchParams.get(name) ?? undefined) : undefined
}

/** BigCommerce-style targets may come as a path or as a URL on the app's own origins. */
function pathOrSameSite(app: App, value: string): string {
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\'))
    return checkTargetPath(value)
  const url = new URL(resolveReturnTo(app, value) as string)
  return checkTargetPath(url.pathname + url.search + url.hash)
}

function discourseRequest(app: App, q: PlatformQuery, secret: () => string): PlatformRequest {
  if (!q.sso || !q.sig) {
    throw invalid('discourse request without sso or sig', { key: 'error.say.forumNotSigned' })
  }
  let parsed: ReturnType<typeof parseDiscourseRequest>
  try {
    parsed = parseDiscourseRequest(q.sso, q.sig, secret())
  } catch (error) {
    if (!(error instanceof DiscourseConnectError)) throw error
    if (error.reason === 'bad_signature') {
      throw new BridgeError('platform_refused', {
        reason: 'platform_signature_invalid',
        message: 'discourse sig does not match the app secret',
      })
    }
    throw invalid(`discourse request refused: ${error.reason}`, {
      key: 'error.say.forumMalformed',
    })
  }
  let reply: URL
  try {
    reply = new URL(parsed.returnSsoUrl)
  } catch {
    throw invalid('return_sso_url not a URL', { key: 'error.say.forumMalformed' })
  }
  // Discourse itself only goes back to its own host; so does the bridge, to the app's.
  if (!appOrigins(app).has(reply.origin) || reply.username || reply.password) {
    throw new BridgeError('invalid_return_to', {
      message: `return_sso_url outside the origins of ${app.id}`,
    })
  }
  if (parsed.nonce.length > 512)
    throw invalid('discourse nonce too long', { key: 'error.say.platformNonceTooLong' })
  return { replyTo: reply.href, nonce: parsed.nonce }
}
