/**
 * Store, a stand-in for a BigCommerce storefront: it knows nothing of ssobridge. It serves the
 * Customers v3 API slice the bridge calls to find or create the customer, and the Customer Login
 * endpoint GET /login/token/{jwt}; a refused token lands on /login.php with the error, as there.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import { customersApi, CustomerList, type Customer } from './bigcommerce-customers.js'
import { checkLoginToken, type LoginRefusal } from './bigcommerce-login-token.js'
import { sitePage } from './site-page.js'

export interface StoreOptions {
  publicUrl: string
  bridgeUrl: string
  /** The store-level API account: its client ID (iss), client secret (HS256 key), access token. */
  clientId: string
  clientSecret: string
  apiToken: string
  storeHash: string
  /** The app id of the store at the bridge. */
  appId?: string
}

const messages: Record<LoginRefusal, string> = {
  malformed_token: 'The login token is not a JWT.',
  missing_typ: 'The login token header must say typ "JWT".',
  wrong_alg: 'The login token must be signed with HS256, the only algorithm BigCommerce takes.',
  invalid_signature: "The login token is not signed with this store's client secret.",
  wrong_issuer: "The login token's iss is not this store's client ID.",
  wrong_operation: 'The login token is not for operation customer_login.',
  wrong_store: "The login token's store_hash is another store's.",
  bad_iat: 'The login token was issued more than 30 seconds ago (or in the future).',
  expired: 'The login token has expired.',
  missing_jti: 'The login token has no jti.',
  replayed_jti: 'The login token was already used.',
  unknown_customer: 'No customer of this store has that customer_id.',
  bad_channel: 'The login token has a channel_id that is not a number.',
  absolute_redirect_to: 'redirect_to must be a path on this store.',
}

const SESSION = 'store_session'
const site = { title: 'Store', accent: '#7c3aed' }
/** Used jti values are kept well past the iat window, after which the token could not verify. */
const JTI_KEEP_MS = 10 * 60 * 1000

export function createStore(options: StoreOptions) {
  const customers = new CustomerList()
  const sessions = new Map<string, { customerId: number; claims: Record<string, unknown> }>()
  const usedJtis = new Map<string, number>()
  const key = new TextEncoder().encode(options.clientSecret)
  const hash = (value: string) => createHash('sha256').update(value).digest('hex')
  const cookie = { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: false }
  const sessionOf = (c: Context) => {
    const id = getCookie(c, SESSION)
    const session = id ? sessions.get(hash(id)) : undefined
    const customer = session && customers.byId(session.customerId)
    return session && customer ? { customer, claims: session.claims } : undefined
  }
  const markJtiUsed = (jti: string) => {
    const now = Date.now()
    for (const [seen, at] of usedJtis) if (now - at > JTI_KEEP_MS) usedJtis.delete(seen)
    if (usedJtis.has(jti)) return false
    usedJtis.set(jti, now)
    return true
  }
  const signInUrl = () => {
    const url = new URL('/authorize', options.bridgeUrl)
    url.searchParams.set('app', options.appId ?? 'store')
    url.searchParams.set('return_to', '/account.php')
    return url.href
  }
  const signedIn = (customer: Customer) =>
    html`<p>
      Signed in as <strong>${customer.first_name} ${customer.last_name}</strong> (${customer.email})
    </p>`

  const app = new Hono()
  app.route('/', customersApi({ ...options, customers }))

  app.get('/', (c) => {
    const session = sessionOf(c)
    return sitePage(
      c,
      site,
      session
        ? html`${signedIn(session.customer)}
            <p><a href="/account.php">Your account</a></p>`
        : html`<p>A BigCommerce-style store: your company account signs you in.</p>
            <p><a href=${signInUrl()}>Sign in with SSO</a></p>`,
    )
  })

  app.get('/login/token/:jwt', async (c) => {
    // The token is in the path: no page reached from here may send it on as a referrer.
    c.header('Referrer-Policy', 'no-referrer')
    c.header('Cache-Control', 'no-store')
    const result = await checkLoginToken(c.req.param('jwt'), {
      key,
      clientId: options.clientId,
      storeHash: options.storeHash,
      customerExists: (id) => customers.byId(id) !== undefined,
      markJtiUsed,
    })
    if (!result.ok) return c.redirect(`/login.php?error=${result.reason}`, 302)
    const id = randomBytes(32).toString('base64url')
    sessions.set(hash(id), { customerId: result.customerId, claims: result.claims })
    setCookie(c, SESSION, id, cookie)
    return c.redirect(result.redirectTo, 302)
  })

  app.get('/login.php', (c) => {
    const error = c.req.query('error')
    const message = error && Object.hasOwn(messages, error) ? messages[error as LoginRefusal] : ''
    return sitePage(
      c,
      site,
      html`${
          error
            ? html`<p class="error">Invalid login. ${message || 'The login token was refused.'}</p>
                <p>Reason: <code>${error}</code></p>`
            : ''
        }
        <p><a href=${signInUrl()}>Sign in with SSO</a></p>`,
    )
  })

  app.get('/account.php', (c) => {
    const session = sessionOf(c)
    if (!session) return c.redirect('/login.php', 302)
    return sitePage(
      c,
      site,
      html`${signedIn(session.customer)}
        <p>Customer ID ${session.customer.id} at store ${options.storeHash}.</p>
        <h2>Login token claims</h2>
        <table>
          ${Object.entries(session.claims).map(
            ([name, value]) =>
              html`<tr>
                <th>${name}</th>
                <td>${JSON.stringify(value)}</td>
              </tr>`,
          )}
        </table>
        <form method="post" action="/logout"><button type="submit">Sign out</button></form>`,
    )
  })

  app.post('/logout', (c) => {
    const id = getCookie(c, SESSION)
    if (id) sessions.delete(hash(id))
    deleteCookie(c, SESSION, cookie)
    return c.redirect('/', 303)
  })

  app.get('/api/me', (c) => {
    c.header('Cache-Control', 'no-store')
    const session = sessionOf(c)
    return c.json({ customer: session?.customer ?? null, claims: session?.claims ?? null })
  })

  return { app, customers }
}
