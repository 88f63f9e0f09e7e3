/**
 * sso.js: the script a site embeds. It sends the visitor to the bridge with a fresh `state`
 * kept in a cookie of the site, which the site's callback checks when the bridge posts back.
 * No dependencies, no eval, no innerHTML, no storage, never a token: it only navigates.
 * It must never throw into the host page: bad configuration is logged and the script stands down.
 */
import { canSetSecureCookie, newState, stateCookie } from './state.js'
import { isHttpUrl, SLUG } from './validate.js'

type LoginOptions = {
  returnTo?: string
  connection?: string
  prompt?: 'login' | 'none'
  loginHint?: string
}
type LogoutOptions = { returnTo?: string }
type Api = { login(options?: LoginOptions): void; logout(options?: LogoutOptions): void }

const error = (message: string) => console.error('ssobridge: ' + message)

function start() {
  // A classic (deferred) script knows its own tag; a module or an injected copy may not.
  const script = document.currentScript as HTMLScriptElement | null
  if (!script || !script.src) return error('load sso.js with a <script src> tag')
  const host = window as Window & { ssobridge?: Api }
  // A second copy would add a second click listener: two states, two navigations.
  if (host.ssobridge) return error('sso.js is loaded twice; the second copy does nothing')

  const bridge = new URL(script.src).origin
  const app = script.getAttribute('data-app') || ''
  if (!SLUG.test(app)) return error('data-app is missing or not a valid app id')

  let redirectUri = script.getAttribute('data-redirect-uri')
  if (redirectUri !== null && !isHttpUrl(redirectUri)) {
    error('data-redirect-uri must be an absolute http(s) URL; ignored')
    redirectUri = null
  }
  // An empty value means no choice; an invalid one is dropped, and the bridge shows its chooser.
  const connection = (value: string | null, attribute: string) => {
    if (value && !SLUG.test(value)) error(attribute + ' is not a valid connection id; ignored')
    return value && SLUG.test(value) ? value : undefined
  }
  const defaultConnection = connection(script.getAttribute('data-connection'), 'data-connection')

  // The bridge sends the visitor back here; the fragment is the page's own business.
  const here = () => location.href.split('#')[0]

  function go(path: string, params: Record<string, string | null | undefined>) {
    const query = new URLSearchParams()
    for (const name in params) {
      const value = params[name]
      if (value) query.set(name, value)
    }
    location.assign(bridge + path + '?' + query)
  }

  function login(options?: LoginOptions) {
    const o = options || {}
    const state = newState()
    const secure = canSetSecureCookie(location.protocol, location.hostname)
    if (!secure) console.warn('ssobridge: sign-in needs https; the state cookie cannot be Secure')
    document.cookie = stateCookie(app, state, secure)
    go('/authorize', {
      app,
      state,
      return_to: o.returnTo || here(),
      redirect_uri: redirectUri,
      connection: o.connection || defaultConnection,
      prompt: o.prompt,
      login_hint: o.loginHint,
    })
  }

  function logout(options?: LogoutOptions) {
    go('/logout', { app, return_to: (options && options.returnTo) || here() })
  }

  host.ssobridge = { login, logout }

  // One delegated listener covers elements added later; the innermost marked element wins.
  document.addEventListener('click', (event) => {
    const target = event.target as Element | null
    const marked = target && target.closest && target.closest('[data-sso-login],[data-sso-logout]')
    if (!marked) return
    event.preventDefault()
    // data-sso-login="corp" names a connection; an empty value keeps data-connection's choice.
    const value = marked.getAttribute('data-sso-login')
    if (value === null) logout()
    else login({ connection: connection(value, 'data-sso-login') })
  })
}

start()
