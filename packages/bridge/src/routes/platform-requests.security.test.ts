/**
 * Attacks on what platforms send to GET /authorize when they start a sign-in (presets): forged or
 * malformed DiscourseConnect requests, Freshworks requests without their nonce or to another
 * redirect_uri, Canny requests for another company, and return targets that leave the site.
 * Every refusal is the bridge's error page with its code and logged reason, and starts nothing.
 */
import { createHmac } from 'node:crypto'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestBridge, ISSUER, testConfig } from '../testing/bridge-fixture.js'
import { destination, signInAt } from '../testing/integration-fixture.js'
import { captureLogs, type CapturedLogs } from '../testing/log-capture.js'
import type { PlatformFake } from '../testing/platform-fakes/index.js'
import { MINTLIFY_KEY, presetApp, PRESET_SECRET, startPresetFake } from '../testing/preset-apps.js'

const FORUM = 'https://forum.example'
const CANNY_COMPANY = 'acme-co'

/** One app per platform, registered as its admin would; nothing here is ever contacted. */
const apps = [
  {
    id: 'discourse',
    preset: 'discourse',
    callbackUrls: [`${FORUM}/session/sso_login`],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'freshworks',
    preset: 'freshworks',
    callbackUrls: ['https://org.myfreshworks.com/sp/OIDC/1/implicit'],
    signing: { alg: 'RS256' },
  },
  {
    id: 'canny',
    preset: 'canny',
    callbackUrls: [`https://canny.io/api/redirects/sso?companyID=${CANNY_COMPANY}`],
    origins: ['https://feedback.example'],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'gitbook',
    preset: 'gitbook',
    callbackUrls: ['https://org.gitbook.io/site'],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'readme',
    preset: 'readme',
    callbackUrls: ['https://docs.example.readme.io/'],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'mintlify',
    preset: 'mintlify',
    callbackUrls: ['https://mintlify-docs.example/login/jwt-callback'],
    signing: { privateKey: MINTLIFY_KEY },
  },
  {
    id: 'helpscout',
    preset: 'helpscout-docs',
    callbackUrls: ['https://help.example/authcallback'],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'thinkific',
    preset: 'thinkific',
    callbackUrls: ['https://school.thinkific.com/api/sso/v2/sso/jwt'],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'zendesk',
    preset: 'zendesk',
    callbackUrls: ['https://sub.zendesk.com/access/jwt'],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'featurebase',
    preset: 'featurebase',
    callbackUrls: ['https://org.featurebase.app/api/v1/auth/access/jwt'],
    signing: { secret: PRESET_SECRET },
  },
  {
    id: 'bigcommerce',
    preset: 'bigcommerce',
    callbackUrls: ['https://store.example/login/token/'],
    signing: { secret: PRESET_SECRET },
    platform: { clientId: 'client-1', storeHash: 'abc123', apiToken: 'api-token-0123456789' },
  },
  {
    id: 'shopify',
    preset: 'shopify-multipass',
    callbackUrls: ['https://shop.myshopify.com/account/login/multipass/'],
    signing: { secret: PRESET_SECRET },
  },
].map((app) => ({ name: app.id, connections: ['staff'], ...app }))

const config = () => {
  const base = testConfig()
  return { ...base, apps: [...base.apps, ...apps] }
}

/** A DiscourseConnect request as Discourse signs it (base64 of a query, lowercase hex HMAC). */
function discourseRequest(fields: Record<string, string>, secret = PRESET_SECRET) {
  return signedSso(Buffer.from(new URLSearchParams(fields).toString()).toString('base64'), secret)
}

const signedSso = (sso: string, secret = PRESET_SECRET) => ({
  sso,
  sig: createHmac('sha256', secret).update(sso).digest('hex'),
})

const RETURN_SSO_URL = `${FORUM}/session/sso_login`
const goodDiscourse = () =>
  discourseRequest({ nonce: 'nonce-0123456789', return_sso_url: RETURN_SSO_URL })

/**
 * Form-escaped ASCII never makes a + or / in base64; a raw `~` (legal in a query) does, so the
 * URL-safe base64 of this payload differs from the standard one.
 */
const TILDE_PAYLOAD = `nonce=n~~~&return_sso_url=${encodeURIComponent(RETURN_SSO_URL)}`

const authorize = (app: string, params: Record<string, string> = {}) =>
  `/authorize?${new URLSearchParams({ app, ...params })}`

/** Targets that leave the platform's site, or are not a page of it. */
const leavingPaths = [
  ['protocol-relative', '//evil.example'],
  ['backslash', '/\\evil.example'],
  ['absolute elsewhere', 'https://evil.example/'],
  ['javascript', 'javascript:alert(1)'],
  ['control character', '/docs/\u0001intro'],
  ['line break', '/docs/\r\nSet-Cookie:x=1'],
  ['tab', '/docs\t/intro'],
  ['delete character', '/docs/\u007fintro'],
  ['3 KB path', `/${'a'.repeat(3 * 1024)}`],
] as const

/** Where each platform's return target arrives, and one that is fine, for the controls. */
const pathPlatforms = [
  ['gitbook', 'location', '/guides/start'],
  ['readme', 'redirect', '/docs/intro'],
  ['mintlify', 'redirect', '/api-reference'],
  ['helpscout', 'returnTo', '/article/42-hello'],
  ['bigcommerce', 'return_to', '/cart'],
] as const

const absolutePlatforms = [
  ['thinkific', 'return_to', 'https://school.thinkific.com/courses/intro'],
  ['zendesk', 'return_to', 'https://sub.zendesk.com/hc/en-us'],
  ['featurebase', 'return_to', 'https://org.featurebase.app/roadmap'],
  ['canny', 'redirect', 'https://feedback.example/board/ideas'],
  ['shopify', 'return_to', 'https://shop.myshopify.com/cart'],
] as const

const leavingUrls = [
  ['another host', 'https://evil.example/'],
  ['protocol-relative', '//evil.example/'],
  ['backslashes', '/\\evil.example/'],
  ['a look-alike host', 'https://school.thinkific.com.evil.example/'],
  ['javascript', 'javascript:alert(1)'],
  ['data', 'data:text/html,hi'],
  ['credentials', 'https://user:pw@school.thinkific.com/'],
] as const

describe('platform requests at /authorize: refused on the bridge page, nothing started', () => {
  let bridge: Awaited<ReturnType<typeof createTestBridge>>
  let logs: CapturedLogs
  beforeAll(async () => {
    logs = captureLogs()
    bridge = await createTestBridge({ config: config(), logger: logs.logger })
  })

  /** The page, the code it shows, the reason the log gives; and no login transaction or cookie. */
  async function refused(url: string, code: string, reason: string, status = 400) {
    logs.clear()
    const before = (await bridge.storage.list('login-tx')).length
    const response = await bridge.browser().get(url)
    expect(response.status).toBe(status)
    expect(response.headers.get('Location')).toBeNull()
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html).toContain(`<code>${code}</code>`)
    const refusals = logs.lines.filter((l) => l.code !== undefined)
    expect(refusals.map((l) => [l.code, l.reason])).toEqual([[code, reason]])
    expect(response.headers.getSetCookie().join('\n')).not.toContain('ssobridge_login')
    expect(await bridge.storage.list('login-tx')).toHaveLength(before)
    return html
  }

  describe('Discourse', () => {
    it('refuses a request without sso or without sig', async () => {
      const { sso, sig } = goodDiscourse()
      await refused(authorize('discourse', { sso }), 'platform_refused', 'platform_request_invalid')
      await refused(authorize('discourse', { sig }), 'platform_refused', 'platform_request_invalid')
      await refused(authorize('discourse'), 'platform_refused', 'platform_request_invalid')
    })

    it('refuses a request signed with another secret', async () => {
      const forged = discourseRequest(
        { nonce: 'nonce-0123456789', return_sso_url: RETURN_SSO_URL },
        'another-forum-secret-0123456789',
      )
      await refused(
        authorize('discourse', forged),
        'platform_refused',
        'platform_signature_invalid',
      )
    })

    it('refuses the right signature in uppercase hex (Discourse compares the hex string)', async () => {
      const { sso, sig } = goodDiscourse()
      await refused(
        authorize('discourse', { sso, sig: sig.toUpperCase() }),
        'platform_refused',
        'platform_signature_invalid',
      )
    })

    it('refuses a signature over another payload', async () => {
      const { sig } = goodDiscourse()
      const { sso } = discourseRequest({ nonce: 'other-nonce', return_sso_url: RETURN_SSO_URL })
      await refused(
        authorize('discourse', { sso, sig }),
        'platform_refused',
        'platform_signature_invalid',
      )
    })

    it('refuses URL-safe base64, even correctly signed', async () => {
      expect(Buffer.from(TILDE_PAYLOAD).toString('base64')).toMatch(/[+/]/)
      const urlSafe = signedSso(Buffer.from(TILDE_PAYLOAD).toString('base64url'))
      expect(urlSafe.sso).toMatch(/[-_]/)
      await refused(authorize('discourse', urlSafe), 'platform_refused', 'platform_request_invalid')
    })

    it('refuses a payload without nonce or without return_sso_url', async () => {
      await refused(
        authorize('discourse', discourseRequest({ return_sso_url: RETURN_SSO_URL })),
        'platform_refused',
        'platform_request_invalid',
      )
      await refused(
        authorize('discourse', discourseRequest({ nonce: 'nonce-0123456789' })),
        'platform_refused',
        'platform_request_invalid',
      )
    })

    it.each([
      ['another origin', 'https://evil.example/session/sso_login'],
      ['another port', 'https://forum.example:8443/session/sso_login'],
      ['http instead of https', 'http://forum.example/session/sso_login'],
      ['a look-alike host', 'https://forum.example.evil.example/session/sso_login'],
      ['credentials', 'https://user:pw@forum.example/session/sso_login'],
      ['a username', 'https://evil@forum.example/session/sso_login'],
    ])('refuses a return_sso_url on %s (invalid_return_to)', async (_, returnSsoUrl) => {
      const request = discourseRequest({ nonce: 'nonce-0123456789', return_sso_url: returnSsoUrl })
      await refused(authorize('discourse', request), 'invalid_return_to', 'unspecified')
    })

    it('refuses a javascript: return_sso_url as a malformed request', async () => {
      // Refused before the origin check: DiscourseConnect only reads http(s) return URLs.
      const request = discourseRequest({
        nonce: 'nonce-0123456789',
        return_sso_url: 'javascript:alert(document.cookie)',
      })
      await refused(authorize('discourse', request), 'platform_refused', 'platform_request_invalid')
    })

    it.each([
      ['a repeated nonce', `nonce=a&nonce=b&return_sso_url=${encodeURIComponent(RETURN_SSO_URL)}`],
      ['a broken %-escape', `nonce=a%ZZ&return_sso_url=${encodeURIComponent(RETURN_SSO_URL)}`],
      ['a nonce over 512 characters', `nonce=${'n'.repeat(513)}&return_sso_url=${RETURN_SSO_URL}`],
      ['a return_sso_url that is no URL', 'nonce=a&return_sso_url=forum.example%2Fsso'],
    ])('refuses a correctly signed payload with %s', async (_, payload) => {
      const request = signedSso(Buffer.from(payload).toString('base64'))
      await refused(authorize('discourse', request), 'platform_refused', 'platform_request_invalid')
    })

    it('refuses an oversized sso at the edge, before any HMAC', async () => {
      const { sig } = goodDiscourse()
      await refused(
        authorize('discourse', { sso: 'A'.repeat(4097), sig }),
        'invalid_request',
        'parameter_too_long',
      )
    })

    it('refuses a repeated sso parameter', async () => {
      const { sso, sig } = goodDiscourse()
      const other = discourseRequest({ nonce: 'second-nonce', return_sso_url: RETURN_SSO_URL })
      await refused(
        `${authorize('discourse', { sso, sig })}&sso=${encodeURIComponent(other.sso)}`,
        'invalid_request',
        'parameter_repeated',
      )
    })
  })

  describe('Freshworks', () => {
    const redirectUri = 'https://org.myfreshworks.com/sp/OIDC/1/implicit'
    const request = (params: Record<string, string>) =>
      authorize('freshworks', {
        client_id: 'fw-client',
        response_type: 'id_token',
        scope: 'openid email profile',
        state: 'state-0123',
        redirect_uri: redirectUri,
        ...params,
      })

    it('refuses a request without nonce', async () => {
      await refused(request({}), 'platform_refused', 'platform_request_invalid')
      await refused(request({ nonce: '' }), 'platform_refused', 'platform_request_invalid')
    })

    it.each([
      ['another host', 'https://evil.example/sp/OIDC/1/implicit'],
      ['another path', 'https://org.myfreshworks.com/sp/OIDC/2/implicit'],
      ['a trailing slash', `${redirectUri}/`],
      ['a query', `${redirectUri}?x=1`],
    ])('refuses a redirect_uri on %s (not registered)', async (_, uri) => {
      await refused(
        request({ nonce: 'n-1', redirect_uri: uri }),
        'invalid_redirect_uri',
        'unspecified',
      )
    })

    it('refuses an oversized nonce at the edge', async () => {
      await refused(request({ nonce: 'n'.repeat(513) }), 'invalid_request', 'parameter_too_long')
    })
  })

  describe('Canny', () => {
    it.each([
      ['a space and punctuation', 'acme co!'],
      ['a slash', 'acme/co'],
      ['a percent-escape', 'acme%2Fco'],
      ['non-ASCII', 'acmé'],
    ])('refuses a companyID with %s', async (_, companyID) => {
      await refused(
        authorize('canny', { companyID }),
        'platform_refused',
        'platform_request_invalid',
      )
    })

    it('refuses a companyID other than the one in the callback URL', async () => {
      await refused(
        authorize('canny', { companyID: 'other-company' }),
        'platform_refused',
        'platform_request_invalid',
      )
    })
  })

  describe.each(pathPlatforms)('%s: a return path (%s) that leaves the site', (app, param) => {
    it.each(leavingPaths)('%s', async (_, target) => {
      await refused(authorize(app, { [param]: target }), 'invalid_return_to', 'unspecified')
    })
  })

  it.each(pathPlatforms)('%s: a C1 control character in %s is refused', async (app, param) => {
    await refused(
      authorize(app, { [param]: '/docs/\u0085intro' }),
      'invalid_return_to',
      'unspecified',
    )
  })

  describe.each(absolutePlatforms)('%s: an absolute target (%s) off the app', (app, param) => {
    it.each(leavingUrls)('%s', async (_, target) => {
      await refused(authorize(app, { [param]: target }), 'invalid_return_to', 'unspecified')
    })
  })

  describe('Zendesk kind=error', () => {
    it('shows its message as text and starts no sign-in', async () => {
      const html = await refused(
        authorize('zendesk', {
          kind: 'error',
          message: '<script>alert(1)</script>',
          return_to: 'https://sub.zendesk.com/hc',
        }),
        'platform_refused',
        'platform_said_error',
      )
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(html).not.toContain('<script>alert(1)')
    })

    it('says so without a message', async () => {
      const html = await refused(
        authorize('zendesk', { kind: 'error' }),
        'platform_refused',
        'platform_said_error',
      )
      expect(html).toContain('no reason given')
    })
  })
})

describe('platform requests at /authorize: the well-formed ones start a sign-in', () => {
  // Controls for the refusals above: the same apps, the one defect removed.
  let bridge: Awaited<ReturnType<typeof createTestBridge>>
  beforeAll(async () => {
    bridge = await createTestBridge({ config: config() })
  })

  async function started(url: string) {
    const before = (await bridge.storage.list('login-tx')).length
    const response = await bridge.browser().get(url)
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('Location') as string, ISSUER).pathname).toBe('/login')
    expect(response.headers.getSetCookie().join('\n')).toContain('ssobridge_login')
    expect(await bridge.storage.list('login-tx')).toHaveLength(before + 1)
  }

  it('Discourse, signed with the app secret, back to its own origin', async () => {
    await started(authorize('discourse', goodDiscourse()))
    await started(authorize('discourse', signedSso(Buffer.from(TILDE_PAYLOAD).toString('base64'))))
  })

  it('Freshworks with a nonce and the registered redirect_uri', async () => {
    await started(
      authorize('freshworks', {
        state: 's',
        nonce: 'n'.repeat(512),
        redirect_uri: 'https://org.myfreshworks.com/sp/OIDC/1/implicit',
      }),
    )
  })

  it("Canny with the callback's companyID, or none", async () => {
    await started(authorize('canny', { companyID: CANNY_COMPANY }))
    await started(authorize('canny'))
  })

  it.each(pathPlatforms)('%s with a path on the site in %s', async (app, param, target) => {
    await started(authorize(app, { [param]: target }))
  })

  it.each(absolutePlatforms)('%s with a URL on the app in %s', async (app, param, target) => {
    await started(authorize(app, { [param]: target }))
  })

  it('Zendesk with another kind, which is not an error report', async () => {
    await started(authorize('zendesk', { kind: 'info', message: 'hello' }))
  })
})

describe('GitBook location as an absolute URL on the site', () => {
  it('lands on the page asked for, not the site path twice', async () => {
    const base = testConfig()
    const bridge = await createTestBridge({
      config: { ...base, apps: [...base.apps, apps.find((a) => a.id === 'gitbook')!] },
    })
    const done = await signInAt(bridge.browser(), {
      app: 'gitbook',
      location: 'https://org.gitbook.io/site/guides',
    })
    const url = await destination(done)
    expect(url.origin + url.pathname).toBe('https://org.gitbook.io/site/guides')
  })
})

describe('BigCommerce return_to', () => {
  let fake: PlatformFake
  afterAll(async () => {
    await fake.close()
  })

  it('an absolute URL on the store becomes a relative redirect_to in the token', async () => {
    fake = await startPresetFake('bigcommerce', `${ISSUER}/authorize?app=store`)
    const base = testConfig()
    const bridge = await createTestBridge({
      config: { ...base, apps: [...base.apps, presetApp(fake, 'store')] },
    })
    const done = await signInAt(bridge.browser(), {
      app: 'store',
      return_to: `${fake.origin}/cart?coupon=1#top`,
    })
    const url = await destination(done)
    expect(url.origin).toBe(fake.origin)
    const token = decodeURIComponent(url.pathname.slice('/login/token/'.length))
    expect(decodeJwt(token).redirect_to).toBe('/cart?coupon=1#top')
  })
})
