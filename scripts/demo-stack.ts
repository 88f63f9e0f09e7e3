/**
 * The whole demo: a bridge on localhost and two independent sites on 127.0.0.1 (so they are
 * cross-site to the bridge, as in real life). Used by `npm start`, the e2e tests and the benchmarks.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfigFile, startBridge, type Logger } from '@ssobridge/bridge'
import { startForum } from '@ssobridge/demo-forum'
import { startShop } from '@ssobridge/demo-shop'

export interface DemoStackOptions {
  dataDir: string
  bridgePort: number
  shopPort: number
  forumPort: number
  databaseUrl?: string
  logger?: Logger
}

interface DemoSecrets {
  SHOP_SSO_SECRET: string
  ALICE_PASSWORD: string
}

const demoConfig = (
  issuer: string,
  shop: string,
  forum: string,
) => `# Seeded by the demo on first run. Edit it, then restart (or: npx ssobridge apply FILE).
issuer: ${issuer}
connections:
  - { id: staff, type: local, name: Example staff }
apps:
  - id: shop
    name: Shop
    callbackUrls: [${shop}/sso/callback]
    connections: [staff]
    signing: { alg: HS256, secret: env:SHOP_SSO_SECRET }
  - id: forum
    name: Forum
    callbackUrls: [${forum}/sso/callback]
    connections: [staff]
    signing: { alg: ES256 }
    tokenTtl: 120
users:
  - { email: alice@example.com, name: Alice Example, emailVerified: true, password: env:ALICE_PASSWORD, connection: staff }
`

/** Secrets are made once per data folder, so restarts keep the same password and sessions. */
function seed(options: DemoStackOptions, urls: { bridge: string; shop: string; forum: string }) {
  mkdirSync(options.dataDir, { recursive: true })
  const secretsFile = join(options.dataDir, 'demo-secrets.json')
  const configFile = join(options.dataDir, 'ssobridge.yaml')
  const firstRun = !existsSync(secretsFile)
  if (firstRun) {
    const secrets: DemoSecrets = {
      SHOP_SSO_SECRET: randomBytes(32).toString('base64url'),
      ALICE_PASSWORD: randomBytes(9).toString('base64url'),
    }
    writeFileSync(secretsFile, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 })
  }
  if (firstRun || !existsSync(configFile))
    writeFileSync(configFile, demoConfig(urls.bridge, urls.shop, urls.forum))
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as DemoSecrets
  return { firstRun, secrets, configFile }
}

export async function startDemoStack(options: DemoStackOptions) {
  const urls = {
    bridge: `http://localhost:${options.bridgePort}`,
    shop: `http://127.0.0.1:${options.shopPort}`,
    forum: `http://127.0.0.1:${options.forumPort}`,
  }
  const { firstRun, secrets, configFile } = seed(options, urls)
  const config = loadConfigFile(configFile, { ...process.env, ...secrets })
  const bridge = await startBridge({
    port: options.bridgePort,
    config,
    dataDir: join(options.dataDir, 'bridge'),
    databaseUrl: options.databaseUrl,
    logger: options.logger,
    env: { ...process.env, ...secrets },
  })
  const shop = await startShop({
    port: options.shopPort,
    bridgeUrl: urls.bridge,
    secret: secrets.SHOP_SSO_SECRET,
    databaseFile: join(options.dataDir, 'shop.db'),
  })
  const forum = await startForum({
    port: options.forumPort,
    bridgeUrl: urls.bridge,
    databaseFile: join(options.dataDir, 'forum.db'),
  })
  return {
    urls,
    firstRun,
    configFile,
    alice: { email: 'alice@example.com', password: secrets.ALICE_PASSWORD },
    bridge,
    shop,
    forum,
    async close() {
      await Promise.all([shop.close(), forum.close()])
      await bridge.close()
    },
  }
}
