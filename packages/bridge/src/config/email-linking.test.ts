/** The config file's `linkByVerifiedEmail` pairs, the old boolean, and names without controls. */
import { describe, expect, it } from 'vitest'
import { generateCertifiedKeyPair } from '../keys/self-signed-certificate.js'
import { testConfig, testEnv } from '../testing/bridge-fixture.js'
import {
  emailTrustChange,
  legacyLinking,
  LINK_BOOLEAN_MESSAGE,
  LOCAL_TARGET_MESSAGE,
} from './email-linking.js'
import { ConfigError, parseConfig } from './load-config.js'

const oidc = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'oidc',
  issuer: `https://${id}.example`,
  clientId: 'ssobridge',
  clientSecret: 'a-client-secret',
  ...extra,
})

function withConnections(...extra: Record<string, unknown>[]) {
  const base = testConfig()
  return { ...base, connections: [...base.connections, ...extra] }
}

function issues(raw: unknown): string[] {
  try {
    parseConfig(raw, testEnv)
  } catch (error) {
    if (error instanceof ConfigError) return error.issues
    throw error
  }
  return []
}

describe('linkByVerifiedEmail in the config file', () => {
  it('takes the ids of other upstream connections', () => {
    const config = parseConfig(
      withConnections(oidc('corp', { linkByVerifiedEmail: ['acquired'] }), oidc('acquired')),
      testEnv,
    )
    const corp = config.connections.find((c) => c.id === 'corp')
    expect(corp).toMatchObject({ linkByVerifiedEmail: ['acquired'] })
    // Left out or false: links nothing.
    expect(config.connections.find((c) => c.id === 'acquired')).toMatchObject({
      linkByVerifiedEmail: [],
    })
    const off = parseConfig(withConnections(oidc('corp', { linkByVerifiedEmail: false })), testEnv)
    expect(off.connections.find((c) => c.id === 'corp')).toMatchObject({ linkByVerifiedEmail: [] })
  })

  it('refuses the old `true` (any connection) and names the new form', () => {
    expect(issues(withConnections(oidc('corp', { linkByVerifiedEmail: true })))).toEqual([
      `connections[2].linkByVerifiedEmail: ${LINK_BOOLEAN_MESSAGE}`,
    ])
    expect(LINK_BOOLEAN_MESSAGE).toContain('linkByVerifiedEmail: [corp]')
  })

  it('refuses a local connection, an unknown one, and itself', () => {
    expect(
      issues(withConnections(oidc('corp', { linkByVerifiedEmail: ['staff', 'nowhere', 'corp'] }))),
    ).toEqual([
      'connections[2].linkByVerifiedEmail[2]: is this connection itself',
      `connections[2].linkByVerifiedEmail[0]: ${LOCAL_TARGET_MESSAGE}`,
      'connections[2].linkByVerifiedEmail[1]: no connection with id "nowhere"',
    ])
  })

  it('holds SAML connections to the same rules', () => {
    const { certificate } = generateCertifiedKeyPair('idp.test')
    const saml = {
      id: 'partner',
      type: 'saml',
      entryPoint: 'https://idp.partner.example/sso',
      idpCert: certificate,
    }
    expect(issues(withConnections({ ...saml, linkByVerifiedEmail: true }))).toEqual([
      `connections[2].linkByVerifiedEmail: ${LINK_BOOLEAN_MESSAGE}`,
    ])
    expect(issues(withConnections({ ...saml, linkByVerifiedEmail: ['staff'] }))).toEqual([
      `connections[2].linkByVerifiedEmail[0]: ${LOCAL_TARGET_MESSAGE}`,
    ])
    expect(
      issues(withConnections({ ...saml, linkByVerifiedEmail: ['corp'] }, oidc('corp'))),
    ).toEqual([])
  })
})

describe('names in the config file', () => {
  const controls = ['\u001b[2J', '\u0007', '\u009b31m', 'a\nb', '\u007f']

  it.each(controls)('refuses app, connection and user names with %j', (control) => {
    const base = testConfig()
    const raw = {
      ...base,
      connections: [{ id: 'staff', type: 'local', name: `Staff${control}` }, base.connections[1]],
      apps: [{ ...base.apps[0], name: `Shop${control}` }, ...base.apps.slice(1)],
      users: [
        {
          ...base.users[0],
          name: `Alice${control}`,
          givenName: `A${control}`,
          familyName: `E${control}`,
        },
      ],
    }
    const message = 'must not contain control characters'
    expect(issues(raw)).toEqual([
      `connections[0].name: ${message}`,
      `apps[0].name: ${message}`,
      `users[0].name: ${message}`,
      `users[0].givenName: ${message}`,
      `users[0].familyName: ${message}`,
    ])
  })

  it('keeps names in any script, with accents and emoji', () => {
    const base = testConfig()
    const raw = {
      ...base,
      apps: [{ ...base.apps[0], name: 'Café 東京 👩‍💻' }, ...base.apps.slice(1)],
    }
    expect(issues(raw)).toEqual([])
  })
})

describe('stored connections', () => {
  it('names those still holding the old boolean, which link nothing', () => {
    expect(
      legacyLinking([
        { id: 'a', linkByVerifiedEmail: true },
        { id: 'b', linkByVerifiedEmail: ['a'] },
        { id: 'c', linkByVerifiedEmail: false },
      ]),
    ).toEqual(['a'])
    // Dropping the old true changes no trust: it linked nothing already.
    expect(
      emailTrustChange(
        { type: 'oidc', linkByVerifiedEmail: true },
        { type: 'oidc', linkByVerifiedEmail: [] },
      ),
    ).toBeUndefined()
  })

  it('counts the email claim as trust only when the connection links', () => {
    const oidc = (extra: Record<string, unknown>) => ({ type: 'oidc', ...extra })
    expect(emailTrustChange(oidc({}), oidc({ claims: { email: 'upn' } }))).toBeUndefined()
    expect(
      emailTrustChange(
        oidc({ linkByVerifiedEmail: ['b'] }),
        oidc({ linkByVerifiedEmail: ['b'], claims: { email: 'upn' } }),
      ),
    ).toEqual({
      before: { linkByVerifiedEmail: ['b'], emailVerifiedClaim: null, emailClaim: null },
      after: { linkByVerifiedEmail: ['b'], emailVerifiedClaim: null, emailClaim: 'upn' },
    })
  })
})
