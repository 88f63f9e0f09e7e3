/**
 * The account link prompt after a SAML sign-in (a samlify IdP over loopback HTTP): the same hold,
 * proof and link as after OIDC, through the ACS and its finish step.
 */
import { startSamlIdp, type RunningSamlIdp } from '@ssobridge/demo-idp-saml'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../domain/passwords.js'
import { createUser } from '../domain/users.js'
import { authorizeUrl, createTestBridge } from '../testing/bridge-fixture.js'
import { readForm } from '../testing/test-browser.js'
import {
  authnRequestOf,
  dana,
  deliverToAcs,
  samlConfig,
  signInAtIdp,
} from '../testing/saml-flow.js'

const LOCAL_PASSWORD = 'dana has a local password too'

let running: RunningSamlIdp
beforeAll(async () => {
  running = await startSamlIdp({ port: 0, users: [dana], serviceProviders: [] })
})
afterAll(() => running.close())

describe('the link prompt after a SAML sign-in', () => {
  it('holds the identity, and links it once the visitor signs in to the local account', async () => {
    // trustEmail: the IdP owns its users' addresses, so the email counts as verified.
    const bridge = await createTestBridge({
      config: samlConfig({
        idpMetadataUrl: running.metadataUrl,
        dangerouslyAllowHttpMetadataUrl: true,
        dangerouslyAllowPrivateNetwork: true,
        trustEmail: true,
      }),
    })
    const metadata = await bridge.app.request(
      'http://localhost:4000/connections/partner/saml/metadata',
    )
    running.addServiceProvider(await metadata.text())
    const local = await createUser(bridge.storage, {
      connection: 'staff',
      email: dana.email,
      emailVerified: true,
      passwordHash: await hashPassword(LOCAL_PASSWORD),
    })

    // forum accepts staff and partner: the login page, then "Continue with Partner Inc".
    const browser = bridge.browser()
    const login = await browser.get(
      authorizeUrl({ app: 'forum', redirect_uri: 'http://127.0.0.1:4002/sso/callback' }),
    )
    const tx = new URL(login.headers.get('Location') as string, 'http://x').searchParams.get('tx')
    const toIdp = await browser.get(`/connections/partner/start?tx=${tx}`)
    const { url } = authnRequestOf(toIdp.headers.get('Location') as string)
    const post = await signInAtIdp(url.href, { email: dana.email, password: dana.password })
    const { finish } = await deliverToAcs(bridge.app, browser, 'partner', post.fields)
    expect(finish?.status).toBe(303)
    expect(finish?.headers.get('Location')).toBe(`/login/account-link?tx=${tx}`)
    expect(await bridge.storage.get('identity', `partner|${dana.id}`)).toBeUndefined()

    const prompt = await browser.get(`/login/account-link?tx=${tx}`)
    expect(await prompt.text()).toContain('Partner Inc')
    const { fields } = readForm(await (await browser.get(`/login/account-link?tx=${tx}`)).text())
    const toLogin = await browser.post('/login/account-link', { ...fields, choice: 'link' })
    const page = await (await browser.get(toLogin.headers.get('Location') as string)).text()
    expect(page).not.toContain('Continue with Partner Inc')
    // The email's domain belongs to partner, but partner is no proof now: the password is asked.
    const done = await browser.post('/login', {
      ...readForm(page).fields,
      email: dana.email,
      password: LOCAL_PASSWORD,
      action: 'sign-in',
    })
    expect(done.status).toBe(200)
    const claims = decodeJwt(readForm(await done.text()).fields.token as string)
    expect(claims).toMatchObject({ sub: local!.id, idp: 'staff' })
    expect(await bridge.storage.get('identity', `partner|${dana.id}`)).toBe(local!.id)
  })
})
