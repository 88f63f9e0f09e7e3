/**
 * SAML sign-ins walked the way a browser walks them: redirects to the IdP, the IdP's login form,
 * and its auto-submitted POST to the ACS, which is cross-site and so carries none of the bridge's
 * SameSite=Lax cookies. The POST is sent without cookies; the finishing GET with them.
 */
import { inflateRawSync } from 'node:zlib'
import type { DemoSamlUser } from '@ssobridge/demo-idp-saml'
import { authorizeUrl, testConfig } from './bridge-fixture.js'
import { readForm, type TestBrowser } from './test-browser.js'
import { httpClient } from './upstream-flow.js'

type Fetchable = { request(url: string, init?: RequestInit): Response | Promise<Response> }

/** The user of the test SAML IdPs (samlify), at partner.example. */
export const dana: DemoSamlUser = {
  id: 'dana-7f3a',
  email: 'dana@partner.example',
  password: 'dana-password-123',
  displayName: 'Dana Partner',
  givenName: 'Dana',
  surname: 'Partner',
  groups: ['buyers', 'admins'],
}

export const SAML_ISSUER = 'http://localhost:4000'
export const acsPath = (connection: string) => `/connections/${connection}/saml/acs`
export const acsUrl = (connection: string) => `${SAML_ISSUER}${acsPath(connection)}`
export const spEntityId = (connection: string) =>
  `${SAML_ISSUER}/connections/${connection}/saml/metadata`

/** testConfig with a SAML connection `partner` that shop and forum both accept. */
export function samlConfig(partner: Record<string, unknown>, apps: { shop?: string[] } = {}) {
  const base = testConfig()
  return {
    ...base,
    connections: [
      ...base.connections,
      {
        id: 'partner',
        type: 'saml',
        name: 'Partner Inc',
        domains: ['partner.example'],
        ...partner,
      },
    ],
    apps: [
      { ...base.apps[0], connections: apps.shop ?? ['partner'] },
      { ...base.apps[1], connections: ['staff', 'partner'] },
      base.apps[2],
    ],
  }
}

/** The AuthnRequest a redirect to the IdP carries, inflated. */
export function authnRequestOf(location: string): { xml: string; id: string; url: URL } {
  const url = new URL(location)
  const xml = inflateRawSync(
    Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64'),
  ).toString('utf8')
  const id = /\sID="([^"]+)"/.exec(xml)?.[1] ?? ''
  return { xml, id, url }
}

/**
 * /authorize for shop (which only has `partner`, so it goes straight to the start) up to the
 * redirect to the IdP. Returns the IdP URL and the AuthnRequest ID.
 */
export async function startSamlSignIn(browser: TestBrowser, params: Record<string, string> = {}) {
  const start = await browser.get(authorizeUrl(params))
  if (start.status !== 302) throw new Error(`authorize answered ${start.status}`)
  const toIdp = await browser.get(start.headers.get('Location') as string)
  if (toIdp.status !== 302) throw new Error(`start answered ${toIdp.status}: ${await toIdp.text()}`)
  const location = toIdp.headers.get('Location') as string
  return { location, ...authnRequestOf(location) }
}

/** The IdP's cross-site POST to the ACS: no bridge cookies, Origin of the IdP. */
export function postToAcs(
  app: Fetchable,
  connection: string,
  fields: Record<string, string>,
  origin = 'http://127.0.0.1:4020',
): Promise<Response> {
  return Promise.resolve(
    app.request(acsUrl(connection), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams(fields).toString(),
    }),
  )
}

/** Posts to the ACS, then follows its redirect with the browser's cookies. */
export async function deliverToAcs(
  app: Fetchable,
  browser: TestBrowser,
  connection: string,
  fields: Record<string, string>,
): Promise<{ acs: Response; finish?: Response }> {
  const acs = await postToAcs(app, connection, fields)
  if (acs.status !== 303) return { acs }
  const finish = await browser.get(acs.headers.get('Location') as string)
  return { acs, finish }
}

/** At a real IdP: load its login page from the redirect, sign in, read the POST-binding form. */
export async function signInAtIdp(
  location: string,
  credentials: { email: string; password: string },
): Promise<{ action: string; fields: Record<string, string> }> {
  const page = await httpClient.request(location)
  const html = await page.text()
  if (page.status !== 200) throw new Error(`IdP answered ${page.status}: ${html.slice(0, 200)}`)
  const login = readForm(html)
  const submitted = await httpClient.request(new URL(login.action, location).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(credentials).toString(),
  })
  const post = await submitted.text()
  if (submitted.status !== 200) throw new Error(`IdP login answered ${submitted.status}`)
  return readForm(post)
}
