/** What global-setup.ts started, as the spec reads it (handed over through the environment). */
export interface InstalledHandoff {
  bridgeUrl: string
  siteAUrl: string
  siteBUrl: string
  /** The SMTP capture's web side: `/messages.json` lists what the bridge sent, newest first. */
  mailboxUrl: string
  /** The temporary project the tarballs were installed into. */
  project: string
  alice: { email: string; password: string }
  /** Site A's name, as the bridge's emails to its members say it. */
  siteAName: string
  apps: { siteA: string; siteB: string; oidc: string; forum: string }
  saml: { connection: string; name: string; ssoUrl: string }
  oidcCallback: string
}

export function installed(): InstalledHandoff {
  const handoff = process.env.SSOBRIDGE_INSTALLED_HANDOFF
  if (!handoff) throw new Error('run through scripts/installed/playwright.config.ts')
  return JSON.parse(handoff) as InstalledHandoff
}
