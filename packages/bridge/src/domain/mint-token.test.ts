import { randomBytes } from 'node:crypto'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { describe, expect, it } from 'vitest'
import { createKeystore } from '../keys/keystore.js'
import { createSecretBox } from '../keys/secret-box.js'
import type { App } from './apps.js'
import { createMinter } from './mint-token.js'
import type { Session } from './sessions.js'
import type { User } from './users.js'

const user: User = {
  id: 'u-1',
  connection: 'staff',
  email: 'bob@example.com',
  emailVerified: false,
  disabled: false,
  createdAt: 0,
  updatedAt: 0,
}
const session: Session = {
  userId: 'u-1',
  connection: 'staff',
  authTime: 1_700_000_000,
  amr: ['pwd'],
  createdAt: 0,
  expiresAt: 0,
}
const base = {
  name: 'A',
  callbackUrls: ['https://a.example/cb'],
  connections: ['staff'],
  tokenTtl: 300,
  delivery: 'form_post' as const,
  updatedAt: 0,
}

/** A minter on fresh storage, and the box that seals its apps' secrets. */
async function newMinter() {
  const storage = await memoryStorage()
  const box = createSecretBox(randomBytes(32))
  const mint = createMinter({
    issuer: 'https://sso.example',
    keystore: createKeystore(storage, box),
    box,
  })
  return { mint, box }
}

describe('minting', () => {
  it('leaves out claims the user does not have and uses the app lifetime', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const now = 1_800_000_000_000
    const mint = createMinter({
      issuer: 'https://sso.example',
      keystore: createKeystore(storage, box),
      box,
      now: () => now,
    })
    const secret = 'z'.repeat(32)
    const app: App = {
      ...base,
      id: 'a',
      signing: { alg: 'HS256', secretSealed: box.seal(secret, 'app-secret:a') },
    }
    const token = await mint({ app, user, session, nonce: 'n1' })
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      currentDate: new Date(now),
      algorithms: ['HS256'],
    })
    expect(payload).toEqual({
      iss: 'https://sso.example',
      aud: 'a',
      sub: 'u-1',
      iat: now / 1000,
      exp: now / 1000 + 300,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      nonce: 'n1',
      auth_time: 1_700_000_000,
      amr: ['pwd'],
      email: 'bob@example.com',
      email_verified: false,
      idp: 'staff',
    })
  })

  it.each(['ES256', 'RS256', 'EdDSA'] as const)(
    'signs %s with the bridge key named by kid',
    async (alg) => {
      const storage = await memoryStorage()
      const box = createSecretBox(randomBytes(32))
      const keystore = createKeystore(storage, box)
      const mint = createMinter({ issuer: 'https://sso.example', keystore, box })
      const token = await mint({
        app: { ...base, id: 'a', signing: { alg } },
        user,
        session,
        nonce: 'n',
      })
      const header = decodeProtectedHeader(token)
      expect(header).toEqual({ alg, typ: 'JWT', kid: (await keystore.signingKey(alg)).kid })
      await expect(
        jwtVerify(token, createLocalJWKSet(await keystore.jwks()), { algorithms: [alg] }),
      ).resolves.toBeTruthy()
    },
  )

  it('mints a unique jti every time', async () => {
    const { mint } = await newMinter()
    const app: App = { ...base, id: 'a', signing: { alg: 'ES256' } }
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () => mint({ app, user, session, nonce: 'n' })),
    )
    const jtis = tokens.map(
      (t) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).jti,
    )
    expect(new Set(jtis).size).toBe(50)
  })

  describe('names of a user who has only a display name', () => {
    async function claimsFor(app: Pick<App, 'id'> & Partial<App>, name: string) {
      const { mint, box } = await newMinter()
      const secret = 'z'.repeat(32)
      const full: App = {
        ...base,
        ...app,
        signing: { alg: 'HS256', secretSealed: box.seal(secret, `app-secret:${app.id}`) },
      }
      const token = await mint({ app: full, user: { ...user, name }, session })
      return (await jwtVerify(token, new TextEncoder().encode(secret))).payload
    }

    it('splits it at the last whitespace for given_name and family_name', async () => {
      expect(await claimsFor({ id: 'a' }, 'Ann Marie Example')).toMatchObject({
        name: 'Ann Marie Example',
        given_name: 'Ann Marie',
        family_name: 'Example',
      })
      const single = await claimsFor({ id: 'a' }, 'Cher')
      expect(single).toMatchObject({ name: 'Cher', given_name: 'Cher' })
      expect(single).not.toHaveProperty('family_name')
    })

    it('gives Thinkific both names it requires, a single word in both', async () => {
      const thinkific = { id: 't', preset: 'thinkific' as const, delivery: 'query' as const }
      expect(await claimsFor(thinkific, 'Ann Marie Example')).toMatchObject({
        first_name: 'Ann Marie',
        last_name: 'Example',
      })
      expect(await claimsFor(thinkific, 'Cher')).toMatchObject({
        first_name: 'Cher',
        last_name: 'Cher',
      })
    })

    it("keeps the app's own mapping as the override", async () => {
      const claims = await claimsFor(
        {
          id: 't',
          preset: 'thinkific',
          delivery: 'query',
          claims: { first_name: { from: ['name'] }, last_name: { value: '-' } },
        },
        'Cher',
      )
      expect(claims).toMatchObject({ first_name: 'Cher', last_name: '-' })
    })
  })
})
