/**
 * Notes, in the browser: oidc-client-ts signs in at the bridge (code + PKCE, a public client),
 * renews through refresh tokens and signs out at the bridge. Text goes in with textContent only.
 */
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts'

declare const BRIDGE_URL: string

const here = `${location.origin}/`
const manager = new UserManager({
  authority: BRIDGE_URL,
  client_id: 'notes',
  redirect_uri: here,
  post_logout_redirect_uri: here,
  response_type: 'code',
  scope: 'openid email profile',
  // Tokens live in this tab only, never in localStorage.
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  loadUserInfo: true,
  // Renewal uses the refresh token (rotated by the bridge on every use); no iframe.
  automaticSilentRenew: true,
})

const $ = (id: string) => document.getElementById(id) as HTMLElement

function show(user: User | null) {
  const signedIn = user !== null && !user.expired
  for (const el of document.querySelectorAll<HTMLElement>('[data-when]')) {
    el.hidden = el.dataset.when !== (signedIn ? 'signed-in' : 'signed-out')
  }
  if (!signedIn || !user) return
  $('email').textContent = String(user.profile.email ?? '')
  $('name').textContent = String(user.profile.name ?? '')
  $('sub').textContent = user.profile.sub
  $('expires').textContent = new Date((user.expires_at ?? 0) * 1000).toLocaleTimeString()
  $('refreshable').textContent = user.refresh_token ? 'yes' : 'no'
}

function fail(error: unknown) {
  $('error').textContent = error instanceof Error ? error.message : String(error)
  $('error').hidden = false
}

async function start() {
  const params = new URLSearchParams(location.search)
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    try {
      await manager.signinRedirectCallback()
    } finally {
      history.replaceState(null, '', '/')
    }
  }
  show(await manager.getUser())
}

manager.events.addUserLoaded((user) => show(user))
manager.events.addUserSignedOut(() => show(null))

$('sign-in').addEventListener('click', () => void manager.signinRedirect().catch(fail))
$('sign-out').addEventListener('click', () => void manager.signoutRedirect().catch(fail))
$('renew').addEventListener('click', () => {
  manager
    .signinSilent()
    .then((user) => {
      show(user)
      $('renewed').textContent = new Date().toLocaleTimeString()
    })
    .catch(fail)
})

start().catch(fail)
