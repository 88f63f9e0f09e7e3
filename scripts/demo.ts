/** `npm start`: runs the demo and says what to open. */
import { dirname, resolve } from 'node:path'
import { createLogger } from '@ssobridge/bridge'
import { startDemoStack } from './demo-stack.js'

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

const stack = await startDemoStack({
  dataDir: resolve(process.env.SSOBRIDGE_DEMO_DIR ?? 'data/demo'),
  bridgePort: port('BRIDGE_PORT', 4000),
  shopPort: port('SHOP_PORT', 4001),
  forumPort: port('FORUM_PORT', 4002),
  vaultPort: port('VAULT_PORT', 4003),
  oidcIdpPort: port('OIDC_IDP_PORT', 4010),
  samlIdpPort: port('SAML_IDP_PORT', 4020),
  staticPort: port('STATIC_PORT', 4004),
  platformPort: port('PLATFORM_PORT', 4005),
  communityPort: port('COMMUNITY_PORT', 4007),
  storePort: port('STORE_PORT', 4008),
  spaPort: port('SPA_PORT', 4006),
  mailboxPort: port('MAILBOX_PORT', 4009),
  mailboxSmtpPort: port('MAILBOX_SMTP_PORT', 4025),
  databaseUrl: process.env.DATABASE_URL,
  logger: createLogger((process.env.SSOBRIDGE_LOG_LEVEL as 'info') ?? 'warn'),
})

console.log(`
ssobridge demo is running${stack.firstRun ? ' (first run: demo config seeded)' : ''}

  bridge  ${stack.urls.bridge}      config: ${stack.configFile}
  shop    ${stack.urls.shop}     verifies HS256 tokens with its shared secret
  forum   ${stack.urls.forum}     verifies ES256 tokens with the bridge's JWKS; /community signs in silently
  gazette ${stack.urls.gazette}     a static page with the script tag only (code delivery, no backend)
  academy ${stack.urls.academy}     a Thinkific-style platform: takes the bridge's JWT at its own SSO URL
  community ${stack.urls.community}   a Discourse-style forum: DiscourseConnect (signed payload, not a JWT); click "Log in"
  store   ${stack.urls.store}     a BigCommerce-style store: Customer Login JWT in the URL path, customer made via its API
  notes   ${stack.urls.notes}     a single-page app (oidc-client-ts): the bridge is its OpenID Provider
  vault   ${stack.urls.vault}     requires a second factor (TOTP): set it up at the first sign-in

Mailbox: ${stack.urls.mailbox} (every email the bridge sends lands here)
  On the bridge's sign-in page, "Create an account", "Forgot your password?" and "Email me a
  sign-in code" send their email there (SMTP ${stack.mailbox.smtpUrl}).

Open ${stack.urls.shop}, click "Sign in" and sign in as
  email:    ${stack.alice.email}
  password: ${stack.alice.password}
then open ${stack.urls.forum} and click "Sign in": no password this time.
The shop also hears of its users through signed webhooks (a session started or ended, a changed
name or email, a second factor): ${stack.urls.shop}/events lists what it received and verified.

Or sign in with the company IdP ("Continue with Example Corp", ${stack.urls.oidcIdp}):
  email:    ${stack.carol.email}
  password: ${stack.carol.password}

Or with the partner's SAML IdP ("Continue with Partner Inc", ${stack.urls.samlIdp}):
  email:    ${stack.dana.email}
  password: ${stack.dana.password}

Account linking: Erin has an account here and one at Example Corp, with one email and one
password. Her first "Continue with Example Corp" asks her to sign in to the existing account
once; then both ways open it (see /account/identities):
  email:    ${stack.erin.email}
  password: ${stack.erin.password}

Your own site's snippet (pinned with SRI):
  <script src="${stack.urls.bridge}${stack.bridge.services.embed.hashedPath}" integrity="${stack.bridge.services.embed.integrity}" crossorigin="anonymous" data-app="shop" defer></script>

${
  stack.usesMailbox
    ? ''
    : `Note: ${stack.configFile} was seeded by an older demo and sends no email to the mailbox
(no smtp: block, no sign-up or passwordless on "staff"). Delete ${dirname(stack.configFile)} to try them.

`
}${
  stack.shopWebhooks
    ? ''
    : `Note: ${stack.configFile} was seeded by an older demo and gives the shop no webhook endpoint,
so ${stack.urls.shop}/events stays empty. Delete ${dirname(stack.configFile)} to try it (or add
the shop's webhooks: from scripts/demo-stack.ts).

`
}${
  stack.missingApps.length > 0
    ? `Note: ${stack.configFile} was seeded by an older demo and has no app ${stack.missingApps.join(' or ')}.
To try those sites, delete ${dirname(stack.configFile)} or copy their apps from scripts/demo-stack.ts.

`
    : ''
}Ctrl+C stops everything. Delete data/demo to start from scratch.
`)

const stop = () => void stack.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
