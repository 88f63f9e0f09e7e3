/**
 * Community, a stand-in for a Discourse forum with DiscourseConnect on: it knows nothing of
 * ssobridge. "Log in" goes to /session/sso, which keeps a nonce for this browser and sends the
 * visitor to the identity provider with `sso` + `sig`; the reply comes back to /session/sso_login,
 * checked as Discourse's session controller checks it, and refusals are Discourse's 422 page.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import { PayloadError, readReply, signRequest, type PayloadRefusal } from './discourse-payload.js'
import { sitePage } from './site-page.js'

export interface Member {
  externalId: string
  email: string
  username?: string
  name?: string
  /** Every field of the last reply, to show what the identity provider sent. */
  fields: Record<string, string>
}

export interface CommunityOptions {
  publicUrl: string
  bridgeUrl: string
  /** The discourse_connect_secret site setting, shared with the identity provider. */
  secret: string
  /** The app id of the forum at the bridge. */
  appId?: string
}

export type CommunityRefusal =
  | PayloadRefusal
  | 'unknown_nonce'
  | 'nonce_other_browser'
  | 'nonce_used'
  | 'nonce_expired'
  | 'missing_external_id'
  | 'missing_email'

const refusals: Record<CommunityRefusal, string> = {
  malformed_payload: 'The reply is not a DiscourseConnect payload (sso must be standard base64).',
  bad_signature: "The reply's sig does not match: the identity provider signs with another secret.",
  unknown_nonce: 'This forum never issued the nonce in the reply.',
  nonce_other_browser: 'The nonce was generated in a different browser session.',
  nonce_used: 'The nonce was already used.',
  nonce_expired: 'The nonce is more than 10 minutes old: log in again.',
  missing_external_id: 'The reply has no external_id.',
  missing_email: 'The reply has no email.',
}

/** Discourse's nonce lifetime; used nonces are remembered for a day, as Discourse does. */
const NONCE_MS = 10 * 60 * 1000
const USED_NONCE_MS = 24 * 60 * 60 * 1000
// Discourse's own list of values that mean "no id" and must never become an account key.
const PLACEHOLDER_IDS = new Set(['', 'none', 'nil', 'blank', 'null'])
const SESSION = 'community_session'
const BROWSER = 'community_browser'
const site = { title: 'Community', accent: '#1d4ed8' }

interface IssuedNonce {
  browser: string
  issuedAt: number
  usedAt?: number
  returnPath: string
}

export function createCommunity(options: CommunityOptions) {
  const origin = new URL(options.publicUrl).origin
  const nonces = new Map<string, IssuedNonce>()
  const members = new Map<string, Member>()
  const sessions = new Map<string, string>()
  const hash = (value: string) => createHash('sha256').update(value).digest('hex')
  const cookie = { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: false }
  const memberOf = (c: Context) => {
    const id = getCookie(c, SESSION)
    const externalId = id ? sessions.get(hash(id)) : undefined
    return externalId ? members.get(externalId) : undefined
  }
  const browserOf = (c: Context) => {
    const id = getCookie(c, BROWSER)
    return id ? hash(id) : undefined
  }
  const prune = (now: number) => {
    for (const [nonce, issued] of nonces) {
      if (now - issued.issuedAt > USED_NONCE_MS) nonces.delete(nonce)
    }
  }
  const refuse = (c: Context, reason: CommunityRefusal) =>
    sitePage(
      c,
      site,
      html`<p class="error">Sign-in refused: ${refusals[reason]}</p>
        <p>Reason: <code>${reason}</code></p>
        <p><a href="/">Back to the forum</a></p>`,
      422,
    )

  const app = new Hono()

  app.get('/', (c) => {
    const member = memberOf(c)
    if (!member) {
      return sitePage(
        c,
        site,
        html`<p>A Discourse-style forum with DiscourseConnect: the company account signs you in.</p>
          <p><a href="/session/sso">Log in</a></p>`,
      )
    }
    return sitePage(
      c,
      site,
      html`<p>
          Signed in as
          <strong>${member.name || member.username || member.email}</strong> (${member.email})
        </p>
        <h2>Fields received</h2>
        <table>
          ${Object.entries(member.fields).map(
            ([key, value]) =>
              html`<tr>
                <th>${key}</th>
                <td>${value}</td>
              </tr>`,
          )}
        </table>
        ${
          member.fields.require_activation === 'true'
            ? html`<p>
                require_activation=true: Discourse would ask this member to confirm the email.
              </p>`
            : ''
        }
        <form method="post" action="/logout"><button type="submit">Log out</button></form>`,
    )
  })

  // Discourse's /session/sso: a nonce for this browser, then off to discourse_connect_url.
  app.get('/session/sso', (c) => {
    let browser = getCookie(c, BROWSER)
    if (!browser) {
      browser = randomBytes(32).toString('base64url')
      setCookie(c, BROWSER, browser, cookie)
    }
    const now = Date.now()
    prune(now)
    const nonce = randomBytes(16).toString('hex')
    const wanted = c.req.query('return_path')
    const returnPath = wanted && /^\/(?![/\\])[^\\\s]*$/.test(wanted) ? wanted : '/'
    nonces.set(nonce, { browser: hash(browser), issuedAt: now, returnPath })
    const { sso, sig } = signRequest(
      { nonce, return_sso_url: `${origin}/session/sso_login` },
      options.secret,
    )
    const target = new URL('/authorize', options.bridgeUrl)
    target.searchParams.set('app', options.appId ?? 'community')
    target.searchParams.set('sso', sso)
    target.searchParams.set('sig', sig)
    return c.redirect(target.href, 302)
  })

  app.get('/session/sso_login', (c) => {
    let fields: Record<string, string>
    try {
      fields = readReply(c.req.query('sso') ?? '', c.req.query('sig') ?? '', options.secret)
    } catch (error) {
      if (error instanceof PayloadError) return refuse(c, error.reason)
      throw error
    }
    const now = Date.now()
    const issued = fields.nonce ? nonces.get(fields.nonce) : undefined
    if (!issued) return refuse(c, 'unknown_nonce')
    // Checked before the nonce is spent, so another browser cannot burn this one's sign-in.
    if (issued.browser !== browserOf(c)) return refuse(c, 'nonce_other_browser')
    if (issued.usedAt !== undefined) return refuse(c, 'nonce_used')
    if (now - issued.issuedAt > NONCE_MS) return refuse(c, 'nonce_expired')
    issued.usedAt = now
    const externalId = fields.external_id?.trim() ?? ''
    if (PLACEHOLDER_IDS.has(externalId.toLowerCase())) return refuse(c, 'missing_external_id')
    if (!fields.email) return refuse(c, 'missing_email')
    members.set(externalId, {
      externalId,
      email: fields.email,
      username: fields.username,
      name: fields.name,
      fields,
    })
    const id = randomBytes(32).toString('base64url')
    sessions.set(hash(id), externalId)
    setCookie(c, SESSION, id, cookie)
    return c.redirect(issued.returnPath, 302)
  })

  app.post('/logout', (c) => {
    const id = getCookie(c, SESSION)
    if (id) sessions.delete(hash(id))
    deleteCookie(c, SESSION, cookie)
    return c.redirect('/', 303)
  })

  app.get('/api/me', (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ member: memberOf(c) ?? null })
  })

  return { app, members, nonces }
}
