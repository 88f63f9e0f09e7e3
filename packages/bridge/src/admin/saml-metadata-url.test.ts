/** The console shows a SAML IdP whose metadata comes from a URL, fetched as sign-ins fetch it. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCertifiedKeyPair } from '../keys/self-signed-certificate.js'
import { createTestBridge, ISSUER } from '../testing/bridge-fixture.js'
import { createAdminServices } from './services.js'
import { allowIdentityChange } from './connections.js'

const actor = { type: 'admin', id: 'a1', label: 'root@example.com' } as const
const { certificate } = generateCertifiedKeyPair('idp.test')
const body = certificate.replace(/-----[^-]+-----|\s/g, '')
const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.test/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`

let url = ''
const server = createServer((req, res) => {
  if (req.url === '/metadata') {
    res.writeHead(200, { 'Content-Type': 'application/samlmetadata+xml' })
    res.end(metadata)
  } else {
    res.writeHead(404)
    res.end()
  }
})
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

describe('SAML metadata from a URL in the console', () => {
  it('fetches it and shows entity ID, SSO URL and certificate fingerprints with expiry', async () => {
    const bridge = await createTestBridge()
    const { storage, box, keystore } = bridge.services
    const admin = createAdminServices({
      storage,
      box,
      keystore,
      issuer: ISSUER,
      embed: bridge.services.embed,
    })
    await admin.connections.create(
      actor,
      {
        id: 'partner',
        type: 'saml',
        idpMetadataUrl: `${url}/metadata`,
        dangerouslyAllowHttpMetadataUrl: true,
        dangerouslyAllowPrivateNetwork: true,
      },
      { identityChange: allowIdentityChange },
    )
    const summary = await admin.connections.samlMetadata('partner')
    expect(summary).toMatchObject({
      entityId: 'https://idp.test/saml',
      ssoUrl: 'https://idp.test/sso',
    })
    expect(summary?.certificates).toHaveLength(1)
    expect(summary?.certificates[0]).toMatchObject({
      expired: false,
      sha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    })

    await admin.connections.create(
      actor,
      {
        id: 'gone',
        type: 'saml',
        idpMetadataUrl: `${url}/nothing-here`,
        dangerouslyAllowHttpMetadataUrl: true,
        dangerouslyAllowPrivateNetwork: true,
      },
      { identityChange: allowIdentityChange },
    )
    await expect(admin.connections.samlMetadata('gone')).rejects.toThrow()
  })
})
