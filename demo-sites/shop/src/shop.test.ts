import { randomBytes } from 'node:crypto'
import { describeDemoSite } from '@ssobridge/demo-site-kit/testing'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createShop } from './index.js'

const secret = randomBytes(32).toString('base64url')
const publicUrl = 'http://127.0.0.1:4001'
const bridgeUrl = 'http://localhost:4000'

function mint(claims: Record<string, unknown>, key = secret) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(key))
}

describeDemoSite({
  appId: 'shop',
  title: 'Shop',
  publicUrl,
  bridgeUrl,
  createSite: (databaseFile) => createShop({ publicUrl, bridgeUrl, databaseFile, secret }),
  mintToken: (claims) => mint(claims),
})

describe('shop', () => {
  it('refuses a token signed with another secret', async () => {
    const shop = createShop({ publicUrl, bridgeUrl, databaseFile: ':memory:', secret })
    try {
      const now = Math.floor(Date.now() / 1000)
      const token = await mint(
        { iss: bridgeUrl, aud: 'shop', sub: 'x', iat: now, exp: now + 60, jti: 'j', nonce: 's' },
        randomBytes(32).toString('base64url'),
      )
      const response = await shop.app.request(`${publicUrl}/sso/callback`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: 'ssobridge_state_shop=s',
        },
        body: new URLSearchParams({ token, state: 's' }).toString(),
      })
      expect(response.status).toBe(400)
      expect(await response.text()).toContain('(signature_invalid)')
      expect(shop.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 })
    } finally {
      shop.close()
    }
  })

  it('refuses a secret shorter than 32 characters', () => {
    expect(() =>
      createShop({ publicUrl, bridgeUrl, databaseFile: ':memory:', secret: 'short' }),
    ).toThrow(TypeError)
  })
})
