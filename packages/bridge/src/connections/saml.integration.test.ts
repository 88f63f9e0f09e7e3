/** The bridge as SAML SP of a real IdP built on another library (samlify), over loopback HTTP. */
import { startSamlIdp, type RunningSamlIdp } from '@ssobridge/demo-idp-saml'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizeUrl, createTestBridge } from '../testing/bridge-fixture.js'
import { readForm } from '../testing/test-browser.js'
import {
  dana,
  deliverToAcs,
  samlConfig,
  signInAtIdp,
  spEntityId,
  startSamlSignIn,
} from '../testing/saml-flow.js'

const idps: RunningSamlIdp[] = []
async function idp(options: Partial<Parameters<typeof startSamlIdp>[0]> = {}) {
  const started = await startSamlIdp({ port: 0, users: [dana], serviceProviders: [], ...options })
  idps.push(started)
  return started
}
afterAll(() => Promise.all(idps.map((i) => i.close())))

/** A bridge using `running` by its metadata URL, and the IdP trusting the bridge's SP metadata. */
async function bridgeFor(running: RunningSamlIdp, partner: Record<string, unknown> = {}) {
  const bridge = await createTestBridge({
    config: samlConfig({
      idpMetadataUrl: running.metadataUrl,
      dangerouslyAllowHttpMetadataUrl: true,
      dangerouslyAllowPrivateNetwork: true,
      ...partner,
    }),
  })
  const metadata = await bridge.app.request(
    'http://localhost:4000/connections/partner/saml/metadata',
  )
  expect(metadata.status).toBe(200)
  running.addServiceProvider(await metadata.text())
  return bridge
}

async function signIn(bridge: Awaited<ReturnType<typeof bridgeFor>>, running: RunningSamlIdp) {
  const browser = bridge.browser()
  const { location } = await startSamlSignIn(browser)
  expect(location.startsWith(`${running.url}/sso?`)).toBe(true)
  const post = await signInAtIdp(location, { email: dana.email, password: dana.password })
  expect(post.action).toBe('http://localhost:4000/connections/partner/saml/acs')
  const { acs, finish } = await deliverToAcs(bridge.app, browser, 'partner', post.fields)
  expect(acs.status).toBe(303)
  expect(finish?.status).toBe(200)
  return { browser, delivered: readForm(await (finish as Response).text()) }
}

describe('SAML with a samlify IdP', () => {
  let running: RunningSamlIdp
  beforeAll(async () => {
    running = await idp()
  })

  it('signs in through the IdP and maps its attributes', async () => {
    const bridge = await bridgeFor(running)
    const { browser, delivered } = await signIn(bridge, running)
    expect(delivered.action).toBe('http://127.0.0.1:4001/sso/callback')
    const claims = decodeJwt(delivered.fields.token as string)
    expect(claims).toMatchObject({
      aud: 'shop',
      nonce: 'state-123',
      idp: 'partner',
      email: dana.email,
      email_verified: false,
      name: 'Dana Partner',
      given_name: 'Dana',
      family_name: 'Partner',
      amr: ['pwd'],
    })
    // The bridge session now serves forum without the IdP.
    const forum = await browser.get(
      authorizeUrl({
        app: 'forum',
        redirect_uri: 'http://127.0.0.1:4002/sso/callback',
        prompt: 'none',
      }),
    )
    expect(decodeJwt(readForm(await forum.text()).fields.token as string).sub).toBe(claims.sub)
  })

  it('keeps one bridge user per persistent NameID across sign-ins', async () => {
    const bridge = await bridgeFor(running)
    const first = decodeJwt((await signIn(bridge, running)).delivered.fields.token as string)
    const second = decodeJwt((await signIn(bridge, running)).delivered.fields.token as string)
    expect(second.sub).toBe(first.sub)
  })

  it('trusts the email when told to, and reads a mapped attribute', async () => {
    const bridge = await bridgeFor(running, { trustEmail: true, attributes: { name: 'givenName' } })
    const claims = decodeJwt((await signIn(bridge, running)).delivered.fields.token as string)
    expect(claims).toMatchObject({ email_verified: true, name: 'Dana' })
  })

  it('publishes metadata the IdP library accepts, and accepts the metadata it publishes', async () => {
    const bridge = await bridgeFor(running)
    const response = await bridge.app.request(
      'http://localhost:4000/connections/partner/saml/metadata?download',
    )
    expect(response.headers.get('Content-Type')).toMatch(/^application\/samlmetadata\+xml/)
    expect(response.headers.get('Content-Disposition')).toMatch(/attachment/)
    const xml = await response.text()
    expect(xml).toContain(`entityID="${spEntityId('partner')}"`)
    expect(xml).toContain('Location="http://localhost:4000/connections/partner/saml/acs"')
    expect(xml).not.toContain('KeyDescriptor')
  })
})

describe('SAML with signed requests and encrypted assertions', () => {
  it('signs AuthnRequests the IdP verifies against the published key', async () => {
    const running = await idp({ wantAuthnRequestsSigned: true })
    const bridge = await bridgeFor(running, { signAuthnRequests: true })
    const metadata = await (
      await bridge.app.request('http://localhost:4000/connections/partner/saml/metadata')
    ).text()
    expect(metadata).toContain('AuthnRequestsSigned="true"')
    expect(metadata).toContain('use="signing"')
    const { delivered } = await signIn(bridge, running)
    expect(decodeJwt(delivered.fields.token as string).email).toBe(dana.email)
  })

  it('decrypts assertions encrypted to its own key, and signs both ways at once', async () => {
    const running = await idp({ encryptAssertions: true, signResponse: true })
    const bridge = await bridgeFor(running, { encryptAssertions: true, wantAssertionsSigned: true })
    const { delivered } = await signIn(bridge, running)
    expect(decodeJwt(delivered.fields.token as string).email).toBe(dana.email)
  })

  it('refuses an IdP that signs the Response only when the assertion must be signed', async () => {
    const running = await idp()
    // The IdP reads WantAssertionsSigned from the SP metadata it was given: an outdated copy
    // that says false makes it sign the Response only.
    await bridgeFor(running, { wantAssertionsSigned: false })
    const patched = await createTestBridge({
      config: samlConfig({
        idpMetadataUrl: running.metadataUrl,
        dangerouslyAllowHttpMetadataUrl: true,
        dangerouslyAllowPrivateNetwork: true,
        wantAssertionsSigned: true,
      }),
    })
    const browser = patched.browser()
    const { location } = await startSamlSignIn(browser)
    const post = await signInAtIdp(location, { email: dana.email, password: dana.password })
    const { acs } = await deliverToAcs(patched.app, browser, 'partner', post.fields)
    expect(acs.status).toBe(400)
  })
})

describe('IdP-initiated SAML', () => {
  it('is refused unless the connection opts in', async () => {
    const running = await idp()
    const bridge = await bridgeFor(running)
    const { SAMLResponse } = await running.unsolicitedResponse(spEntityId('partner'), dana.email)
    const { acs } = await deliverToAcs(bridge.app, bridge.browser(), 'partner', { SAMLResponse })
    expect(acs.status).toBe(400)
  })

  it('with dangerouslyAllowIdpInitiated, signs in to the bridge and sends the browser to the app', async () => {
    const running = await idp()
    const bridge = await bridgeFor(running, { dangerouslyAllowIdpInitiated: { app: 'shop' } })
    const browser = bridge.browser()
    const { SAMLResponse } = await running.unsolicitedResponse(spEntityId('partner'), dana.email)
    const { acs, finish } = await deliverToAcs(bridge.app, browser, 'partner', { SAMLResponse })
    expect(acs.status).toBe(303)
    expect(finish?.status).toBe(303)
    expect(finish?.headers.get('Location')).toBe('http://127.0.0.1:4001/')
    // The site's own sign-in then completes without a prompt.
    const shop = await browser.get(authorizeUrl({ prompt: 'none' }))
    expect(decodeJwt(readForm(await shop.text()).fields.token as string).email).toBe(dana.email)
    // The same Response again is a replay.
    const again = await deliverToAcs(bridge.app, bridge.browser(), 'partner', { SAMLResponse })
    expect(again.acs.status).toBe(400)
  })
})
