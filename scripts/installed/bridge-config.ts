/**
 * The installed test's bridge config, a YAML file as a user writes one: a local connection with
 * a seed user, a SAML connection from inline IdP metadata, an HS256 app (site A) with a webhook
 * endpoint on site A itself, an ES256 app (site B) and an OpenID Connect client. Secrets stay in
 * the environment (`env:NAME`). The local connection lets members sign up and sign in by emailed
 * code or link, over the test's SMTP capture (its URL holds no password, so it is written as is).
 */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateCertifiedKeyPair } from '@ssobridge/bridge'

export interface BridgeSetup {
  configPath: string
  /** The variables the file's `env:` secrets name. */
  env: Record<string, string>
  alice: { email: string; password: string }
  /** Site A's name, as the bridge's emails to its members say it. */
  siteAName: string
  apps: { siteA: string; siteB: string; oidc: string; forum: string }
  saml: { connection: string; name: string; ssoUrl: string }
  oidcCallback: string
}

export function writeBridgeConfig(
  dir: string,
  urls: { bridge: string; siteA: string; siteB: string; samlIdp: string; smtp: string },
): BridgeSetup {
  const alice = { email: 'alice@example.com', password: randomBytes(12).toString('base64url') }
  const siteAName = 'Site A'
  const siteASecret = randomBytes(32).toString('base64url')
  // Standard Webhooks: whsec_ and the base64 of the key's bytes.
  const siteAWebhookSecret = `whsec_${randomBytes(32).toString('base64')}`
  const forumSecret = randomBytes(24).toString('hex')
  const idpEntityId = `${urls.samlIdp}/saml/metadata`
  const ssoUrl = `${urls.samlIdp}/saml/sso`
  const oidcCallback = `${urls.siteB}/oidc/callback`
  const certificate = generateCertifiedKeyPair('installed-test-idp', 30)
    .certificate.replace(/-----[^-]+-----/g, '')
    .replace(/\s+/g, '')
  const metadata = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${idpEntityId}">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor use="signing">
      <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">
        <X509Data><X509Certificate>${certificate}</X509Certificate></X509Data>
      </KeyInfo>
    </KeyDescriptor>
    <NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</NameIDFormat>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>
  </IDPSSODescriptor>
</EntityDescriptor>`
  const indented = (text: string, spaces: number) =>
    text.replace(/^/gm, ' '.repeat(spaces)).trimEnd()

  const yaml = `# Written by scripts/installed/bridge-config.ts for one run of the installed test.
issuer: ${urls.bridge}
smtp:
  url: ${urls.smtp}
  from: "Installed test <sso@localhost>"
connections:
  - { id: staff, type: local, signup: open, passwordless: both }
  - id: partner
    type: saml
    name: Partner Inc
    domains: [partner.example]
    idpMetadata: |
${indented(metadata, 6)}
apps:
  - id: site-a
    name: ${siteAName}
    callbackUrls: [${urls.siteA}/sso/callback]
    connections: [staff]
    signing: { alg: HS256, secret: env:SITE_A_SSO_SECRET }
    webhooks:
      - id: site-a
        url: ${urls.siteA}/webhooks
        secret: env:SITE_A_WEBHOOK_SECRET
        events: [session.started, session.ended, user.updated]
        dangerouslyAllowPrivateNetwork: true   # site A is on 127.0.0.1: refused without it
  - id: site-b
    name: Site B
    callbackUrls: [${urls.siteB}/sso/callback]
    connections: [staff]
    signing: { alg: ES256 }
  - id: crm
    name: CRM
    callbackUrls: [${oidcCallback}]
    connections: [staff, partner]
    signing: { alg: ES256 }
    oidc: true
  - id: forum
    name: Forum
    preset: discourse
    callbackUrls: [${urls.siteA}/session/sso_login]
    connections: [staff]
    signing: { secret: env:FORUM_CONNECT_SECRET }
users:
  - { email: ${alice.email}, name: Alice Example, password: env:ALICE_PASSWORD, connection: staff }
`
  const configPath = join(dir, 'ssobridge.yaml')
  writeFileSync(configPath, yaml)
  return {
    configPath,
    env: {
      SITE_A_SSO_SECRET: siteASecret,
      SITE_A_WEBHOOK_SECRET: siteAWebhookSecret,
      FORUM_CONNECT_SECRET: forumSecret,
      ALICE_PASSWORD: alice.password,
    },
    alice,
    siteAName,
    apps: { siteA: 'site-a', siteB: 'site-b', oidc: 'crm', forum: 'forum' },
    saml: { connection: 'partner', name: 'Partner Inc', ssoUrl },
    oidcCallback,
  }
}
