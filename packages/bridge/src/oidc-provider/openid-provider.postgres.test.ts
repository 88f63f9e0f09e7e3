/**
 * The OpenID Provider on Postgres, two bridge processes taking requests in turn: every record
 * oidc-provider keeps (sessions, interactions, codes, grants, refresh tokens) is shared.
 */
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresStorage } from '../storage/postgres.js'
import {
  dropTestSchema,
  newTestSchema,
  postgresAvailable,
  testDatabaseUrl,
} from '../testing/postgres-test-database.js'
import type { Storage } from '../storage/types.js'
import { CRM_CALLBACK, CRM_SECRET, startOpBridge, walk } from '../testing/op-fixture.js'

const available = await postgresAvailable()

describe.runIf(available)('the OpenID Provider on Postgres, two processes', () => {
  const schema = newTestSchema()
  const stores: Storage[] = []
  let op: Awaited<ReturnType<typeof startOpBridge>>
  let config: client.Configuration

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const storage = await createPostgresStorage({ connectionString: testDatabaseUrl, schema })
      await storage.migrate()
      stores.push(storage)
    }
    op = await startOpBridge({ storages: stores })
    config = await client.discovery(
      new URL(op.issuer),
      'crm',
      CRM_SECRET,
      client.ClientSecretBasic(CRM_SECRET),
      { execute: [client.allowInsecureRequests] },
    )
  })
  afterAll(async () => {
    await op?.close()
    await Promise.all(stores.map((s) => s.close()))
    await dropTestSchema(schema)
  })

  it('signs in, refreshes and detects a reused code across processes', async () => {
    const verifier = client.randomPKCECodeVerifier()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CRM_CALLBACK,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'pg',
    })
    const back = await walk(op.browser(), op.issuer, url.href)
    const tokens = await client.authorizationCodeGrant(config, back.url, {
      pkceCodeVerifier: verifier,
      expectedState: 'pg',
    })
    expect(tokens.claims()?.email).toBe('alice@example.com')
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)
    expect(info.email).toBe('alice@example.com')
    const renewed = await client.refreshTokenGrant(config, tokens.refresh_token!)
    expect(renewed.access_token).toBeTruthy()
    await expect(
      client.authorizationCodeGrant(config, back.url, {
        pkceCodeVerifier: verifier,
        expectedState: 'pg',
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' })
    await expect(client.refreshTokenGrant(config, renewed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })
})
