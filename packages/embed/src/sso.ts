/**
 * sso.js: the script a site embeds. It sends the visitor to the bridge with a fresh `state`, the
 * same way for every delivery (one snippet): a state cookie for form_post and query sites, whose
 * callback checks it, and a PKCE S256 challenge that code apps need (the bridge ignores it for
 * the others). A code app comes back with a one-time code that this script redeems with the
 * verifier kept in the tab, keeping only the profile (never the token); it shows, hides and
 * fills `data-sso-*` elements with textContent. No dependencies, no eval, no innerHTML, no
 * localStorage. It must never throw into the host page: a bad `data-*` value is logged
 * ("ssobridge: bad data-…") and ignored, or the script stands down.
 * The budget is in scripts/build.mjs: the code is written for size (see the size test).
 */
import { challengeOf, newState } from './state.js'

type LoginOptions = {
  returnTo?: string
  connection?: string
  prompt?: 'login' | 'none'
  loginHint?: string
}
type LogoutOptions = { returnTo?: string; sid?: string }
type Profile = { sub?: string; email?: string; name?: string; sid?: string }
type Api = {
  login(options?: LoginOptions): void
  logout(options?: LogoutOptions): void
  /** Code apps: the signed-in visitor's profile, or null. */
  user(): Profile | null
}

// Typed as returning undefined so that `checked` can return its result as "no value".
const log = ((message: unknown) => console.error('ssobridge: ' + message)) as (
  message: unknown,
) => undefined

function start() {
  const doc = document
  const loc = location
  // A classic (deferred) script knows its own tag; a module or an injected copy may not.
  const script = doc.currentScript as HTMLScriptElement | null
  if (!script?.src) return log('needs <script src>')
  const host = window as Window & { ssobridge?: Api }
  // A second copy would add a second click listener: two states, two navigations.
  if (host.ssobridge) return log('loaded twice')

  const attr = (name: string) => script.getAttribute('data-' + name)
  /**
   * `data-<name>` (or `value`) when allowed by `ok`; otherwise logged and dropped. An empty or
   * missing value is passed as it is: the bridge URL leaves empty parameters out.
   */
  const checked = (name: string, ok: (value: string) => boolean, value = attr(name)) =>
    (value && !ok(value) ? log('bad data-' + name) : value) as string | undefined
  // App and connection ids: the bridge's slug rule. (Patterns and the cookie are written inline:
  // a helper module costs bytes the minifier cannot take back.)
  const slug = (value: string) => /^[a-z\d][a-z\d-]{0,62}$/.test(value)
  const bridge = new URL(script.src).origin
  const app = attr('app') || ''
  if (!slug(app)) return log('bad data-app')
  // An http(s) URL with a host; the bridge matches it exactly against the app's callbacks, this
  // catches typos and `javascript:` early.
  const redirectUri = checked('redirect-uri', (value) => /^https?:\/\/[^/\s]/i.test(value))
  // An empty value means no choice; an invalid one is dropped, and the bridge shows its chooser.
  const defaultConnection = checked('connection', slug)

  // The tab's session: the pending sign-in, the profile, the silent try; '' clears. Storage that
  // throws (privacy modes, sandboxes) reads as empty and keeps nothing.
  const store = (name: string, value?: string) => {
    try {
      const storage = sessionStorage
      name = 'ssobridge_' + app + name
      return value == undefined ? storage[name] : (storage[name] = value)
    } catch {
      // unavailable
    }
  }

  // The bridge sends the visitor back here; the fragment is the page's own business.
  const here = () => loc.href.split('#')[0] as string
  // Options left undefined or empty are left out.
  const go = (path: string, params: object) =>
    loc.assign(
      bridge + path + '?' + new URLSearchParams(Object.entries(params).filter((entry) => entry[1])),
    )

  let user: Profile | null = null
  try {
    user = JSON.parse(store(''))
  } catch {
    // none, or damaged: signed out
  }

  /** Shows, hides and fills the page's marked elements; text only, never markup. */
  const render = () =>
    doc.querySelectorAll('[data-sso-show],[data-sso-user]').forEach((element) => {
      const show = element.getAttribute('data-sso-show') as string
      const field = element.getAttribute('data-sso-user') as 'name' | 'email'
      if (show == 'signed-in' || show == 'signed-out') {
        ;(element as HTMLElement).hidden = (show == 'signed-in') != !!user
      }
      if (field == 'email' || field == 'name') element.textContent = user?.[field] || ''
    })
  const update = (type: string) => {
    render()
    doc.dispatchEvent(new CustomEvent('ssobridge:' + type, { detail: user }))
  }

  // The bridge posts `token` and `state` back cross-site, and a browser sends no SameSite=Lax
  // cookie with that POST: SameSite=None, hence Secure, so the page must be https (or loopback).
  const cookie = (value: string, maxAge: number) =>
    (doc.cookie =
      'ssobridge_state_' +
      app +
      '=' +
      value +
      ';Path=/;Max-Age=' +
      maxAge +
      ';SameSite=None;Secure')

  const login = async (options?: LoginOptions | null) => {
    const o = options || {}
    const state = newState()
    const verifier = newState()
    const returnTo = o.returnTo || here()
    // Ten minutes covers a sign-in.
    cookie(state, 600)
    store('_tx', state + ' ' + verifier + ' ' + returnTo)
    // Without WebCrypto (a page on plain http) there is no challenge: fine but for code apps.
    const challenge = await challengeOf(verifier).catch(log)
    go('/authorize', {
      app,
      state,
      redirect_uri: redirectUri,
      connection: o.connection || defaultConnection,
      prompt: o.prompt,
      login_hint: o.loginHint,
      return_to: returnTo,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
  }

  // The session's sid shows the bridge the logout comes from a site of its session; without one
  // the bridge asks the visitor first.
  const logout = (options?: LogoutOptions) => {
    const sid = options?.sid || user?.sid
    store('', '')
    user = null
    update('logout')
    go('/logout', { app, sid, return_to: options?.returnTo || here() })
  }

  host.ssobridge = { login, logout, user: () => user }

  // One delegated listener covers elements added later; the innermost marked element wins.
  doc.addEventListener('click', (event) => {
    const marked = (event.target as Element | null)?.closest?.('[data-sso-login],[data-sso-logout]')
    if (marked) {
      event.preventDefault()
      // data-sso-login="corp" names a connection; an empty value keeps data-connection's choice.
      const value = marked.getAttribute('data-sso-login')
      if (value == null) logout()
      else login({ connection: checked('sso-login', slug, value) })
    }
  })

  // Back from the bridge: only the answer to this tab's own pending sign-in is taken, and the
  // URL is cleaned. Code apps' callbacks have no query of their own (the bridge refuses one).
  const query = new URLSearchParams(loc.search)
  const [state, verifier, returnTo] = (store('_tx') || ' ').split(' ')
  const back = loc.origin + loc.pathname
  const returning = state && query.get('state') == state
  const code = query.get('code')
  if (returning) {
    store('_tx', '')
    // This page took the answer itself: the state cookie (meant for a site's callback) goes.
    cookie('', 0)
    history.replaceState(0, '', back)
    // An error (login_required after a silent try, access_denied) leaves the visitor signed out.
    // (grant_type is left out: the bridge's token endpoint takes authorization_code by default.)
    if (code) {
      fetch(bridge + '/token', {
        method: 'POST',
        body: new URLSearchParams({
          client_id: app,
          code,
          code_verifier: verifier as string,
          redirect_uri: back,
        }),
      })
        .then((response) => response.json())
        .then((body: { profile?: Profile; error?: string }) => {
          if (!body.profile) throw body.error
          store('', JSON.stringify((user = body.profile)))
          update('login')
          // Back to the page the sign-in started from, on this site only.
          if (returnTo != back && !returnTo!.indexOf(loc.origin + '/')) loc.assign(returnTo!)
        })
        .catch(log)
    }
  }

  // Silent SSO: one top-level prompt=none round trip per tab session, only when the page says
  // nobody is signed in (`data-signed-in="false"`, from a site's server) or, when it says
  // nothing, the tab has no profile. Without working storage it is never tried: it could not
  // stop a loop.
  const signedIn = attr('signed-in')
  if (
    attr('auto') == 'silent' &&
    !returning &&
    (signedIn ? signedIn == 'false' : !user) &&
    !store('_auto') &&
    // Storage that throws gives undefined back: no try.
    store('_auto', '1')
  )
    login({ prompt: 'none' })

  // The snippet's `defer` runs this after the page is parsed: every marked element is there.
  render()
}

start()
