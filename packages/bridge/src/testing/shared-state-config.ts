/**
 * One config with a site for every family of shared state the two-process tests check: the test
 * config's password sign-in, a code-delivery app (integration-fixture), the OpenID Provider's
 * clients (op-fixture), an app that demands TOTP, and an app behind a SAML connection.
 */
import type { CertifiedKeyPair } from '../keys/self-signed-certificate.js'
import { ALICE, testConfig, testEnv } from './bridge-fixture.js'
import { integrationConfig } from './integration-fixture.js'
import { opApps } from './op-fixture.js'

export const BANK_CALLBACK = 'http://127.0.0.1:4009/cb'
export const EXTRANET_CALLBACK = 'http://127.0.0.1:4013/saml-site/callback'
export const SAML_IDP = 'https://idp.partner.example'

/** Own accounts, so that throttling one or enrolling TOTP for one changes no other test. */
export const BOB = { email: 'bob@example.com', password: ALICE.password }
export const CAROL = { email: 'carol@example.com', password: ALICE.password }
export const DAVE = { email: 'dave@example.com', password: ALICE.password }

export function sharedStateConfig(idpKey: CertifiedKeyPair) {
  const base = integrationConfig()
  const [alice] = testConfig().users
  return {
    ...base,
    connections: [
      ...base.connections,
      {
        id: 'partner',
        type: 'saml',
        entryPoint: `${SAML_IDP}/sso`,
        idpCert: idpKey.certificate,
        idpEntityId: SAML_IDP,
      },
    ],
    apps: [
      ...base.apps,
      // Its `notes` is the integration config's too.
      ...opApps.filter((app) => app.id === 'crm'),
      {
        id: 'bank',
        callbackUrls: [BANK_CALLBACK],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        requireMfa: true,
      },
      {
        id: 'extranet',
        callbackUrls: [EXTRANET_CALLBACK],
        connections: ['partner'],
        signing: { alg: 'ES256' },
      },
    ],
    users: [
      alice,
      ...[BOB, CAROL, DAVE].map(({ email }) => ({
        email,
        password: 'env:ALICE_PASSWORD',
        connection: 'staff',
      })),
    ],
  }
}

export const sharedStateEnv = testEnv
