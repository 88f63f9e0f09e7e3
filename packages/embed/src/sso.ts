/**
 * sso.js: the script a site embeds. It sends the visitor to the bridge with a fresh `state`, the
 * same way for every delivery (one snippet): a state cookie for form_post and query sites, whose
 * callback checks it, and a PKCE S256 challenge that code apps need (the bridge ignores it for
 * the others). A code app comes back with a one-time code that this script redeems with the
 * verifier kept in the tab, keeping only the profile (never the token); it shows, hides and
 * fills `data-sso-*` elements with textContent. No dependencies, no eval, no innerHTML, no
 * localStorage. It must never throw into the host page: everything runs in one async function
 * whose failures are logged ("ssobridge: …").
 *
 * Only `data-app` is checked here, because it names the cookie and the storage keys. Every other
 * value goes to the bridge as it is written: the bridge checks each one (callback, connection,
 * return_to) and explains a bad one on its error page, which a site owner sees at once, where a
 * console line here would go unread. The budget is in scripts/build.mjs: the code is written for
 * size (see the size test).
 */
type LoginOptions = {
  returnTo?: string
  connection?: string
  prompt?: 'login' | 'none'
  loginHint?: string
}
type LogoutOptions = { returnTo?: string; sid?: string }
type Profile = { sub?: string; email?: string; name?: string; sid?: string }
type Api = {
  login(options?: LoginOptions): Promise<void>
  logout(options?: LogoutOptions): void
  /** Code apps: the signed-in visitor's profile, or null. */
  user(): Profile | null
}

// The whole script is this one async function, written as an expression so that the bundle
// needs no wrapper of its own: none of its names reaches the page's globals, and whatever fails
// in it is logged, never thrown into the page.
;(async () => {
  // Typed as returning undefined so that a guard can `return log(…)`.
  const log = ((message: unknown) => console.error('ssobridge: ' + message)) as (
    message: unknown,
  ) => undefined
  /** Bytes as base64url without padding: + and / become - and _, = goes. */
  const base64url = (bytes: ArrayBuffer | Uint8Array) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .split('=')[0] as string
  /** The `state` that ties the bridge's answer to this visit, and a PKCE verifier: 43 characters. */
  const newState = () => base64url(crypto.getRandomValues(new Uint8Array(32)))
  /**
   * PKCE S256: BASE64URL(SHA-256(verifier)). Async, so that a page without WebCrypto (plain
   * http) gets a rejection rather than an exception.
   */
  const challengeOf = async (verifier: string) =>
    base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))

  try {
    const doc = document
    const loc = location
    // A classic script knows its own tag, but only before its first await. Without one (a module)
    // or without a src (inline), reading the origin throws, and start() logs it and stops.
    const script = doc.currentScript as HTMLScriptElement
    const bridge = new URL(script.src).origin
    const host = window as Window & { ssobridge?: Api }
    // A second copy would add a second click listener: two states, two navigations.
    if (host.ssobridge) return log('loaded twice')
    const data = (element: Element, name: string) => element.getAttribute('data-' + name)
    const attr = (name: string) => data(script, name)
    const app = attr('app') || ''
    // The bridge's slug rule: nothing here can break out of the cookie or the storage key.
    if (!/^[a-z\d][a-z\d-]{0,62}$/.test(app)) return log('bad data-app')

    // The tab's session: the pending sign-in, the profile, the silent try; '' clears. Storage that
    // throws (privacy modes, sandboxes) reads as empty and keeps nothing.
    const store = (name: string, value?: string) => {
      try {
        name = 'ssobridge_' + app + name
        return value == undefined ? sessionStorage[name] : (sessionStorage[name] = value)
      } catch {
        // unavailable
      }
    }
    // The page without query or fragment: a code app's callback. The bridge sends the visitor back
    // to the page with its query; the fragment is the page's own business.
    // The bridge sends the visitor back here; the fragment is the page's own business.
    const here = () => loc.href.split('#')[0] as string
    // Options left undefined or empty are left out.
    const go = (path: string, params: object) =>
      loc.assign(
        bridge +
          path +
          '?' +
          new URLSearchParams(Object.entries(params).filter((entry) => entry[1])),
      )

    // Only this script writes it; a page that damaged it gets the parse error logged.
    let user: Profile | null = JSON.parse(store('') || null)

    /** Shows, hides and fills the page's marked elements (text only, never markup); then tells. */
    const render = (type?: string) => {
      doc.querySelectorAll('[data-sso-show],[data-sso-user]').forEach((element) => {
        const show = data(element, 'sso-show') as string
        const field = data(element, 'sso-user') as 'name' | 'email'
        if (show == 'signed-in' || show == 'signed-out') {
          ;(element as HTMLElement).hidden = (show == 'signed-in') != !!user
        }
        if (field == 'email' || field == 'name') element.textContent = user?.[field] || ''
      })
      if (type) doc.dispatchEvent(new CustomEvent('ssobridge:' + type, { detail: user }))
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
      // Ten minutes covers a sign-in. Set before the first await: a caller sees it at once.
      cookie(state, 600)
      store('_tx', state + ' ' + verifier + ' ' + returnTo)
      go('/authorize', {
        app,
        state,
        redirect_uri: attr('redirect-uri'),
        connection: o.connection || attr('connection'),
        // data-locale="de": the bridge's pages in the site's language (OIDC ui_locales).
        ui_locales: attr('locale'),
        prompt: o.prompt,
        login_hint: o.loginHint,
        return_to: returnTo,
        // Without WebCrypto (a page on plain http) there is no challenge: fine but for code apps.
        // code_challenge_method is left out: the bridge takes S256 only, and S256 by default.
        code_challenge: await challengeOf(verifier).catch(log),
      })
    }

    // The session's sid shows the bridge the logout comes from a site of its session; without one
    // the bridge asks the visitor first.
    const logout = (options?: LogoutOptions) => {
      const sid = options?.sid || user?.sid
      store('', '')
      user = null
      render('logout')
      go('/logout', { app, sid, return_to: options?.returnTo || here() })
    }

    host.ssobridge = { login, logout, user: () => user }

    // One delegated listener covers elements added later; the innermost marked element wins.
    doc.addEventListener('click', (event) => {
      const marked = (event.target as Element | null)?.closest?.(
        '[data-sso-login],[data-sso-logout]',
      )
      if (marked) {
        event.preventDefault()
        // data-sso-login="corp" names a connection; an empty value keeps data-connection's choice.
        const value = data(marked, 'sso-login')
        if (value == null) logout()
        else login({ connection: value })
      }
    })

    // The snippet's `defer` runs this after the page is parsed: every marked element is there.
    render()

    // Back from the bridge: only the answer to this tab's own pending sign-in is taken, and the
    // URL is cleaned. Code apps' callbacks have no query of their own (the bridge refuses one).
    const query = new URLSearchParams(loc.search)
    const [state, verifier, returnTo] = (store('_tx') || ' ').split(' ')
    const back = loc.origin + loc.pathname
    const code = query.get('code')
    const signedIn = attr('signed-in')
    if (state && query.get('state') == state) {
      store('_tx', '')
      // This page took the answer itself: the state cookie (meant for a site's callback) goes.
      cookie('', 0)
      history.replaceState(0, '', back)
      // An error (login_required after a silent try, access_denied) leaves the visitor signed out.
      // (grant_type is left out: the bridge's token endpoint takes authorization_code by default.)
      if (code) {
        const body: { profile?: Profile; error?: string } = await (
          await fetch(bridge + '/token', {
            method: 'POST',
            body: new URLSearchParams({
              client_id: app,
              code,
              code_verifier: verifier as string,
              redirect_uri: back,
            }),
          })
        ).json()
        if (!body.profile) throw body.error
        store('', JSON.stringify((user = body.profile)))
        render('login')
        // Back to the page the sign-in started from: the bridge checked it against the app's
        // origins before it issued the code.
        if (returnTo != back) loc.assign(returnTo!)
      }
    } else if (
      // Silent SSO: one top-level prompt=none round trip per tab session, only when the page says
      // nobody is signed in (`data-signed-in="false"`, from a site's server) or, when it says
      // nothing, the tab has no profile. Without working storage it is never tried: it could not
      // stop a loop (storage that throws gives undefined back).
      attr('auto') == 'silent' &&
      (signedIn ? signedIn == 'false' : !user) &&
      !store('_auto') &&
      store('_auto', '1')
    )
      login({ prompt: 'none' })
  } catch (error) {
    log(error)
  }
})()
