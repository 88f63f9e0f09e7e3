/**
 * The whole demo: a bridge on localhost and two independent sites on 127.0.0.1 (so they are
 * cross-site to the bridge, as in real life), and a mailbox that catches every email the bridge
 * sends. Used by `npm start`, the e2e tests and the benchmarks.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfigFile, startBridge, type Logger } from '@ssobridge/bridge'
import { startOidcIdp } from '@ssobridge/demo-idp-oidc'
import { startSamlIdp } from '@ssobridge/demo-idp-saml'
import { startMailbox } from '@ssobridge/demo-mailbox'
import { startForum } from '@ssobridge/demo-forum'
import { startDemoSite } from '@ssobridge/demo-site-kit'
import { startShop } from '@ssobridge/demo-shop'
import { startAcademy, startCommunity, startStore } from '@ssobridge/demo-platform'
import { startStaticSite } from '@ssobridge/demo-static'
import { startSpa } from '@ssobridge/demo-spa'

export interface DemoStackOptions {
  dataDir: string
  bridgePort: number
  shopPort: number
  forumPort: number
  /** A third site that requires MFA for every sign-in (step-up from shop or forum). */
  vaultPort: number
  /** The demo's upstream OpenID Provider ("Example Corp"). */
  oidcIdpPort: number
  /** The demo's upstream SAML IdP ("Partner Inc"). */
  samlIdpPort: number
  /** The Gazette: a static page with the script tag only (code delivery). */
  staticPort: number
  /** Academy: a Thinkific-style platform that takes a JWT at its own SSO URL. */
  platformPort: number
  /** Community: a Discourse-style forum that signs in through DiscourseConnect. */
  communityPort: number
  /** Store: a BigCommerce-style storefront (Customer Login JWT in the path, Customers v3 API). */
  storePort: number
  /** Notes: a single-page app using the bridge as its OpenID Provider (oidc-client-ts). */
  spaPort: number
  /** The mailbox's SMTP server: the bridge sends every email there. */
  mailboxSmtpPort: number
  /** The mailbox's page, listing what it received. */
  mailboxPort: number
  databaseUrl?: string
  logger?: Logger
}

const demoSecretNames = [
  'SHOP_SSO_SECRET',
  'ALICE_PASSWORD',
  'CORP_OIDC_SECRET',
  'CAROL_PASSWORD',
  'DANA_PASSWORD',
  'ACADEMY_API_KEY',
  'COMMUNITY_CONNECT_SECRET',
  'STORE_CLIENT_SECRET',
  'STORE_API_TOKEN',
  'ERIN_PASSWORD',
  'SHOP_WEBHOOK_SECRET',
] as const
type DemoSecrets = Record<(typeof demoSecretNames)[number], string>

/** The demo IdP's one user; her email domain routes her there from the bridge's login page. */
export const carol = {
  id: 'carol-0001',
  email: 'carol@corp.example',
  emailVerified: true,
  name: 'Carol Corp',
  givenName: 'Carol',
  familyName: 'Corp',
  groups: ['staff'],
}

/**
 * Erin has an account in the local store and one at the demo IdP, with one email: her first
 * "Continue with Example Corp" meets the account link prompt (docs/account-linking.md).
 */
export const erin = {
  id: 'erin-0005',
  email: 'erin@example.com',
  emailVerified: true,
  name: 'Erin Example',
  givenName: 'Erin',
  familyName: 'Example',
}

/** The SAML IdP's one user; partner.example routes her there from the bridge's login page. */
export const dana = {
  id: 'dana-7f3a',
  email: 'dana@partner.example',
  displayName: 'Dana Partner',
  givenName: 'Dana',
  surname: 'Partner',
  groups: ['buyers'],
}

/** Store's API account: the client ID (the token's iss) and store hash are not secrets. */
export const demoStore = { clientId: 'ssobridge-demo-store', storeHash: 'demo1234' }

type DemoUrls = {
  bridge: string
  shop: string
  forum: string
  vault: string
  oidcIdp: string
  samlIdp: string
  gazette: string
  academy: string
  community: string
  store: string
  notes: string
}

const demoConfig = (
  urls: DemoUrls,
) => `# Seeded by the demo on first run. Edit it, then restart (or: npx ssobridge apply FILE).
issuer: ${urls.bridge}
connections:
  - { id: staff, type: local, name: Example staff, signup: open, passwordless: both }   # anyone may create an account; email codes and magic links
  - id: corp
    type: oidc
    name: Example Corp
    issuer: ${urls.oidcIdp}
    clientId: ssobridge-demo
    clientSecret: env:CORP_OIDC_SECRET
    domains: [corp.example]
    dangerouslyAllowHttpIssuer: true   # the demo IdP runs on this machine, over plain http
    dangerouslyAllowPrivateNetwork: true   # ... on 127.0.0.1, which production refuses
  - id: partner
    type: saml
    name: Partner Inc
    idpMetadataUrl: ${urls.samlIdp}/metadata
    domains: [partner.example]
    dangerouslyAllowHttpMetadataUrl: true   # the demo IdP runs on this machine, over plain http
    dangerouslyAllowPrivateNetwork: true   # ... on 127.0.0.1, which production refuses
apps:
  - id: shop
    name: Shop
    callbackUrls: [${urls.shop}/sso/callback]
    connections: [staff, corp, partner]
    signing: { alg: HS256, secret: env:SHOP_SSO_SECRET }
    backchannelLogoutUrl: ${urls.shop}/sso/backchannel-logout   # told when the user signs out anywhere
    dangerouslyAllowPrivateNetwork: true   # the demo site is on 127.0.0.1
    webhooks:                            # signed lifecycle events (docs/webhooks.md); the shop lists them at /events
      - id: shop-events
        url: ${urls.shop}/webhooks
        secret: env:SHOP_WEBHOOK_SECRET
        dangerouslyAllowPrivateNetwork: true   # the demo site is on 127.0.0.1, which production refuses
  - id: forum
    name: Forum
    callbackUrls: [${urls.forum}/sso/callback]
    connections: [staff, corp, partner]
    signing: { alg: ES256 }
    tokenTtl: 120
    backchannelLogoutUrl: ${urls.forum}/sso/backchannel-logout
    dangerouslyAllowPrivateNetwork: true
  - id: gazette
    name: The Gazette
    callbackUrls: [${urls.gazette}/]     # a static page: the script redeems a one-time code
    connections: [staff, corp, partner]
    signing: { alg: ES256 }
    delivery: code
  - id: academy
    name: Academy
    preset: thinkific                    # HS256 with the platform's API key, its claims, query delivery
    callbackUrls: [${urls.academy}/api/sso/v2/sso/jwt]
    errorUrl: ${urls.academy}/sso-error
    connections: [staff, corp, partner]
    signing: { alg: HS256, secret: env:ACADEMY_API_KEY }
  - id: community
    name: Community
    preset: discourse                    # DiscourseConnect: the forum starts with sso+sig, the answer is signed back
    callbackUrls: [${urls.community}/session/sso_login]
    connections: [staff, corp, partner]
    signing: { secret: env:COMMUNITY_CONNECT_SECRET }   # the forum's discourse_connect_secret
  - id: store
    name: Store
    preset: bigcommerce                  # Customer Login JWT in the path; customer_id from the Customers API
    callbackUrls: [${urls.store}/login/token/]
    connections: [staff, corp, partner]
    signing: { secret: env:STORE_CLIENT_SECRET }        # the API account's client secret
    platform:
      clientId: ${demoStore.clientId}
      storeHash: ${demoStore.storeHash}
      apiToken: env:STORE_API_TOKEN
      createCustomers: true              # a new user gets a store customer at the first sign-in
      apiUrl: ${urls.store}              # the demo store serves its own API (production: https://api.bigcommerce.com)
    dangerouslyAllowPrivateNetwork: true   # the demo store (and its API) is on 127.0.0.1
  - id: notes
    name: Notes
    callbackUrls: [${urls.notes}/]       # a single-page app: the bridge is its OpenID Provider
    connections: [staff, corp, partner]
    signing: { alg: ES256 }
    oidc:                                # a public client (no secret): code + PKCE
      postLogoutRedirectUris: [${urls.notes}/]
      refreshTokens: true
  - id: vault
    name: Vault
    callbackUrls: [${urls.vault}/sso/callback]
    connections: [staff, corp]
    signing: { alg: ES256 }
    requireMfa: true                   # a second factor for every sign-in here, whatever the connection
smtp:                                  # where the bridge sends email (docs/email.md)
  url: env:DEMO_SMTP_URL               # the demo mailbox on this machine; production: smtps://user:password@smtp.example.com:465
  from: "Example SSO <sso@localhost>"
users:
  - { email: alice@example.com, name: Alice Example, givenName: Alice, familyName: Example, emailVerified: true, password: env:ALICE_PASSWORD, connection: staff }
  - { email: erin@example.com, name: Erin Example, emailVerified: true, password: env:ERIN_PASSWORD, connection: staff }   # also at Example Corp: the account link prompt
`

/** Secrets are made once per data folder, so restarts keep the same password and sessions. */
function seed(options: DemoStackOptions, urls: DemoUrls) {
  mkdirSync(options.dataDir, { recursive: true })
  const secretsFile = join(options.dataDir, 'demo-secrets.json')
  const configFile = join(options.dataDir, 'ssobridge.yaml')
  const firstRun = !existsSync(secretsFile)
  const stored: Partial<DemoSecrets> = firstRun ? {} : JSON.parse(readFileSync(secretsFile, 'utf8'))
  // Missing ones (a data folder from an older demo) are added; existing ones are kept.
  const fresh = (name: string) =>
    name.endsWith('WEBHOOK_SECRET')
      ? `whsec_${randomBytes(32).toString('base64')}` // Standard Webhooks' form of a secret
      : randomBytes(name.endsWith('PASSWORD') ? 9 : 32).toString('base64url')
  const secrets = Object.fromEntries(
    demoSecretNames.map((name) => [name, stored[name] ?? fresh(name)]),
  ) as DemoSecrets
  writeFileSync(secretsFile, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 })
  if (firstRun || !existsSync(configFile)) writeFileSync(configFile, demoConfig(urls))
  return { firstRun, secrets, configFile }
}

export async function startDemoStack(options: DemoStackOptions) {
  const urls = {
    bridge: `http://localhost:${options.bridgePort}`,
    shop: `http://127.0.0.1:${options.shopPort}`,
    forum: `http://127.0.0.1:${options.forumPort}`,
    vault: `http://127.0.0.1:${options.vaultPort}`,
    oidcIdp: `http://127.0.0.1:${options.oidcIdpPort}`,
    samlIdp: `http://127.0.0.1:${options.samlIdpPort}`,
    gazette: `http://127.0.0.1:${options.staticPort}`,
    academy: `http://127.0.0.1:${options.platformPort}`,
    community: `http://127.0.0.1:${options.communityPort}`,
    store: `http://127.0.0.1:${options.storePort}`,
    notes: `http://127.0.0.1:${options.spaPort}`,
  }
  const { firstRun, secrets, configFile } = seed(options, urls)
  // First, so the bridge's first email has somewhere to go. Its URL reaches the config through
  // the environment, so a restart on other ports still finds it.
  const mailbox = await startMailbox({
    smtpPort: options.mailboxSmtpPort,
    webPort: options.mailboxPort,
    host: '127.0.0.1',
  })
  const env = { ...process.env, ...secrets, DEMO_SMTP_URL: mailbox.smtpUrl }
  const oidcIdp = await startOidcIdp({
    port: options.oidcIdpPort,
    title: 'Example Corp sign-in',
    users: [
      { ...carol, password: secrets.CAROL_PASSWORD },
      { ...erin, password: secrets.ERIN_PASSWORD },
    ],
    clients: [
      {
        client_id: 'ssobridge-demo',
        client_secret: secrets.CORP_OIDC_SECRET,
        redirect_uris: [`${urls.bridge}/connections/corp/callback`],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
  })
  const samlIdp = await startSamlIdp({
    port: options.samlIdpPort,
    title: 'Partner Inc sign-in',
    users: [{ ...dana, password: secrets.DANA_PASSWORD }],
    serviceProviders: [{ metadataUrl: `${urls.bridge}/connections/partner/saml/metadata` }],
    // The same key across restarts, so the bridge's cached copy of its metadata stays right.
    keyFile: join(options.dataDir, 'saml-idp-key.json'),
  })
  const config = loadConfigFile(configFile, env)
  const bridge = await startBridge({
    port: options.bridgePort,
    config,
    dataDir: join(options.dataDir, 'bridge'),
    databaseUrl: options.databaseUrl,
    logger: options.logger,
    env,
  })
  const shop = await startShop({
    port: options.shopPort,
    bridgeUrl: urls.bridge,
    secret: secrets.SHOP_SSO_SECRET,
    webhookSecret: secrets.SHOP_WEBHOOK_SECRET,
    databaseFile: join(options.dataDir, 'shop.db'),
  })
  const forum = await startForum({
    port: options.forumPort,
    bridgeUrl: urls.bridge,
    databaseFile: join(options.dataDir, 'forum.db'),
  })
  const vault = await startDemoSite({
    appId: 'vault',
    title: 'Vault',
    accent: '#b45309',
    port: options.vaultPort,
    bridgeUrl: urls.bridge,
    databaseFile: join(options.dataDir, 'vault.db'),
    verify: { jwksUrl: `${urls.bridge}/.well-known/jwks.json`, algorithms: ['ES256'] },
  })
  const gazette = await startStaticSite({
    port: options.staticPort,
    bridgeUrl: urls.bridge,
    outDir: join(options.dataDir, 'gazette'),
  })
  const academy = await startAcademy({
    port: options.platformPort,
    bridgeUrl: urls.bridge,
    apiKey: secrets.ACADEMY_API_KEY,
  })
  const community = await startCommunity({
    port: options.communityPort,
    bridgeUrl: urls.bridge,
    secret: secrets.COMMUNITY_CONNECT_SECRET,
  })
  const store = await startStore({
    port: options.storePort,
    bridgeUrl: urls.bridge,
    ...demoStore,
    clientSecret: secrets.STORE_CLIENT_SECRET,
    apiToken: secrets.STORE_API_TOKEN,
  })
  const notes = await startSpa({ port: options.spaPort, bridgeUrl: urls.bridge })
  return {
    urls: { ...urls, mailbox: mailbox.url },
    firstRun,
    configFile,
    alice: { email: 'alice@example.com', password: secrets.ALICE_PASSWORD },
    carol: { email: carol.email, password: secrets.CAROL_PASSWORD },
    dana: { email: dana.email, password: secrets.DANA_PASSWORD },
    erin: { email: erin.email, password: secrets.ERIN_PASSWORD },
    oidcIdp,
    samlIdp,
    mailbox,
    bridge,
    vault,
    shop,
    forum,
    gazette,
    academy,
    community,
    store,
    /** Apps a config seeded by an older demo lacks: their sites run, but the bridge refuses them. */
    missingApps: ['community', 'store'].filter((id) => !config.apps.some((app) => app.id === id)),
    /** false for a demo seeded before webhooks: no endpoint (file or console) tells the shop. */
    shopWebhooks: ((await bridge.services.storage.get('app', 'shop'))?.webhooks?.length ?? 0) > 0,
    /** false for a config seeded before the mailbox: the bridge sends it nothing. */
    usesMailbox: config.smtp?.url === mailbox.smtpUrl,
    async close() {
      await Promise.all([
        gazette.close(),
        academy.close(),
        community.close(),
        store.close(),
        notes.close(),
      ])
      await Promise.all([shop.close(), forum.close(), vault.close()])
      await bridge.close()
      await oidcIdp.close()
      await samlIdp.close()
      await mailbox.close()
    },
  }
}
