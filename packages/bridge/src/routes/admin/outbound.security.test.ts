/**
 * URLs an admin gives never reach the bridge's own network: the Check and the SAML metadata
 * fetch refuse loopback and private targets without the connection's opt-in, answer a refused
 * target like one that does not answer, and a read-only key makes the bridge fetch nothing.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateCertifiedKeyPair } from '../../keys/self-signed-certificate.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'

const { certificate } = generateCertifiedKeyPair('idp.test')
const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.test/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate.replace(/-----[^-]+-----|\s/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`

/** An IdP on loopback that answers discovery and metadata, and counts what it is asked. */
let hits: string[] = []
let idpUrl = ''
const idp = createServer((req, res) => {
  hits.push(req.url ?? '')
  if (req.url === '/metadata') {
    res.writeHead(200, { 'Content-Type': 'application/samlmetadata+xml' })
    return void res.end(metadata)
  }
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ issuer: idpUrl, authorization_endpoint: `${idpUrl}/auth` }))
})
beforeAll(async () => {
  await new Promise<void>((done) => idp.listen(0, '127.0.0.1', done))
  idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((done) => idp.close(() => done())))
beforeEach(() => {
  hits = []
})

const oidc = (id: string, issuer: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'oidc',
  issuer,
  clientId: 'bridge',
  clientSecret: 'upstream-secret',
  timeoutSeconds: 1,
  dangerouslyAllowHttpIssuer: true,
  ...extra,
})

describe('outbound requests from the admin API', () => {
  it('the Check refuses loopback and private issuers and answers as for a silent host', async () => {
    const { call } = await apiBridge()
    const targets = {
      // Up and answering, but on loopback without the opt-in.
      loopback: oidc('loopback', idpUrl),
      // A private address (refused before any packet leaves).
      private: oidc('intranet', 'https://10.255.255.1', { dangerouslyAllowHttpIssuer: false }),
      // Allowed by the opt-in, but nothing listens: a plain unreachable target.
      closed: oidc('closed', 'http://127.0.0.1:1', { dangerouslyAllowPrivateNetwork: true }),
    }
    const answers: Record<string, { json: Record<string, unknown>; ms: number }> = {}
    for (const [name, connection] of Object.entries(targets)) {
      expect((await call('POST', '/connections', { body: connection })).status).toBe(201)
      const started = performance.now()
      const { status, json } = await call('POST', `/connections/${connection.id}/check`)
      expect(status).toBe(200)
      answers[name] = { json, ms: performance.now() - started }
    }
    expect(hits).toEqual([])
    const shape = (json: Record<string, unknown>) => ({
      ...json,
      description: String(json.description).replace(/https?:\/\/[^ ]+/, 'ORIGIN'),
    })
    for (const { json, ms } of Object.values(answers)) {
      expect(json).toMatchObject({ ok: false, error: 'unreachable' })
      expect(shape(json)).toEqual(shape(answers.closed!.json))
      // Each waits out the connection's timeout: a refusal is not faster than a silent host.
      expect(ms).toBeGreaterThanOrEqual(950)
    }

    // With the opt-in, the same loopback IdP is checked.
    await call('PATCH', '/connections/loopback', { body: { dangerouslyAllowPrivateNetwork: true } })
    const allowed = await call('POST', '/connections/loopback/check')
    expect(allowed.json).toMatchObject({ ok: true, issuer: idpUrl })
    expect(hits).toEqual(['/.well-known/openid-configuration'])
  })

  it('fetches SAML metadata for a key that may write, never for a read-only key', async () => {
    const { call, key } = await apiBridge()
    for (const [id, optIn] of [
      ['partner', true],
      ['strict', false],
    ] as const) {
      const created = await call('POST', '/connections', {
        body: {
          id,
          type: 'saml',
          idpMetadataUrl: `${idpUrl}/metadata`,
          dangerouslyAllowHttpMetadataUrl: true,
          dangerouslyAllowPrivateNetwork: optIn || undefined,
          timeoutSeconds: 1,
        },
      })
      expect(created.status).toBe(201)
    }
    const reader = await key(['connections:read'])
    const read = await call('GET', '/connections/partner', { key: reader })
    expect(read.status).toBe(200)
    expect(read.json.samlMetadata).toBeUndefined()
    expect(hits).toEqual([])

    const writer = await key(['connections:write'])
    const written = await call('GET', '/connections/partner', { key: writer })
    expect(written.json.samlMetadata).toMatchObject({ entityId: 'https://idp.test/saml' })
    expect(hits).toEqual(['/metadata'])

    // Without the opt-in, a loopback metadata URL is refused even for a writer.
    const strict = await call('GET', '/connections/strict', { key: writer })
    expect(strict.status).toBe(200)
    expect(strict.json.samlMetadata).toBeUndefined()
    expect(hits).toEqual(['/metadata'])
  })
})
