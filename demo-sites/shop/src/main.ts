// Runs the Shop alone: PORT, BRIDGE_URL, PUBLIC_URL, SHOP_SSO_SECRET, DATABASE_FILE, and
// SHOP_WEBHOOK_SECRET (the app's webhook endpoint secret at the bridge) to take its webhooks.
import { startShop } from './index.js'

const secret = process.env.SHOP_SSO_SECRET
if (!secret) {
  console.error('SHOP_SSO_SECRET is required (the HS256 secret of the "shop" app at the bridge)')
  process.exit(1)
}
const port = Number(process.env.PORT ?? 4001)
const shop = await startShop({
  port,
  hostname: process.env.HOST ?? '127.0.0.1',
  // Default: the URL it listens on.
  publicUrl: process.env.PUBLIC_URL,
  bridgeUrl: process.env.BRIDGE_URL ?? 'http://localhost:4000',
  databaseFile: process.env.DATABASE_FILE ?? 'data/demo-shop.sqlite',
  secret,
  webhookSecret: process.env.SHOP_WEBHOOK_SECRET || undefined,
})
console.log(`Shop listening on ${shop.url}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void shop.close().then(() => process.exit(0)))
}
