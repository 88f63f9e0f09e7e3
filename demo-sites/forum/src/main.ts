// Runs the Forum alone: PORT, BRIDGE_URL, PUBLIC_URL, DATABASE_FILE.
import { startForum } from './index.js'

const port = Number(process.env.PORT ?? 4002)
const forum = await startForum({
  port,
  hostname: process.env.HOST ?? '127.0.0.1',
  // Default: the URL it listens on.
  publicUrl: process.env.PUBLIC_URL,
  bridgeUrl: process.env.BRIDGE_URL ?? 'http://localhost:4000',
  databaseFile: process.env.DATABASE_FILE ?? 'data/demo-forum.sqlite',
})
console.log(`Forum listening on ${forum.url}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void forum.close().then(() => process.exit(0)))
}
