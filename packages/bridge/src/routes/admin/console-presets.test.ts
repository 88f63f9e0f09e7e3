import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  appApiTokenContext,
  appPrivateKeyContext,
  appSecretContext,
  getApp,
} from '../../domain/apps.js'
import { presetNames, presets } from '../../domain/presets.js'
import { activePublicKeyPem } from '../../keys/public-key-pem.js'
import { consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'
import type { TestBrowser } from '../../testing/test-browser.js'

const SECRET = 'discourse-connect-secret-0123'
const API_TOKEN = 'bc-api-token-0123456789'
const EDDSA_KEY = String(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
)

/** Fills the new-app form of a preset as the page shows it, and submits it. */
async function addApp(
  browser: TestBrowser,
  preset: string,
  fields: Record<string, string>,
  extra: [string, string][] = [],
) {
  const page = await (await browser.get(`/admin/apps/new?preset=${preset}`)).text()
  const form = formFields(page, '/admin/apps/new')
  expect(form.preset).toBe(preset)
  const response = await post(browser, '/admin/apps/new', [
    ...Object.entries({ ...form, ...fields }),
    ['connections', 'staff'],
    ...extra,
  ])
  return { page, response, html: await response.text() }
}

/** Submits the app's edit form as shown, with `changes` typed over it. */
async function edit(
  browser: TestBrowser,
  id: string,
  changes: Record<string, string>,
  extra: [string, string][] = [],
) {
  const path = `/admin/apps/${id}`
  const form = formFields(await (await browser.get(path)).text(), path)
  return post(browser, path, [
    ...Object.entries({ ...form, ...changes }),
    ['connections', 'staff'],
    ...extra,
  ])
}

describe('admin console: preset apps', () => {
  it('offers all twelve presets by their labels', async () => {
    const { signIn } = await consoleBridge()
    const { browser } = await signIn()
    const page = await (await browser.get('/admin/apps/new')).text()
    for (const name of presetNames)
      expect(page).toContain(`<a href="/admin/apps/new?preset=${name}">${presets[name].label}</a>`)
    // The edit form's select lists them too.
    const { html } = await addApp(browser, 'canny', {
      id: 'feedback',
      callbackUrls: 'https://canny.io/api/redirects/sso',
      secret: 'canny-private-key-0123',
    })
    const options = [...html.matchAll(/<option value="([a-z-]*)"/g)].map((m) => m[1])
    expect(options).toEqual(expect.arrayContaining(['', ...presetNames]))
  })

  it('adds a Discourse app: its secret, what to paste, what grants rights; edits keep the secret', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const { page, response, html } = await addApp(browser, 'discourse', {
      id: 'community',
      name: 'Community',
      callbackUrls: 'https://forum.example/session/sso_login',
      secret: SECRET,
      claims: '{"moderator": {"value": true}}',
    })
    expect(page).toContain('The secret Discourse gives you')
    expect(page).not.toContain('name="delivery"')
    expect(response.status).toBe(200)
    expect(html).not.toContain(SECRET)
    expect(html).toContain('value="http://localhost:4000/authorize?app=community"')
    expect(html).toContain(
      '<a class="button" href="/admin/apps/community/check">Check against Discourse</a>',
    )
    expect(html).toContain('<code>https://forum.example/session/sso_login</code>')
    expect(html).toContain('can only be fixed values')
    expect(html).toContain(
      '<code>moderator</code> makes the user a forum moderator (Discourse staff rights)',
    )
    expect(html).toContain('<code>groups</code> sets the forum groups the user is a member of')
    // A platform's sign-in starts at the platform, not with the snippet.
    expect(html).not.toContain('Snippet (always the latest script)')

    const saved = await edit(browser, 'community', { name: 'The Community' })
    expect(saved.headers.get('Location')).toBe('/admin/apps/community?done=saved')
    const stored = await getApp(bridge.storage, 'community')
    expect(stored).toMatchObject({ name: 'The Community', claims: { moderator: { value: true } } })
    if (stored?.signing.alg !== 'HS256') throw new Error('not a shared secret')
    expect(
      bridge.services.box.open(stored.signing.secretSealed, appSecretContext('community')),
    ).toBe(SECRET)

    // Rights from a user's attributes are refused, at the claims field.
    const refused = await edit(browser, 'community', { claims: '{"admin": "groups"}' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain(
      'grants rights on discourse: it can only be set as a fixed value',
    )
  })

  it('adds a BigCommerce app with its store; the API token is write-only and kept', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const { page, response, html } = await addApp(
      browser,
      'bigcommerce',
      {
        id: 'store',
        callbackUrls: 'https://store.example/login/token/',
        secret: 'bc-client-secret-0123456789',
        'platform.clientId': 'bc-client-id',
        'platform.storeHash': 'abc123',
        'platform.apiToken': API_TOKEN,
        'platform.channelId': '2',
      },
      [['platform.createCustomers', 'on']],
    )
    for (const name of [
      'clientId',
      'storeHash',
      'apiToken',
      'createCustomers',
      'apiUrl',
      'channelId',
    ])
      expect(page).toContain(`name="platform.${name}"`)
    expect(response.status).toBe(200)
    expect(html).not.toContain(API_TOKEN)
    const stored = await getApp(bridge.storage, 'store')
    expect(stored).toMatchObject({
      tokenTtl: 30,
      platform: {
        clientId: 'bc-client-id',
        storeHash: 'abc123',
        createCustomers: true,
        channelId: 2,
      },
    })

    // The token field is empty on the edit form; left so, the stored token stays.
    const form = formFields(html, '/admin/apps/store')
    expect(form['platform.apiToken']).toBeUndefined()
    expect(form['platform.storeHash']).toBe('abc123')
    const saved = await edit(browser, 'store', { 'platform.storeHash': 'def456' }, [
      ['platform.createCustomers', 'on'],
    ])
    expect(saved.status).toBe(303)
    const after = await getApp(bridge.storage, 'store')
    expect(after?.platform).toMatchObject({ storeHash: 'def456', createCustomers: true })
    expect(
      bridge.services.box.open(after?.platform?.apiTokenSealed ?? '', appApiTokenContext('store')),
    ).toBe(API_TOKEN)
    if (after?.signing.alg !== 'HS256') throw new Error('not a shared secret')
    expect(bridge.services.box.open(after.signing.secretSealed, appSecretContext('store'))).toBe(
      'bc-client-secret-0123456789',
    )

    const refused = await edit(browser, 'store', { 'platform.channelId': 'two' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('platform.channelId')
  })

  it('adds a Mintlify app with the private key Mintlify generated, never shown again', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const keyBody = EDDSA_KEY.split('\n')[1] as string
    const refused = await addApp(browser, 'mintlify', {
      id: 'docs',
      callbackUrls: 'https://docs.example/login/jwt-callback',
      privateKey: 'not a key',
    })
    expect(refused.response.status).toBe(400)
    expect(refused.html).toContain('must be an Ed25519 private key in PKCS#8 PEM')
    expect(refused.html).not.toContain('not a key')

    const { page, response, html } = await addApp(browser, 'mintlify', {
      id: 'docs',
      callbackUrls: 'https://docs.example/login/jwt-callback',
      // As a browser sends a textarea: CRLF line ends.
      privateKey: EDDSA_KEY.replace(/\n/g, '\r\n'),
      'platform.sessionTtl': '3600',
    })
    expect(page).toContain('The private key Mintlify generated (PKCS#8 PEM)')
    expect(response.status).toBe(200)
    expect(html).not.toContain(keyBody)
    const stored = await getApp(bridge.storage, 'docs')
    expect(stored).toMatchObject({ tokenTtl: 10, platform: { sessionTtl: 3600 } })
    if (stored?.signing.alg !== 'EdDSA') throw new Error('not an EdDSA app')
    const open = (sealed = '') => bridge.services.box.open(sealed, appPrivateKeyContext('docs'))
    expect(open(stored.signing.privateKeySealed)).toBe(EDDSA_KEY)

    expect((await edit(browser, 'docs', { name: 'Docs' })).status).toBe(303)
    const after = await getApp(bridge.storage, 'docs')
    if (after?.signing.alg !== 'EdDSA') throw new Error('not an EdDSA app')
    expect(open(after.signing.privateKeySealed)).toBe(EDDSA_KEY)
    expect(after.platform).toEqual({ sessionTtl: 3600 })
  })

  it("adds a Freshworks app: nothing to paste in, the bridge's public key to paste out", async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const { page, response, html } = await addApp(browser, 'freshworks', {
      id: 'help',
      callbackUrls: 'https://org.myfreshworks.com/sp/OIDC/123/implicit',
    })
    expect(page).toContain('nothing to paste here')
    expect(page).not.toContain('name="secret"')
    expect(response.status).toBe(200)
    const pem = await activePublicKeyPem(bridge.services.keystore, 'RS256')
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    expect(html).toContain(`Public key (PEM) to paste into Freshworks`)
    expect(html).toContain(`${pem}</textarea>`)
    expect(html).toContain('Check against Freshworks')
    expect((await getApp(bridge.storage, 'help'))?.signing).toEqual({ alg: 'RS256' })
  })

  it('keeps Help Scout on HS512 unless the admin picks HS256', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const { response } = await addApp(browser, 'helpscout-docs', {
      id: 'kb',
      callbackUrls: 'https://docs.example/authcallback',
      secret: SECRET,
    })
    expect(response.status).toBe(200)
    expect((await getApp(bridge.storage, 'kb'))?.tokenAlg).toBe('HS512')
    expect((await edit(browser, 'kb', { name: 'KB' })).status).toBe(303)
    expect((await getApp(bridge.storage, 'kb'))?.tokenAlg).toBe('HS512')
    expect((await edit(browser, 'kb', { alg: 'HS256' })).status).toBe(303)
    expect((await getApp(bridge.storage, 'kb'))?.tokenAlg).toBeUndefined()
  })
})
