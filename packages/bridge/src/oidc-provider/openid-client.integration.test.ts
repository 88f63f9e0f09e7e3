import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CRM_CALLBACK, CRM_SECRET, startOpBridge, walk } from '../testing/op-fixture.js'

let op: Awaited<ReturnType<typeof startOpBridge>>
beforeAll(async () => {
  op = await startOpBridge()
})
afterAll(() => op.close())

async function crmConfig() {
  return client.discovery(
    new URL(op.issuer),
    'crm',
    CRM_SECRET,
    client.ClientSecretBasic(CRM_SECRET),
    {
      execute: [client.allowInsecureRequests],
    },
  )
}

describe('openid-client as a confidential client', () => {
  it('signs in with code + PKCE', async () => {
    const config = await crmConfig()
    const verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const nonce = client.randomNonce()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CRM_CALLBACK,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    const browser = op.browser()
    const back = await walk(browser, op.issuer, url.href)
    expect(back.url.href.startsWith(CRM_CALLBACK)).toBe(true)
    const tokens = await client.authorizationCodeGrant(config, back.url, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    })
    const claims = tokens.claims()!
    expect(claims.email).toBe('alice@example.com')
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
    expect(info.email).toBe('alice@example.com')
  })
})
