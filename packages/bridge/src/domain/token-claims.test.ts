import { randomBytes } from 'node:crypto'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { createKeystore } from '../keys/keystore.js'
import { createSecretBox } from '../keys/secret-box.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import type { App } from './apps.js'
import { createMinter } from './mint-token.js'
import { createPairwiseSubjects } from './pairwise-subject.js'
import { mappedClaims, tokenShape } from './token-claims.js'
import type { User } from './users.js'

const facts = {
  sub: 'u-1',
  email: 'a@example.com',
  email_verified: true,
  name: 'Ann Example',
  given_name: undefined,
  family_name: 'Example',
  groups: ['staff', 'admins'],
  idp: 'corp',
  amr: ['pwd'],
  auth_time: 1,
}

describe('claim mapping', () => {
  it('has the standard set by default, without groups', () => {
    const claims = mappedClaims(tokenShape({}), facts)
    expect(claims).toEqual({
      auth_time: 1,
      amr: ['pwd'],
      email: 'a@example.com',
      email_verified: true,
      name: 'Ann Example',
      family_name: 'Example',
      idp: 'corp',
    })
    expect(tokenShape({}).registered).toEqual(
      new Set(['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'nonce']),
    )
  })

  it('renames, adds static values, drops, picks upstream attributes and falls back', () => {
    const shape = tokenShape({
      claims: {
        user_email: { from: ['email'] },
        email: null,
        idp: null,
        groups: { from: ['groups'] },
        plan: { value: 'gold' },
        first: { from: ['given_name', 'name'] },
        avatar: { from: ['picture'] },
      },
    })
    expect(mappedClaims(shape, facts)).toEqual({
      auth_time: 1,
      amr: ['pwd'],
      email_verified: true,
      name: 'Ann Example',
      family_name: 'Example',
      user_email: 'a@example.com',
      groups: ['staff', 'admins'],
      plan: 'gold',
      first: 'Ann Example',
    })
  })

  it('leaves out empty values: an empty list or string counts as none', () => {
    const shape = tokenShape({ preset: 'thinkific' })
    expect(mappedClaims(shape, { ...facts, given_name: '', name: '', family_name: '' })).toEqual({
      email: 'a@example.com',
      external_id: 'u-1',
    })
    expect(mappedClaims(tokenShape({}), { amr: [] })).toEqual({})
  })
})

describe('pairwise subjects', () => {
  const user: User = {
    id: 'user-1',
    connection: 'staff',
    email: 'a@example.com',
    emailVerified: true,
    disabled: false,
    createdAt: 0,
    updatedAt: 0,
  }
  const session = { connection: 'staff', authTime: 1, amr: ['pwd'] }
  const app = (id: string, subject?: 'pairwise'): App => ({
    id,
    name: id,
    callbackUrls: ['https://a.example/cb'],
    connections: ['staff'],
    signing: { alg: 'ES256' },
    tokenTtl: 60,
    delivery: 'form_post',
    subject,
    updatedAt: 0,
  })

  it('differ per app, stay stable, and are shared by every process of a deployment', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const keystore = createKeystore(storage, box)
    const minter = () =>
      createMinter({
        issuer: 'https://sso.example',
        keystore,
        box,
        pairwise: createPairwiseSubjects(storage, box),
      })
    const mint = minter()
    const sub = async (a: App, m = mint) => decodeJwt(await m({ app: a, user, session })).sub
    const a1 = await sub(app('a', 'pairwise'))
    expect(a1).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(a1).not.toBe(user.id)
    expect(await sub(app('a', 'pairwise'))).toBe(a1)
    expect(await sub(app('b', 'pairwise'))).not.toBe(a1)
    expect(await sub(app('c'))).toBe(user.id)
    // Another process on the same storage derives the same value.
    expect(await sub(app('a', 'pairwise'), minter())).toBe(a1)
    // The salt is sealed in storage, not kept in clear.
    const stored = await storage.get('bridge-secret', 'pairwise-salt')
    expect(stored).toMatch(/^v1\./)
  })

  it('refuse to mint without a pairwise source rather than leak the public id', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const mint = createMinter({ issuer: 'x', keystore: createKeystore(storage, box), box })
    await expect(mint({ app: app('a', 'pairwise'), user, session })).rejects.toThrow(/pairwise/)
  })
})
