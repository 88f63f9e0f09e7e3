/**
 * For admin-walkthrough.spec.ts: an empty bridge (no config, fresh data folder), a SAML IdP that
 * trusts that bridge's "partner" connection, and — once the admin has read the app secret from the
 * console and sends it on stdin — a small test site for the app "blog".
 * Prints one JSON line when ready, then `site <url>` after `site <secret>` arrives on stdin.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { startBridge } from '@ssobridge/bridge'
import { startSamlIdp } from '@ssobridge/demo-idp-saml'
import { startDemoSite, type RunningDemoSite } from '@ssobridge/demo-site-kit'
import { freePort } from '../scripts/free-port.js'

const dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-walkthrough-'))
const [bridgePort, idpPort, sitePort] = [await freePort(), await freePort(), await freePort()]
const bridgeUrl = `http://localhost:${bridgePort}`
const siteUrl = `http://127.0.0.1:${sitePort}`
const dana = {
  id: 'dana-7f3a',
  email: 'dana@partner.example',
  displayName: 'Dana Partner',
  givenName: 'Dana',
  surname: 'Partner',
  groups: ['buyers'],
  password: randomBytes(9).toString('base64url'),
}
const bridgeDir = join(dataDir, 'bridge')
const env = { ...process.env, DATABASE_URL: '', SSOBRIDGE_LOG_LEVEL: 'warn' }
const bridge = await startBridge({ port: bridgePort, dataDir: bridgeDir, databaseUrl: '', env })
const idp = await startSamlIdp({
  port: idpPort,
  title: 'Partner Inc sign-in',
  users: [dana],
  // Fetched at sign-in time: the connection is only made later, in the console.
  serviceProviders: [{ metadataUrl: `${bridgeUrl}/connections/partner/saml/metadata` }],
})
let site: RunningDemoSite | undefined

console.log(
  JSON.stringify({
    bridge: bridgeUrl,
    bridgeDataDir: bridgeDir,
    setupUrl: bridge.setupUrl,
    samlIdp: idp.url,
    samlMetadataUrl: idp.metadataUrl,
    site: siteUrl,
    dana: { email: dana.email, password: dana.password },
  }),
)

async function close() {
  await site?.close()
  await bridge.close()
  await idp.close()
  rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.once('SIGTERM', () => void close())

for await (const line of createInterface({ input: process.stdin })) {
  const [command, secret] = line.trim().split(' ')
  if (command === 'site' && secret && !site) {
    site = await startDemoSite({
      appId: 'blog',
      title: 'Blog',
      accent: '#0f766e',
      port: sitePort,
      bridgeUrl,
      databaseFile: join(dataDir, 'blog.db'),
      verify: { secret },
    })
    console.log(`site ${site.url}`)
  }
}
await close()
