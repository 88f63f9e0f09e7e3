/**
 * The bridge's own cookies. On https they take the `__Host-` prefix (Secure, no Domain, Path=/),
 * so no other host and no plain-http page can plant or read them.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'

export type CookieName = 'session' | 'login'

/** The cookie's name as the browser sees it. */
export function cookieName(issuer: string, name: CookieName): string {
  return new URL(issuer).protocol === 'https:' ? `__Host-ssobridge_${name}` : `ssobridge_${name}`
}

export function cookieJar(issuer: string) {
  const secure = new URL(issuer).protocol === 'https:'
  const fullName = (name: CookieName) => cookieName(issuer, name)
  return {
    get: (c: Context, name: CookieName) => getCookie(c, fullName(name)),
    set(c: Context, name: CookieName, value: string, maxAgeSeconds: number) {
      setCookie(c, fullName(name), value, {
        path: '/',
        httpOnly: true,
        secure,
        sameSite: 'Lax',
        maxAge: maxAgeSeconds,
      })
    },
    delete(c: Context, name: CookieName) {
      deleteCookie(c, fullName(name), { path: '/', secure })
    },
  }
}

export type CookieJar = ReturnType<typeof cookieJar>
