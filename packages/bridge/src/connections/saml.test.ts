/** SAML configuration, IdP metadata, attribute mapping and the SP key, without an IdP. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { applyConfig } from '../config/apply-config.js'
import { ConfigError, loadConfigFile, parseConfig } from '../config/load-config.js'
import { createSecretBox } from '../keys/secret-box.js'
import { generateCertifiedKeyPair } from '../keys/self-signed-certificate.js'
import { silentLogger } from '../logger.js'
import { memoryStorage, testEnv } from '../testing/bridge-fixture.js'
import { samlConfig } from '../testing/saml-flow.js'
import { mapSamlIdentity } from './saml-attributes.js'
import { createIdpResolver } from './saml-idp.js'
import { normalizeCertificate, parseIdpMetadata } from './saml-metadata.js'
import { samlSpKey } from './saml-sp-key.js'
import type { SamlConnection } from '../domain/connections.js'

const idp = generateCertifiedKeyPair('idp')
const next = generateCertifiedKeyPair('idp next')
const body = (pem: string) => normalizeCertificate(pem)

function metadata(options: { entityId?: string; certs?: string[]; encryption?: string } = {}) {
  const keys = (options.certs ?? [idp.certificate])
    .map(
      (c) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body(c)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('')
  const encryption = options.encryption
    ? `<md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body(options.encryption)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
    : ''
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${options.entityId ?? 'https://idp.example/saml'}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${keys}${encryption}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
}

const issues = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error.issues
    throw error
  }
  return []
}

describe('SAML IdP metadata', () => {
  it('reads the entity ID, the HTTP-Redirect SSO URL and every signing certificate', () => {
    const parsed = parseIdpMetadata(
      metadata({ certs: [idp.certificate, next.certificate], encryption: next.certificate }),
    )
    expect(parsed).toEqual({
      entityId: 'https://idp.example/saml',
      ssoUrl: 'https://idp.example/sso',
      certs: [body(idp.certificate), body(next.certificate)],
    })
  })

  it('picks the IdP by entity ID in an aggregate, and refuses to guess between several', () => {
    const aggregate = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${[
      metadata({ entityId: 'https://a.example' }),
      metadata({ entityId: 'https://b.example' }),
    ]
      .map((m) => m.replace('<?xml version="1.0"?>', ''))
      .join('')}</md:EntitiesDescriptor>`
    expect(parseIdpMetadata(aggregate, 'https://b.example').entityId).toBe('https://b.example')
    expect(() => parseIdpMetadata(aggregate)).toThrow(/several IdPs/)
  })

  it('refuses a DOCTYPE, no certificate, and things that are not metadata', () => {
    expect(() => parseIdpMetadata('<!DOCTYPE x>' + metadata())).toThrow(/DOCTYPE/)
    expect(() => parseIdpMetadata(metadata({ certs: [] }))).toThrow(/no signing certificate/)
    expect(() => parseIdpMetadata('<html/>')).toThrow(/not SAML metadata/)
  })
})

describe('SAML connection config', () => {
  it('accepts inline metadata, a metadata file next to the config, or entryPoint + certificates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssobridge-saml-'))
    writeFileSync(join(dir, 'idp.xml'), metadata())
    const file = join(dir, 'ssobridge.json')
    writeFileSync(file, JSON.stringify(samlConfig({ idpMetadata: './idp.xml' })))
    const fromFile = loadConfigFile(file, testEnv).connections[2]
    expect(fromFile).toMatchObject({ type: 'saml', idpMetadata: metadata() })
    const inline = parseConfig(samlConfig({ idpMetadata: metadata() }), testEnv).connections[2]
    expect(inline).toMatchObject({
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      clockSkewSeconds: 60,
      trustEmail: false,
      signAuthnRequests: false,
    })
    const manual = parseConfig(
      samlConfig({
        entryPoint: 'https://idp.example/sso',
        idpCert: [idp.certificate, next.certificate],
      }),
      testEnv,
    ).connections[2]
    expect(manual).toMatchObject({ idpCert: [body(idp.certificate), body(next.certificate)] })
  })

  it('reports every bad field with its path', () => {
    expect(issues(() => parseConfig(samlConfig({}), testEnv))).toEqual([
      'connections[2].idpMetadata: give idpMetadata, idpMetadataUrl, or entryPoint with idpCert',
    ])
    expect(
      issues(() => parseConfig(samlConfig({ idpMetadata: './missing.xml' }), testEnv)),
    ).toEqual(['connections[2].idpMetadata: cannot read the metadata file ./missing.xml (ENOENT)'])
    expect(
      issues(() =>
        parseConfig(
          samlConfig({ entryPoint: 'https://idp.example/sso', idpCert: 'not a certificate' }),
          testEnv,
        ),
      ),
    ).toContain('connections[2].idpCert[0]: must be an X.509 certificate (PEM or base64)')
    expect(
      issues(() =>
        parseConfig(samlConfig({ idpMetadata: metadata(), clockSkewSeconds: 300 }), testEnv),
      ),
    ).toEqual([expect.stringMatching(/^connections\[2\]\.clockSkewSeconds: /)])
    const bad = issues(() =>
      parseConfig(
        samlConfig({
          idpMetadataUrl: 'http://idp.example/metadata',
          dangerouslyAllowIdpInitiated: { app: 'partner-portal' },
        }),
        testEnv,
      ),
    )
    expect(bad).toEqual([
      'connections[2].idpMetadataUrl: must use https (http only on loopback with dangerouslyAllowHttpMetadataUrl: true)',
      'connections[2].dangerouslyAllowIdpInitiated.app: no app "partner-portal" of this file uses this connection',
    ])
  })

  it('applies idempotently', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const config = parseConfig(
      samlConfig({ idpMetadata: metadata(), domains: ['partner.example'] }),
      testEnv,
    )
    expect(await applyConfig(storage, box, config)).toContain('created connection partner')
    expect(await applyConfig(storage, box, config)).toEqual([])
  })
})

describe('SAML attribute mapping', () => {
  it('understands Entra ID / ADFS claim URIs', () => {
    const claims = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims'
    const identity = mapSamlIdentity(
      {
        subject: 'oid-1',
        nameId: 'oid-1',
        authnContext: 'http://schemas.microsoft.com/claims/multipleauthn',
        attributes: {
          [`${claims}/emailaddress`]: ['ana@corp.example'],
          [`${claims}/givenname`]: ['Ana'],
          [`${claims}/surname`]: ['Lopez'],
          'http://schemas.microsoft.com/identity/claims/displayname': ['Ana Lopez'],
          'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': ['g1', 'g2'],
        },
      },
      { mapping: {}, trustEmail: true },
    )
    expect(identity).toEqual({
      subject: 'oid-1',
      email: 'ana@corp.example',
      emailVerified: true,
      name: 'Ana Lopez',
      givenName: 'Ana',
      familyName: 'Lopez',
      groups: ['g1', 'g2'],
      amr: ['mfa'],
    })
  })

  it('falls back to an email-shaped NameID, and builds a name from its parts', () => {
    const identity = mapSamlIdentity(
      {
        subject: 'bo@corp.example',
        nameId: 'bo@corp.example',
        attributes: { firstName: ['Bo'], lastName: ['Chen'] },
      },
      { mapping: {}, trustEmail: false },
    )
    expect(identity).toMatchObject({
      email: 'bo@corp.example',
      emailVerified: false,
      name: 'Bo Chen',
    })
  })

  it('uses exactly the attribute the admin names, and no fallback for it', () => {
    const identity = mapSamlIdentity(
      {
        subject: 'x@corp.example',
        nameId: 'x@corp.example',
        attributes: { mail: ['a@corp.example'], upn: ['u@corp.example'] },
      },
      { mapping: { email: 'upn' }, trustEmail: false },
    )
    expect(identity.email).toBe('u@corp.example')
    const none = mapSamlIdentity(
      { subject: 'x@corp.example', nameId: 'x@corp.example', attributes: {} },
      { mapping: { email: 'upn' }, trustEmail: false },
    )
    expect(none.email).toBeUndefined()
  })
})

describe('SAML IdP metadata by URL', () => {
  const connection = (updatedAt = 1): SamlConnection =>
    ({
      ...parseConfig(samlConfig({ idpMetadataUrl: 'https://idp.example/metadata' }), testEnv)
        .connections[2],
      name: 'Partner',
      mfa: 'off',
      updatedAt,
    }) as SamlConnection

  it('is fetched once an hour, and the last good copy serves while the IdP is down', async () => {
    let clock = 0
    let calls = 0
    let up = true
    const resolver = createIdpResolver({
      logger: silentLogger,
      now: () => clock,
      fetch: (async () => {
        calls++
        if (!up) throw new TypeError('fetch failed')
        return new Response(metadata(), { status: 200 })
      }) as typeof fetch,
    })
    const first = await resolver.resolve(connection())
    expect(first.ssoUrl).toBe('https://idp.example/sso')
    await resolver.resolve(connection())
    expect(calls).toBe(1)
    clock += 61 * 60_000
    up = false
    expect((await resolver.resolve(connection())).certs).toEqual(first.certs)
    expect(calls).toBe(2)
    // An edited connection never uses a copy fetched for its old version.
    await expect(resolver.resolve(connection(2))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    })
  })

  it('refuses a redirect, an error status or an oversized document', async () => {
    for (const response of [
      new Response(null, { status: 302, headers: { Location: 'http://evil.example/' } }),
      new Response('nope', { status: 500 }),
      new Response('x'.repeat(1024 * 1024 + 1), { status: 200 }),
    ]) {
      const resolver = createIdpResolver({
        logger: silentLogger,
        fetch: (async () => response) as typeof fetch,
      })
      await expect(resolver.resolve(connection())).rejects.toMatchObject({ code: 'upstream_error' })
    }
  })
})

describe('the SP key', () => {
  it('is made once, sealed at rest, and the same for every caller', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const [a, b] = await Promise.all([
      samlSpKey(storage, box, 'partner'),
      samlSpKey(storage, box, 'partner'),
    ])
    expect(a.privateKey).toBe(b.privateKey)
    expect(a.privateKey).toContain('BEGIN PRIVATE KEY')
    const stored = JSON.stringify(await storage.get('saml-sp-key', 'partner'))
    expect(stored).not.toContain('PRIVATE KEY')
    expect(stored).toContain('BEGIN CERTIFICATE')
    expect((await samlSpKey(storage, box, 'partner')).privateKey).toBe(a.privateKey)
  })
})
