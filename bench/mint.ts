/** Tokens per second: the built (dist/) minting path next to a bare jose loop with a ready key. */
import { randomBytes } from 'node:crypto'
import { SignJWT } from 'jose'
import { createMinter } from '../packages/bridge/dist/domain/mint-token.js'
import type { App } from '../packages/bridge/dist/domain/apps.js'
import type { Session } from '../packages/bridge/dist/domain/sessions.js'
import type { User } from '../packages/bridge/dist/domain/users.js'
import { createKeystore } from '../packages/bridge/dist/keys/keystore.js'
import { createSecretBox } from '../packages/bridge/dist/keys/secret-box.js'
import { createSqliteStorage } from '../packages/bridge/dist/storage/index.js'

const DURATION_MS = 2000

async function perSecond(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn() // warm-up
  let count = 0
  const start = performance.now()
  while (performance.now() - start < DURATION_MS) {
    await fn()
    count++
  }
  return (count * 1000) / (performance.now() - start)
}

export async function benchMint() {
  const storage = await createSqliteStorage({ filename: ':memory:' })
  await storage.migrate()
  const box = createSecretBox(randomBytes(32))
  const keystore = createKeystore(storage, box)
  const issuer = 'http://localhost:4000'
  const mint = createMinter({ issuer, keystore, box })
  const secret = randomBytes(32).toString('base64url')
  const base = {
    name: 'Bench',
    callbackUrls: ['http://127.0.0.1:4001/sso/callback'],
    connections: ['staff'],
    tokenTtl: 120,
    delivery: 'form_post' as const,
    updatedAt: 0,
  }
  const apps: Record<'HS256' | 'ES256', App> = {
    HS256: {
      ...base,
      id: 'hs',
      signing: { alg: 'HS256', secretSealed: box.seal(secret, 'app-secret:hs') },
    },
    ES256: { ...base, id: 'es', signing: { alg: 'ES256' } },
  }
  const user: User = {
    id: 'c0ffee00-0000-4000-8000-000000000000',
    connection: 'staff',
    email: 'alice@example.com',
    emailVerified: true,
    name: 'Alice Example',
    disabled: false,
    createdAt: 0,
    updatedAt: 0,
  }
  const session: Session = {
    userId: user.id,
    connection: 'staff',
    authTime: 1,
    amr: ['pwd'],
    createdAt: 0,
    expiresAt: 0,
  }
  const results = []
  for (const alg of ['HS256', 'ES256'] as const) {
    const key =
      alg === 'HS256' ? new TextEncoder().encode(secret) : (await keystore.signingKey('ES256')).key
    const kid = alg === 'ES256' ? (await keystore.signingKey('ES256')).kid : undefined
    const bare = () =>
      new SignJWT({ nonce: 'n', email: user.email, name: user.name, amr: ['pwd'], idp: 'staff' })
        .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
        .setIssuer(issuer)
        .setAudience('bench')
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime('2m')
        .setJti(randomBytes(16).toString('base64url'))
        .sign(key)
    const bridge = () => mint({ app: apps[alg], user, session, nonce: 'n' })
    const bareRate = await perSecond(bare)
    const bridgeRate = await perSecond(bridge)
    results.push({ alg, bridge: bridgeRate, bare: bareRate, ratio: bridgeRate / bareRate })
  }
  await storage.close()
  return results
}
