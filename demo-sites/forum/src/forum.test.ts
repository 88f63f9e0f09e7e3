import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describeDemoSite } from '@ssobridge/demo-site-kit/testing'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createForum } from './index.js'

const publicUrl = 'http://127.0.0.1:4002'
let bridgeUrl = 'http://127.0.0.1:0'
let privateKey: CryptoKey
let server: Server

// The bridge's JWKS, served from a real loopback port as the bridge would.
beforeAll(async () => {
  const pair = await generateKeyPair('ES256')
  privateKey = pair.privateKey
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }
  server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ keys: [jwk] }))
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  bridgeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function mint(claims: Record<string, unknown>, key: CryptoKey = privateKey, kid = 'k1') {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid }).sign(key)
}

describeDemoSite({
  appId: 'forum',
  title: 'Forum',
  publicUrl,
  get bridgeUrl() {
    return bridgeUrl
  },
  createSite: (databaseFile) => createForum({ publicUrl, bridgeUrl, databaseFile }),
  mintToken: (claims) => mint(claims),
})

describe('forum', () => {
  it('refuses a token signed by a key outside the JWKS, and an HS256 token', async () => {
    const forum = createForum({ publicUrl, bridgeUrl, databaseFile: ':memory:' })
    try {
      const now = Math.floor(Date.now() / 1000)
      const claims = { iss: bridgeUrl, aud: 'forum', sub: 'x', iat: now, exp: now + 60, nonce: 's' }
      const stranger = (await generateKeyPair('ES256')).privateKey
      const tokens: [string, string][] = [
        [await mint({ ...claims, jti: 'a' }, stranger), 'signature_invalid'],
        [
          await new SignJWT({ ...claims, jti: 'b' })
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
            .sign(new TextEncoder().encode('x'.repeat(32))),
          'alg_not_allowed',
        ],
      ]
      for (const [token, code] of tokens) {
        const response = await forum.app.request(`${publicUrl}/sso/callback`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Cookie: 'ssobridge_state_forum=s',
          },
          body: new URLSearchParams({ token, state: 's' }).toString(),
        })
        expect(response.status).toBe(400)
        expect(await response.text()).toContain(`(${code})`)
      }
      expect(forum.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 })
    } finally {
      forum.close()
    }
  })
})
