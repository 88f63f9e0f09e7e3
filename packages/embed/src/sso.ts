/**
 * sso.js: the script a site embeds. It sends the visitor to the bridge with a fresh `state`
 * kept in a cookie of the site, which the site's callback checks when the bridge posts back.
 * No dependencies, no eval, no innerHTML, never a token: it only navigates.
 */
type LoginOptions = {
  returnTo?: string
  connection?: string
  prompt?: 'login' | 'none'
  loginHint?: string
}
type LogoutOptions = { returnTo?: string }

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/

;(() => {
  const fail = (message: string) => console.error('ssobridge: ' + message)
  const script = document.currentScript as HTMLScriptElement | null
  if (!script) return fail('load sso.js with a classic <script> tag')
  const bridge = new URL(script.src).origin
  const app = script.getAttribute('data-app') ?? ''
  if (!SLUG.test(app)) return fail('data-app is missing or not a valid app id')

  let redirectUri = script.getAttribute('data-redirect-uri') ?? undefined
  if (redirectUri !== undefined && !/^https?:\/\//.test(redirectUri)) {
    fail('data-redirect-uri must be an absolute http(s) URL; ignored')
    redirectUri = undefined
  }
  let defaultConnection = script.getAttribute('data-connection') ?? undefined
  if (defaultConnection !== undefined && !SLUG.test(defaultConnection)) {
    fail('data-connection is not a valid connection id; ignored')
    defaultConnection = undefined
  }

  const here = () => location.href.split('#')[0] as string

  function randomState(): string {
    const bytes = crypto.getRandomValues(new Uint8Array(32))
    return btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  }

  /**
   * The bridge posts back cross-site, and a SameSite=Lax cookie would stay behind: None+Secure
   * it is. Browsers accept Secure on https and on loopback http; elsewhere fall back and warn.
   */
  function keepState(state: string) {
    const secure =
      location.protocol === 'https:' ||
      /^(localhost|127(\.\d+){3}|\[::1\])$/.test(location.hostname)
    if (!secure)
      console.warn('ssobridge: sign-in needs https; the state cookie cannot be Secure here')
    document.cookie =
      'ssobridge_state_' +
      app +
      '=' +
      state +
      '; Path=/; Max-Age=600; ' +
      (secure ? 'SameSite=None; Secure' : 'SameSite=Lax')
  }

  function go(path: string, params: Record<string, string | undefined>) {
    const query = new URLSearchParams()
    for (const name in params) {
      const value = params[name]
      if (value) query.set(name, value)
    }
    location.assign(bridge + path + '?' + query)
  }

  function login(options: LoginOptions = {}) {
    const state = randomState()
    keepState(state)
    go('/authorize', {
      app,
      state,
      return_to: options.returnTo || here(),
      redirect_uri: redirectUri,
      connection: options.connection || defaultConnection,
      prompt: options.prompt,
      login_hint: options.loginHint,
    })
  }

  function logout(options: LogoutOptions = {}) {
    go('/logout', { app, return_to: options.returnTo || here() })
  }

  ;(window as unknown as { ssobridge: object }).ssobridge = { login, logout }

  document.addEventListener('click', (event) => {
    const target = event.target as Element | null
    const signIn = target?.closest?.('[data-sso-login]')
    const signOut = target?.closest?.('[data-sso-logout]')
    if (signIn) {
      event.preventDefault()
      const connection = signIn.getAttribute('data-sso-login') || undefined
      login(connection && SLUG.test(connection) ? { connection } : {})
    } else if (signOut) {
      event.preventDefault()
      logout()
    }
  })
})()
