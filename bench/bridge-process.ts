/**
 * A bridge in its own process for the load benchmark: one app, one user, one live session.
 * Prints one JSON line with its URL and the session cookie; answers "rss" on stdin with its RSS.
 */
import { serve } from '@hono/node-server'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { applyConfig, createBridge, parseConfig } from '@ssobridge/bridge'
import { createSession } from '../packages/bridge/src/domain/sessions.js'
import { findUserByEmail } from '../packages/bridge/src/domain/users.js'
import { loadEmbedAsset } from '../packages/bridge/src/embed-asset.js'
import { createSecretBox } from '../packages/bridge/src/keys/secret-box.js'
import { createPostgresStorage, createSqliteStorage } from '../packages/bridge/src/storage/index.js'

const [kind = 'sqlite', target = '', schema = 'bench'] = process.argv.slice(2)
const storage =
  kind === 'postgres'
    ? await createPostgresStorage({ connectionString: target, schema })
    : await createSqliteStorage({ filename: target })
await storage.migrate()

const masterKey = randomBytes(32)
const config = parseConfig(
  {
    issuer: 'http://localhost:4000',
    connections: [{ id: 'staff', type: 'local' }],
    apps: [
      {
        id: 'bench',
        callbackUrls: ['http://127.0.0.1:4001/sso/callback'],
        connections: ['staff'],
        signing: { alg: 'HS256', secret: randomBytes(32).toString('base64url') },
      },
    ],
    users: [{ email: 'bench@example.com', password: 'bench-password', connection: 'staff' }],
  },
  {},
)
await applyConfig(storage, createSecretBox(masterKey), config)
const user = (await findUserByEmail(storage, 'staff', 'bench@example.com'))!
const { id } = await createSession(
  storage,
  { userId: user.id, connection: 'staff', authTime: Math.floor(Date.now() / 1000), amr: ['pwd'] },
  3600,
)
const { app } = createBridge({
  settings: { issuer: config.issuer, sessionTtl: 3600 },
  storage,
  masterKey,
  embed: loadEmbedAsset(),
})
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(
    JSON.stringify({ url: `http://127.0.0.1:${info.port}`, cookie: `ssobridge_session=${id}` }),
  )
})

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line === 'rss') console.log(JSON.stringify({ rss: process.memoryUsage().rss }))
  if (line === 'exit') {
    server.close()
    await storage.close()
    process.exit(0)
  }
})
