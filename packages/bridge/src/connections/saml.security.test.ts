/**
 * The SAML attack corpus: hostile Responses crafted by hand and signed with xml-crypto, each of
 * which must be refused by the check it targets, with no session and no user created.
 */
import { DOMParser, XMLSerializer, type Element, type Node } from '@xmldom/xmldom'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { generateCertifiedKeyPair } from '../keys/self-signed-certificate.js'
import { createLogger } from '../logger.js'
import { createTestBridge, memoryStorage } from '../testing/bridge-fixture.js'
import {
  acsUrl,
  deliverToAcs,
  postToAcs,
  samlConfig,
  spEntityId,
  startSamlSignIn,
} from '../testing/saml-flow.js'
import {
  assertionXml,
  base64,
  buildResponse,
  defaultFields,
  newId,
  responseXml,
  sign,
  type Build,
} from '../testing/saml-responses.js'
import { readForm } from '../testing/test-browser.js'
import type { Storage } from '../storage/types.js'

const IDP = 'https://idp.partner.example'
const idpKey = generateCertifiedKeyPair('partner idp')
const rotatedKey = generateCertifiedKeyPair('partner idp 2027')
const attacker = generateCertifiedKeyPair('attacker')
const expected = { acsUrl: acsUrl('partner'), spEntityId: spEntityId('partner'), idpEntityId: IDP }
const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString()

async function setup(partner: Record<string, unknown> = {}, storage?: Storage) {
  const lines: string[] = []
  const bridge = await createTestBridge({
    config: samlConfig({
      entryPoint: `${IDP}/sso`,
      idpCert: [idpKey.certificate, rotatedKey.certificate],
      idpEntityId: IDP,
      ...partner,
    }),
    logger: createLogger('debug', (line) => lines.push(line)),
    storage,
  })
  const browser = bridge.browser()
  const { id: requestId } = await startSamlSignIn(browser)
  const build = (b: Build = {}, inResponseTo: string | null = requestId) =>
    buildResponse(expected, inResponseTo, { signAssertion: idpKey, ...b })
  return {
    bridge,
    browser,
    requestId,
    build,
    post: (xml: string) =>
      deliverToAcs(bridge.app, browser, 'partner', { SAMLResponse: base64(xml) }),
    /** The reason code of the last refusal the bridge logged. */
    reason: () =>
      lines
        .map((l) => JSON.parse(l) as { msg: string })
        .filter((l) => l.msg.startsWith('saml response refused'))
        .map((l) => l.msg.split(': ').pop())
        .pop(),
    async users() {
      return (await bridge.storage.list('user')).length
    },
  }
}

type Setup = Awaited<ReturnType<typeof setup>>

async function expectRefused(
  s: Setup,
  result: { acs: Response; finish?: Response },
  reason: string,
) {
  // What the browser posted is the client's input: a 400 page with a code, never a 502.
  const code = ['unknown_request', 'replayed'].includes(reason)
    ? 'login_expired'
    : 'upstream_response_invalid'
  expect(result.acs.status).toBe(400)
  expect(await result.acs.text()).toContain(`<code>${code}</code>`)
  expect(s.reason()).toBe(reason)
  expect(result.finish).toBeUndefined()
  expect(s.browser.cookies.has('ssobridge_session')).toBe(false)
  expect(await s.users()).toBe(1) // alice, from the config
}

async function expectSignedIn(s: Setup, result: { acs: Response; finish?: Response }) {
  expect(result.acs.status).toBe(303)
  expect(result.finish?.status).toBe(200)
  const token = readForm(await (result.finish as Response).text()).fields.token as string
  return decodeJwt(token)
}

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml')
const serialize = (node: Node) => new XMLSerializer().serializeToString(node)

describe('SAML responses the bridge accepts', () => {
  it('a signed assertion, a signed Response, or both; and the rotated key too', async () => {
    for (const b of [
      { signAssertion: idpKey },
      { signAssertion: null, signResponse: idpKey },
      { signAssertion: idpKey, signResponse: idpKey },
      { signAssertion: rotatedKey },
    ]) {
      const s = await setup()
      const claims = await expectSignedIn(s, await s.post(s.build(b).xml))
      expect(claims).toMatchObject({ email: 'dana@partner.example', name: 'Dana Partner' })
    }
  })

  it('clocks up to 60 s apart', async () => {
    const s = await setup()
    const xml = s.build({
      assertion: { issueInstant: minutes(0.5), conditionsNotBefore: minutes(0.9) },
    }).xml
    await expectSignedIn(s, await s.post(xml))
  })
})

describe('SAML signature attacks', () => {
  it('refuses an unsigned response and assertion', async () => {
    const s = await setup()
    await expectRefused(s, await s.post(s.build({ signAssertion: null }).xml), 'signature')
  })

  it('refuses a response signed by another key', async () => {
    const s = await setup()
    await expectRefused(s, await s.post(s.build({ signAssertion: attacker }).xml), 'signature')
    const t = await setup()
    const xml = t.build({ signAssertion: null, signResponse: attacker }).xml
    await expectRefused(t, await t.post(xml), 'signature')
  })

  it('ignores the attacker certificate carried in KeyInfo', async () => {
    const s = await setup()
    const xml = s.build({ signAssertion: attacker }).xml
    expect(xml).toContain('<ds:X509Certificate>')
    await expectRefused(s, await s.post(xml), 'signature')
  })

  it('refuses a signed assertion that was altered', async () => {
    const s = await setup()
    const xml = s.build().xml.replace('>dana-7f3a<', '>admin<')
    await expectRefused(s, await s.post(xml), 'signature')
  })
})

describe('SAML XML signature wrapping', () => {
  it('an extra unsigned assertion next to the signed one', async () => {
    const s = await setup()
    const good = s.build()
    const evil = assertionXml({
      ...defaultFields(expected, s.requestId).assertion,
      nameId: 'admin',
    })
    const xml = responseXml(good.response, evil + good.signedAssertion)
    await expectRefused(s, await s.post(xml), 'assertion_count')
  })

  it('the signed assertion hidden in the Advice of an unsigned one', async () => {
    const s = await setup()
    const good = s.build()
    const evil = assertionXml({
      ...defaultFields(expected, s.requestId).assertion,
      nameId: 'admin',
    }).replace('</saml:Issuer>', `</saml:Issuer><saml:Advice>${good.signedAssertion}</saml:Advice>`)
    await expectRefused(s, await s.post(responseXml(good.response, evil)), 'signature')
  })

  it('the signed assertion moved away and an evil one with its ID in its place', async () => {
    const s = await setup()
    const good = s.build()
    const fields = defaultFields(expected, s.requestId).assertion
    const evil = assertionXml({ ...fields, id: good.assertion.id, nameId: 'admin' })
    const wrapped = `<samlp:Extensions>${good.signedAssertion}</samlp:Extensions>`
    const xml = responseXml(good.response, evil).replace(
      '<samlp:Status>',
      `${wrapped}<samlp:Status>`,
    )
    await expectRefused(s, await s.post(xml), 'signature')
  })

  it('a re-signed root around a tampered assertion', async () => {
    const s = await setup()
    const good = s.build({ signAssertion: null, signResponse: idpKey })
    const tampered = good.xml.replace('>dana-7f3a<', '>admin<')
    // The attacker cannot sign as the IdP; re-signing with their own key must not help.
    const doc = parse(tampered)
    const root = doc.documentElement as Element
    const old = root.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0]
    if (!old) throw new Error('the response carries no signature to remove')
    root.removeChild(old)
    const resigned = sign(serialize(doc), attacker, { localName: 'Response', id: good.response.id })
    await expectRefused(s, await s.post(resigned), 'signature')
  })

  it('a signature with two references', async () => {
    const s = await setup()
    const base = defaultFields(expected, s.requestId)
    const assertion = sign(
      assertionXml(base.assertion),
      idpKey,
      {
        localName: 'Assertion',
        id: base.assertion.id,
      },
      { extraReferences: ["//*[local-name(.)='Issuer']"] },
    )
    await expectRefused(s, await s.post(responseXml(base.response, assertion)), 'signature')
  })

  it('a signature with two SignedInfo elements', async () => {
    const s = await setup()
    const good = s.build()
    const signedInfo = /<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>/.exec(good.xml)?.[0] as string
    const xml = good.xml.replace(signedInfo, signedInfo + signedInfo)
    const result = await s.post(xml)
    expect(result.acs.status).toBe(400)
    expect(['signature', 'malformed']).toContain(s.reason())
    expect(await s.users()).toBe(1)
  })

  it('a Response nested 20,000 levels deep, even when quoted "/>" try to hide the depth', async () => {
    const s = await setup()
    const good = s.build().xml
    const deep = (open: string) => open.repeat(20_000) + '</a>'.repeat(20_000)
    for (const nest of [deep('<a>'), deep('<a x="/>/>/>">')]) {
      const xml = good.replace('</samlp:Response>', `${nest}</samlp:Response>`)
      await expectRefused(s, await s.post(xml), 'malformed')
    }
  })

  it('several root elements', async () => {
    const s = await setup()
    const good = s.build()
    const evil = responseXml(
      { ...good.response, id: newId() },
      assertionXml({ ...good.assertion, nameId: 'admin' }),
    )
    await expectRefused(s, await s.post(good.xml + evil), 'malformed')
  })
})

describe('SAML NameID split by a comment or processing instruction', () => {
  for (const [what, splitter] of [
    ['comment', '<!---->'],
    ['processing instruction', '<?x y?>'],
  ] as const) {
    it(`refuses a ${what} inside a signed NameID`, async () => {
      const s = await setup()
      const good = s.build({ assertion: { nameId: 'dana@partner.example.evil.test' } })
      // exc-c14n drops comments, so the signature still verifies: a reader taking the first
      // text node would see dana@partner.example.
      const xml = good.xml.replace(
        '>dana@partner.example.evil.test<',
        `>dana@partner.example${splitter}.evil.test<`,
      )
      await expectRefused(s, await s.post(xml), 'comment_or_instruction')
    })
  }
})

describe('SAML conditions and confirmation', () => {
  const cases: [string, (s: Setup) => Build, string][] = [
    [
      'a wrong Audience',
      () => ({ assertion: { audiences: [['https://other.example/sp']] } }),
      'wrong_audience',
    ],
    [
      'an Audience that is only a prefix match',
      () => ({ assertion: { audiences: [[`${expected.spEntityId}/x`]] } }),
      'wrong_audience',
    ],
    [
      'a second restriction that leaves us out',
      () => ({ assertion: { audiences: [[expected.spEntityId], ['https://other.example/sp']] } }),
      'wrong_audience',
    ],
    [
      'a wrong Recipient',
      () => ({ assertion: { recipient: 'https://evil.example/acs' } }),
      'wrong_recipient',
    ],
    ['no Recipient', () => ({ assertion: { recipient: null } }), 'wrong_recipient'],
    [
      'a wrong Destination',
      () => ({ response: { destination: 'https://evil.example/acs' } }),
      'wrong_destination',
    ],
    ['no Destination', () => ({ response: { destination: null } }), 'wrong_destination'],
    ['a wrong Issuer', () => ({ assertion: { issuer: 'https://evil.example' } }), 'wrong_issuer'],
    [
      'an expired assertion',
      () => ({ assertion: { conditionsNotOnOrAfter: minutes(-2) } }),
      'expired',
    ],
    ['an expired confirmation', () => ({ assertion: { scdNotOnOrAfter: minutes(-2) } }), 'expired'],
    [
      'a not-yet-valid assertion',
      () => ({ assertion: { conditionsNotBefore: minutes(2) } }),
      'not_yet_valid',
    ],
    [
      'an assertion issued in the future',
      () => ({ assertion: { issueInstant: minutes(2) } }),
      'not_yet_valid',
    ],
    [
      'no upper bound on the conditions',
      () => ({ assertion: { conditionsNotOnOrAfter: null } }),
      'no_upper_bound',
    ],
    [
      'no upper bound on the confirmation',
      () => ({ assertion: { scdNotOnOrAfter: null } }),
      'no_upper_bound',
    ],
    [
      'an assertion issued too long ago',
      () => ({ assertion: { issueInstant: minutes(-20) } }),
      'too_old',
    ],
    [
      'a holder-of-key confirmation',
      () => ({ assertion: { method: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key' } }),
      'no_bearer_confirmation',
    ],
    [
      'a sender-vouches confirmation',
      () => ({ assertion: { method: 'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches' } }),
      'no_bearer_confirmation',
    ],
    ['no AuthnStatement', () => ({ assertion: { authnStatement: false } }), 'no_authn_statement'],
    [
      'a transient NameID',
      () => ({
        assertion: { nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' },
      }),
      'transient_subject',
    ],
    [
      'InResponseTo differing between Response and assertion',
      () => ({ assertion: { scdInResponseTo: newId() } }),
      'in_response_to_mismatch',
    ],
  ]
  for (const [name, build, reason] of cases) {
    it(`refuses ${name}`, async () => {
      const s = await setup()
      await expectRefused(s, await s.post(s.build(build(s)).xml), reason)
    })
  }

  it('refuses a signed Response whose Destination was changed', async () => {
    const s = await setup()
    const xml = s.build({
      signAssertion: null,
      signResponse: idpKey,
      response: { destination: 'https://evil.example/acs' },
    }).xml
    await expectRefused(s, await s.post(xml), 'wrong_destination')
  })

  it('refuses a plain assertion when assertions must be encrypted', async () => {
    const s = await setup({ encryptAssertions: true })
    await expectRefused(s, await s.post(s.build().xml), 'not_encrypted')
  })
})

describe('SAML InResponseTo and replay', () => {
  it('refuses an unknown InResponseTo', async () => {
    const s = await setup()
    const xml = s.build({}, newId()).xml
    await expectRefused(s, await s.post(xml), 'unknown_request')
  })

  it('refuses an InResponseTo whose request expired', async () => {
    let clock = Date.now()
    const s = await setup({}, await memoryStorage(() => clock))
    clock += 16 * 60_000
    await expectRefused(s, await s.post(s.build().xml), 'unknown_request')
  })

  it('refuses a second Response to the same request', async () => {
    const s = await setup()
    await expectSignedIn(s, await s.post(s.build().xml))
    const again = await postToAcs(s.bridge.app, 'partner', { SAMLResponse: base64(s.build().xml) })
    expect(again.status).toBe(400)
    expect(s.reason()).toBe('unknown_request')
  })

  it('refuses a used assertion replayed in a new envelope', async () => {
    const s = await setup()
    const first = s.build()
    await expectSignedIn(s, await s.post(first.xml))
    // The old signed assertion in a fresh, unsigned Response, as it was first delivered...
    const envelope = (inResponseTo: string) =>
      base64(responseXml({ ...first.response, id: newId(), inResponseTo }, first.signedAssertion))
    const replay = await postToAcs(s.bridge.app, 'partner', { SAMLResponse: envelope(s.requestId) })
    expect(replay.status).toBe(400)
    expect(s.reason()).toBe('replayed')
    // ...or re-addressed to a new request of the same browser: the signed InResponseTo differs.
    const second = await startSamlSignIn(s.browser, { prompt: 'login' })
    const rewrapped = await postToAcs(s.bridge.app, 'partner', {
      SAMLResponse: envelope(second.id),
    })
    expect(rewrapped.status).toBe(400)
    expect(s.reason()).toBe('in_response_to_mismatch')
  })

  it('refuses an unsolicited Response unless the connection opts in', async () => {
    const s = await setup()
    await expectRefused(s, await s.post(s.build({}, null).xml), 'unsolicited')
  })

  it("refuses a Response to one connection's request at another connection", async () => {
    const lines: string[] = []
    const base = samlConfig({
      entryPoint: `${IDP}/sso`,
      idpCert: idpKey.certificate,
      idpEntityId: IDP,
    })
    const second = { ...base.connections[2], id: 'partner-eu', domains: [] }
    const bridge = await createTestBridge({
      config: { ...base, connections: [...base.connections, second] },
      logger: createLogger('debug', (line) => lines.push(line)),
    })
    const browser = bridge.browser()
    const { id } = await startSamlSignIn(browser)
    // Everything addressed to partner-eu, but answering partner's request.
    const xml = buildResponse(
      { acsUrl: acsUrl('partner-eu'), spEntityId: spEntityId('partner-eu'), idpEntityId: IDP },
      id,
      { signAssertion: idpKey },
    ).xml
    const result = await deliverToAcs(bridge.app, browser, 'partner-eu', {
      SAMLResponse: base64(xml),
    })
    expect(result.acs.status).toBe(400)
    expect(
      lines.some((l) => l.includes('refused for connection partner-eu: wrong_connection')),
    ).toBe(true)
    expect(browser.cookies.has('ssobridge_session')).toBe(false)
  })
})

describe('SAML login CSRF', () => {
  it("refuses to finish, in the victim's browser, a sign-in the attacker started", async () => {
    const s = await setup()
    // The attacker's own valid Response, for the attacker's own request, posted by a page in
    // the victim's browser: the ACS accepts it, but the finish needs the starter's cookie.
    const victim = s.bridge.browser()
    const { acs, finish } = await deliverToAcs(s.bridge.app, victim, 'partner', {
      SAMLResponse: base64(s.build().xml),
    })
    expect(acs.status).toBe(303)
    expect(finish?.status).toBe(403)
    expect(victim.cookies.has('ssobridge_session')).toBe(false)
    expect(await s.users()).toBe(1)
  })
})

describe('SAML status', () => {
  it('a non-Success status with a decoy assertion signs nobody in and tells the site', async () => {
    const s = await setup()
    const xml = s.build({
      response: { status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' },
    }).xml
    const { acs, finish } = await s.post(xml)
    expect(acs.status).toBe(303)
    const delivered = readForm(await (finish as Response).text())
    expect(delivered.fields).toMatchObject({ error: 'access_denied', state: 'state-123' })
    expect(delivered.fields.token).toBeUndefined()
    expect(s.browser.cookies.has('ssobridge_session')).toBe(false)
    expect(await s.users()).toBe(1)
  })
})

describe('SAML parser and transport limits', () => {
  it('refuses a DOCTYPE, entity expansion and external entities', async () => {
    for (const dtd of [
      '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE samlp:Response>',
    ]) {
      const s = await setup()
      const xml = dtd + s.build().xml.replace('>dana-7f3a<', '>&b;<')
      await expectRefused(s, await s.post(xml), 'malformed')
    }
  })

  it('refuses a body over 1 MB', async () => {
    const s = await setup()
    const huge = 'A'.repeat(1024 * 1024 + 20_000)
    const result = await postToAcs(s.bridge.app, 'partner', { SAMLResponse: huge })
    expect(result.status).toBe(413)
    expect(await s.users()).toBe(1)
  })

  it('refuses malformed base64 and a missing SAMLResponse', async () => {
    const s = await setup()
    for (const fields of [{ SAMLResponse: 'not base64!' }, { SAMLResponse: 'PD94b%%' }, {}]) {
      const result = await postToAcs(s.bridge.app, 'partner', fields as Record<string, string>)
      expect(result.status).toBe(400)
    }
    // Valid base64 of something that is not XML at all.
    const garbage = await postToAcs(s.bridge.app, 'partner', { SAMLResponse: base64('hello') })
    expect(garbage.status).toBe(400)
    expect(s.reason()).toBe('malformed')
  })

  it('refuses a finish handle that is unknown or used', async () => {
    const s = await setup()
    const acs = await postToAcs(s.bridge.app, 'partner', { SAMLResponse: base64(s.build().xml) })
    const finishUrl = acs.headers.get('Location') as string
    expect((await s.browser.get(finishUrl)).status).toBe(200)
    expect((await s.browser.get(finishUrl)).status).toBe(400)
    expect((await s.browser.get('/connections/partner/saml/finish?r=nope')).status).toBe(400)
  })
})

describe('SAML sign-in like every other', () => {
  it('does not skip a second factor the connection requires', async () => {
    const s = await setup({ mfa: 'required' })
    const { acs, finish } = await s.post(s.build().xml)
    expect(acs.status).toBe(303)
    expect(finish?.status).toBe(303)
    expect(finish?.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
    expect(s.browser.cookies.has('ssobridge_session')).toBe(false)
  })

  it('is offered on the login page and found by the email domain', async () => {
    const bridge = await createTestBridge({
      config: samlConfig(
        { entryPoint: `${IDP}/sso`, idpCert: idpKey.certificate, idpEntityId: IDP },
        { shop: ['staff', 'partner'] },
      ),
    })
    const browser = bridge.browser()
    const start = await browser.get('/authorize?app=shop&state=s1')
    const page = await browser.get(start.headers.get('Location') as string)
    const html = await page.text()
    expect(html).toContain('Continue with Partner Inc')
    expect(html).toMatch(/href="\/connections\/partner\/start\?tx=[^"]+"/)
    const form = readForm(html)
    const routed = await browser.post('/login', {
      ...form.fields,
      email: 'dana@partner.example',
      action: 'sign-in',
    })
    const body = await routed.text()
    // Home-realm discovery leaves for the connection's start URL (by a page or a redirect).
    const next =
      routed.headers.get('Location') ?? /\/connections\/partner\/start\?[^"]+/.exec(body)?.[0]
    expect(next).toMatch(/\/connections\/partner\/start\?/)
  })
})
