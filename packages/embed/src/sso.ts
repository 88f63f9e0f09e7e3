/**
 * sso.js: the script a site embeds. It sends the visitor to the bridge with a fresh `state`.
 * form_post sites (the default) get the token at their own callback, checked against a state cookie.
 * `data-delivery="code"` sites have no backend: the bridge comes back with a one-time code that
 * this script redeems with PKCE, keeping only the profile for the tab (never the token), and it
 * shows, hides and fills `data-sso-*` elements with textContent. No dependencies, no eval, no
 * innerHTML, no localStorage. It must never throw into the host page: a bad `data-*` value is
 * logged ("ssobridge: bad data-…") and ignored, or the script stands down.
 * The budget is 1,500 bytes gzipped: the code is written for size (see the size test).
 */
import { challengeOf, newState, stateCookie } from './state.js'
import { HTTP_URL, SLUG } from './validate.js'

type LoginOptions = {
  returnTo?: string
  connection?: string
  prompt?: 'login' | 'none'
  loginHint?: string
}
type LogoutOptions = { returnTo?: string }
type Profile = { sub?: string; email?: string; name?: string }
type Api = {
  login(options?: LoginOptions): void
  logout(options?: LogoutOptions): void
  /** Code mode: the signed-in visitor's profile, or null. */
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
  if (!script || !script.src) return log('needs <script src>')
  const host = window as Window & { ssobridge?: Api }
  // A second copy would add a second click listener: two states, two navigations.
  if (host.ssobridge) return log('loaded twice')

  const attr = (name: string) => script.getAttribute('data-' + name)
  /** `data-<name>` (or `value`) when empty or allowed by `ok`; otherwise logged and dropped. */
  const checked = (name: string, ok: (value: string) => boolean, value = attr(name)) =>
    value && !ok(value) ? log('bad data-' + name) : value || undefined
  const slug = (value: string) => SLUG.test(value)
  const bridge = new URL(script.src).origin
  const app = attr('app') || ''
  if (!slug(app)) return log('bad data-app')
  const redirectUri = checked('redirect-uri', (value) => HTTP_URL.test(value))
  // An empty value means no choice; an invalid one is dropped, and the bridge shows its chooser.
  const defaultConnection = checked('connection', slug)
  // Anything but these exact values leaves the default: form_post, no silent sign-in.
  const code = attr('delivery') == 'code'
  const silent = attr('auto') == 'silent'

  // The tab's session (code mode and silent SSO): the pending sign-in, the profile, the silent
  // try; '' clears. Storage that throws (privacy modes, sandboxes) reads as empty, keeps nothing.
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
  // JSON drops the options left undefined.
  const go = (path: string, params: object) =>
    loc.assign(bridge + path + '?' + new URLSearchParams(JSON.parse(JSON.stringify(params))))

  let user: Profile | null = null
  try {
    user = code && JSON.parse(store(''))
  } catch {
    // none, or damaged: signed out
  }

  /** Shows, hides and fills the page's marked elements; text only, never markup. */
  const render = () =>
    doc.querySelectorAll('[data-sso-show],[data-sso-user]').forEach((element) => {
      const show = element.getAttribute('data-sso-show') as string
      const field = element.getAttribute('data-sso-user') as 'name'
      if (/^signed-(in|out)$/.test(show)) {
        ;(element as HTMLElement).hidden = (show == 'signed-in') != !!user
      }
      if (/^(email|name)$/.test(field)) element.textContent = user?.[field] || ''
    })
  const update = (type: string) => {
    render()
    doc.dispatchEvent(new CustomEvent('ssobridge:' + type, { detail: user }))
  }

  const login = (options?: LoginOptions) => {
    const o = options || {}
    const state = newState()
    const verifier = newState()
    const returnTo = o.returnTo || here()
    const params: Record<string, string | undefined> = {
      app,
      state,
      redirect_uri: redirectUri,
      connection: o.connection || defaultConnection,
      prompt: o.prompt,
      login_hint: o.loginHint,
    }
    if (!code) {
      doc.cookie = stateCookie(app, state)
      params.return_to = returnTo
      return go('/authorize', params)
    }
    challengeOf(verifier).then((challenge) => {
      store('_tx', state + ' ' + verifier + ' ' + returnTo)
      params.code_challenge = challenge
      params.code_challenge_method = 'S256'
      go('/authorize', params)
    })
  }

  const logout = (options?: LogoutOptions) => {
    if (code) {
      store('', '')
      user = null
      update('logout')
    }
    go('/logout', { app, return_to: options?.returnTo || here() })
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
  const [state, verifier, returnTo] = ((code && store('_tx')) || ' ').split(' ')
  const back = loc.origin + loc.pathname
  const returning = state && query.get('state') == state
  if (returning) {
    store('_tx', '')
    history.replaceState(null, '', back)
    // An error (login_required after a silent try, access_denied) leaves the visitor signed out.
    // (grant_type is left out: the bridge's token endpoint takes authorization_code by default.)
    if (query.get('code')) {
      fetch(bridge + '/token', {
        method: 'POST',
        body: new URLSearchParams({
          client_id: app,
          code: query.get('code') as string,
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
          if (returnTo != back && returnTo!.indexOf(loc.origin + '/') == 0) loc.assign(returnTo!)
        })
        .catch(log)
    }
  }

  // Silent SSO: one top-level prompt=none round trip per tab session, and only when this page says
  // nobody is signed in. Without working storage it is never tried: it could not stop a loop.
  if (silent && (code ? !user && !returning : attr('signed-in') == 'false') && !store('_auto')) {
    store('_auto', '1')
    if (store('_auto')) login({ prompt: 'none' })
  }

  // The snippet's `defer` runs this after the page is parsed: every marked element is there.
  if (code) render()
}

start()
