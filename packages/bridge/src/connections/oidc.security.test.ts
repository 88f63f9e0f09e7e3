/**
 * The bridge as a relying party of a hostile OpenID Provider: forged callbacks, tampered ID
 * tokens, lying documents and misbehaving endpoints. Each ends on a clear error page or the site's
 * error callback, with no session and no token.
 */
import { UnsecuredJWT } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { oidcRedirectUri } from '../routes/upstream.js'
import { authorizeUrl, createTestBridge, ISSUER, testConfig } from '../testing/bridge-fixture.js'
import {
  createSigningKey,
  startHostileProvider,
  type HostileProvider,
  type SigningKey,
} from '../testing/hostile-oidc-provider.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const CLIENT_ID = 'ssobridge'
const CLIENT_SECRET = 'hostile-client-secret-0123456789abcdef'
const INTRANET_CALLBACK = 'http://127.0.0.1:4005/cb'

let idp: HostileProvider
let rsa: SigningKey
let ec: SigningKey
// Keys the provider never publishes, and one it may publish beside the first RSA key.
let strangerRsa: SigningKey
let strangerEc: SigningKey
let secondRsa: SigningKey

beforeAll(async () => {
  idp = await startHostileProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [oidcRedirectUri(ISSUER, 'corp')],
  })
  ;[rsa, ec] = idp.initialKeys as [SigningKey, SigningKey]
  strangerRsa = await createSigningKey('RS256', rsa.kid)
  strangerEc = await createSigningKey('ES256', ec.kid)
  secondRsa = await createSigningKey('RS256')
})
afterAll(() => idp.close())
beforeEach(() => idp.reset())

function config(corp: Record<string, unknown> = {}) {
  const base = testConfig()
  return {
    ...base,
    connections: [
      ...base.connections,
      {
        id: 'corp',
        type: 'oidc',
        name: 'Example Corp',
        issuer: idp.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        domains: ['corp.example'],
        dangerouslyAllowHttpIssuer: true,
        dangerouslyAllowPrivateNetwork: true,
        timeoutSeconds: 5,
        ...corp,
      },
    ],
    apps: [
      ...base.apps,
      {
        id: 'intranet',
        callbackUrls: [INTRANET_CALLBACK],
        connections: ['corp'],
        signing: { alg: 'ES256' },
      },
    ],
  }
}

type Bridge = Awaited<ReturnType<typeof createTestBridge>>

const location = (response: Response) => {
  expect(response.status).toBe(302)
  return response.headers.get('Location') as string
}

/** Starts a sign-in and walks it through the IdP: the callback the IdP sends the browser to. */
async function toCallback(browser: TestBrowser): Promise<string> {
  const start = location(await browser.get(authorizeUrl({ app: 'intranet' })))
  const atIdp = location(await browser.get(start))
  expect(new URL(atIdp).origin).toBe(idp.issuer)
  const back = new URL(location(await fetch(atIdp, { redirect: 'manual' })))
  expect(back.origin).toBe(ISSUER)
  return back.pathname + back.search
}

/** The callback of a live sign-in, edited before the browser brings it back. */
async function editedCallback(bridge: Bridge, edit: (params: URLSearchParams) => void) {
  const browser = bridge.browser()
  const callback = new URL(await toCallback(browser), ISSUER)
  edit(callback.searchParams)
  return browser.get(callback.pathname + callback.search)
}

async function signIn(bridge: Bridge): Promise<Response> {
  const browser = bridge.browser()
  return browser.get(await toCallback(browser))
}

async function expectSignedIn(response: Response) {
  expect(response.status).toBe(200)
  const { action, fields } = readForm(await response.text())
  expect(action).toBe(INTRANET_CALLBACK)
  expect(fields.token).toBeTruthy()
}

async function expectRefused(bridge: Bridge, response: Response, status: number, code: string) {
  expect(response.status).toBe(status)
  const html = await response.text()
  expect(html).toContain(`<code>${code}</code>`)
  expect(readForm(html).fields.token).toBeUndefined()
  expect(await bridge.storage.list('session')).toHaveLength(0)
}

describe('an honest answer from the test provider', () => {
  it.each(['RS256', 'ES256'])('signs in with an %s ID token', async (alg) => {
    if (alg === 'ES256') idp.keys = [ec, rsa]
    const bridge = await createTestBridge({ config: config() })
    await expectSignedIn(await signIn(bridge))
    expect(await bridge.storage.list('session')).toHaveLength(1)
  })
})

describe('forged and replayed callbacks', () => {
  it('refuses a callback without state', async () => {
    const bridge = await createTestBridge({ config: config() })
    const response = await editedCallback(bridge, (q) => q.delete('state'))
    await expectRefused(bridge, response, 400, 'invalid_request')
    expect(idp.hits.token).toBe(0)
  })

  it('refuses a callback with a state the bridge never issued', async () => {
    const bridge = await createTestBridge({ config: config() })
    const response = await editedCallback(bridge, (q) => q.set('state', 'A'.repeat(43)))
    await expectRefused(bridge, response, 400, 'login_expired')
    expect(idp.hits.token).toBe(0)
  })

  it('redeems a callback once: the same URL again is refused without asking the IdP', async () => {
    const bridge = await createTestBridge({ config: config() })
    const browser = bridge.browser()
    const callback = await toCallback(browser)
    await expectSignedIn(await browser.get(callback))
    const replay = await browser.get(callback)
    expect(replay.status).toBe(400)
    const html = await replay.text()
    expect(html).toContain('<code>login_expired</code>')
    expect(readForm(html).fields.token).toBeUndefined()
    expect(await bridge.storage.list('session')).toHaveLength(1)
    expect(idp.hits.token).toBe(1)
  })

  it('refuses a code swapped in from another transaction (PKCE and nonce belong to the other)', async () => {
    const bridge = await createTestBridge({ config: config() })
    const victim = bridge.browser()
    const attacker = bridge.browser()
    const stolen = new URL(await toCallback(victim), ISSUER)
    const own = new URL(await toCallback(attacker), ISSUER)
    own.searchParams.set('code', stolen.searchParams.get('code') as string)
    const response = await attacker.get(own.pathname + own.search)
    // The IdP answers invalid_grant: the browser brought a bad code, a 4xx, not an IdP failure.
    await expectRefused(bridge, response, 400, 'upstream_response_invalid')
  })

  it('refuses a bogus code with a live state as a client mistake (400), not a 502', async () => {
    const bridge = await createTestBridge({ config: config() })
    const response = await editedCallback(bridge, (q) => q.set('code', 'bogus-code'))
    await expectRefused(bridge, response, 400, 'upstream_response_invalid')
    expect(idp.hits.token).toBe(1)
  })

  it('refuses a wrong or missing iss with a live state before redeeming the code (400)', async () => {
    const edits = [
      (q: URLSearchParams) => q.set('iss', 'https://evil.example'),
      (q: URLSearchParams) => q.delete('iss'),
    ]
    for (const edit of edits) {
      const bridge = await createTestBridge({ config: config() })
      await expectRefused(
        bridge,
        await editedCallback(bridge, edit),
        400,
        'upstream_response_invalid',
      )
    }
    expect(idp.hits.token).toBe(0)
  })

  it('refuses a callback with neither code nor error as malformed (400)', async () => {
    const bridge = await createTestBridge({ config: config() })
    const response = await editedCallback(bridge, (q) => q.delete('code'))
    await expectRefused(bridge, response, 400, 'invalid_request')
    expect(idp.hits.token).toBe(0)
  })

  it('refuses a callback opened in another browser than the one that started the sign-in', async () => {
    const bridge = await createTestBridge({ config: config() })
    const callback = await toCallback(bridge.browser())
    const response = await bridge.browser().get(callback)
    await expectRefused(bridge, response, 403, 'csrf_failed')
    expect(idp.hits.token).toBe(0)
  })
})

describe('tampered ID tokens', () => {
  const advertise = (...algs: string[]) => ({
    discovery: (document: Record<string, unknown>) => ({
      ...document,
      id_token_signing_alg_values_supported: algs,
    }),
  })
  const cases: { name: string; arrange: () => void }[] = [
    {
      name: 'a wrong iss',
      arrange: () => {
        idp.scenario.idToken = (d) => ({ ...d, claims: { ...d.claims, iss: `${idp.issuer}/x` } })
      },
    },
    {
      name: 'a wrong aud',
      arrange: () => {
        idp.scenario.idToken = (d) => ({ ...d, claims: { ...d.claims, aud: 'another-client' } })
      },
    },
    {
      name: 'no sub',
      arrange: () => {
        idp.scenario.idToken = (d) => ({ ...d, claims: { ...d.claims, sub: undefined } })
      },
    },
    {
      name: 'no iat',
      arrange: () => {
        idp.scenario.idToken = (d) => ({ ...d, claims: { ...d.claims, iat: undefined } })
      },
    },
    {
      name: 'an expiry an hour ago',
      arrange: () => {
        const past = Math.floor(Date.now() / 1000) - 3600
        idp.scenario.idToken = (d) => ({
          ...d,
          claims: { ...d.claims, iat: past - 300, exp: past },
        })
      },
    },
    {
      name: 'the nonce of another sign-in',
      arrange: () => {
        idp.scenario.idToken = (d) => ({ ...d, claims: { ...d.claims, nonce: 'B'.repeat(43) } })
      },
    },
    {
      name: 'an RS256 signature by a key the IdP does not publish',
      arrange: () => {
        idp.scenario.idToken = (d) => ({ ...d, key: strangerRsa.privateKey })
      },
    },
    {
      name: 'an ES256 signature by a key the IdP does not publish',
      arrange: () => {
        idp.scenario.idToken = (d) => ({
          ...d,
          header: { alg: 'ES256', kid: ec.kid },
          key: strangerEc.privateKey,
        })
      },
    },
    {
      // The classic confusion: the RSA public key, which anyone can read, used as an HMAC secret.
      name: 'an HS256 signature keyed with the published RSA key',
      arrange: () => {
        idp.scenario = advertise('RS256', 'ES256', 'HS256')
        idp.scenario.idToken = (d) => ({
          ...d,
          header: { alg: 'HS256', kid: rsa.kid },
          key: new TextEncoder().encode(JSON.stringify(rsa.jwk)),
        })
      },
    },
    {
      name: 'alg none, even when discovery advertises it',
      arrange: () => {
        idp.scenario = advertise('RS256', 'none')
        idp.scenario.idToken = (d) => new UnsecuredJWT(d.claims).encode()
      },
    },
    {
      name: 'no kid while several keys of its kind are published',
      arrange: () => {
        idp.keys = [rsa, secondRsa, ec]
        idp.scenario.idToken = (d) => ({ ...d, header: { alg: 'RS256' }, key: rsa.privateKey })
      },
    },
  ]

  it.each(cases)('refuses an ID token with $name', async ({ arrange }) => {
    arrange()
    const bridge = await createTestBridge({ config: config() })
    await expectRefused(bridge, await signIn(bridge), 502, 'upstream_error')
    expect(idp.hits.token).toBe(1)
  })

  it('follows a key rotation: a new kid after the bridge cached the old set is fetched anew', async () => {
    const bridge = await createTestBridge({ config: config() })
    await expectSignedIn(await signIn(bridge))
    expect(idp.hits.jwks).toBe(1)
    const rotated = await createSigningKey('RS256')
    idp.keys = [rotated, ...idp.initialKeys]
    // openid-client refetches a JWKS for an unknown kid once the cached set is a minute old.
    vi.setSystemTime(Date.now() + 61_000)
    try {
      await expectSignedIn(await signIn(bridge))
    } finally {
      vi.useRealTimers()
    }
    expect(idp.hits.jwks).toBe(2)
    expect(idp.hits.discovery).toBe(1)
    expect(await bridge.storage.list('session')).toHaveLength(2)
  })
})

describe('lying documents and misbehaving endpoints', () => {
  it('refuses a discovery document that names another issuer', async () => {
    idp.scenario.discovery = (document) => ({ ...document, issuer: `${idp.issuer}/other` })
    const bridge = await createTestBridge({ config: config() })
    const browser = bridge.browser()
    const start = location(await browser.get(authorizeUrl({ app: 'intranet' })))
    await expectRefused(bridge, await browser.get(start), 502, 'upstream_error')
    expect(idp.hits.authorize).toBe(0)
  })

  it('refuses UserInfo about another subject than the ID token', async () => {
    idp.scenario.userinfo = (claims) => ({ ...claims, sub: 'someone-else' })
    const bridge = await createTestBridge({ config: config() })
    await expectRefused(bridge, await signIn(bridge), 502, 'upstream_error')
    expect(idp.hits.userinfo).toBe(1)
  })

  it('tells the site, not the user, when the IdP answers access_denied', async () => {
    idp.scenario.authorize = () => ({ error: 'access_denied', error_description: 'no' })
    const bridge = await createTestBridge({ config: config() })
    const response = await signIn(bridge)
    expect(response.status).toBe(200)
    const { action, fields } = readForm(await response.text())
    expect(action).toBe(INTRANET_CALLBACK)
    expect(fields.error).toBe('access_denied')
    expect(fields.state).toBe('state-123')
    expect(fields.token).toBeUndefined()
    expect(await bridge.storage.list('session')).toHaveLength(0)
    expect(idp.hits.token).toBe(0)
  })

  it('refuses garbage JSON from the token endpoint', async () => {
    idp.scenario.token = (answer) => ({ ...answer, body: '{"access_token": "x", "token_type":' })
    const bridge = await createTestBridge({ config: config() })
    await expectRefused(bridge, await signIn(bridge), 502, 'upstream_error')
  })

  it('keeps 502 for a token endpoint that fails on its side, even with an OAuth error', async () => {
    for (const body of ['{"error":"server_error"}', '{"error":"invalid_grant"}']) {
      idp.scenario.token = (answer) => ({ ...answer, status: 503, body })
      const bridge = await createTestBridge({ config: config() })
      await expectRefused(bridge, await signIn(bridge), 502, 'upstream_error')
    }
  })

  it('keeps 502 when the token endpoint refuses the bridge itself (invalid_client)', async () => {
    idp.scenario.token = (answer) => ({
      ...answer,
      status: 401,
      body: '{"error":"invalid_client"}',
    })
    const bridge = await createTestBridge({ config: config() })
    await expectRefused(bridge, await signIn(bridge), 502, 'upstream_error')
  })

  it('gives up on a token endpoint slower than timeoutSeconds', async () => {
    idp.scenario.token = (answer) => ({ ...answer, delayMs: 10_000 })
    const bridge = await createTestBridge({ config: config({ timeoutSeconds: 1 }) })
    const started = Date.now()
    await expectRefused(bridge, await signIn(bridge), 504, 'upstream_unavailable')
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
