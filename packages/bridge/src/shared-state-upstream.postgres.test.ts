/**
 * Shared state of SAML and of the OpenID Provider, checked with two real bridge processes on one
 * Postgres schema: request and assertion ids, refresh-token rotation and the one-time records
 * (codes, jti notes, SAML result handles) that one process writes and the other must honour.
 */
import { decodeJwt } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCertifiedKeyPair } from './keys/self-signed-certificate.js'
import { ALICE, ISSUER } from './testing/bridge-fixture.js'
import { CRM_CALLBACK, CRM_SECRET, walk } from './testing/op-fixture.js'
import { findPostgresTestDatabase, type TestSchema } from './testing/postgres-test-database.js'
import {
  acsUrl,
  deliverToAcs,
  postToAcs,
  spEntityId,
  startSamlSignIn,
} from './testing/saml-flow.js'
import { base64, buildResponse } from './testing/saml-responses.js'
import { SAML_IDP, sharedStateConfig, sharedStateEnv } from './testing/shared-state-config.js'
import { readForm } from './testing/test-browser.js'
import { startTwoBridges, type Side, type TwoBridges } from './testing/two-bridges.js'

const postgres = await findPostgresTestDatabase()
const idpKey = generateCertifiedKeyPair('partner idp')
const expected = { acsUrl: acsUrl('partner'), spEntityId: spEntityId('partner') }
const samlResponse = (inResponseTo: string) =>
  buildResponse({ ...expected, idpEntityId: SAML_IDP }, inResponseTo, { signAssertion: idpKey })

describe.runIf(postgres.available)('shared state of SAML and the OpenID Provider', () => {
  let schema: TestSchema
  let two: TwoBridges
  /** openid-client for crm, one per process: everything it sends goes to that process. */
  let op: [client.Configuration, client.Configuration]

  beforeAll(async () => {
    schema = await postgres.createSchema()
    two = await startTwoBridges({
      config: sharedStateConfig(idpKey),
      databaseUrl: schema.connectionString,
      env: sharedStateEnv,
    })
    const discover = (side: Side) =>
      client.discovery(new URL(ISSUER), 'crm', CRM_SECRET, client.ClientSecretBasic(CRM_SECRET), {
        execute: [client.allowInsecureRequests],
        [client.customFetch]: (url, options) =>
          fetch(url.replace(ISSUER, two.processes[side].url), options as RequestInit),
      })
    op = [await discover(0), await discover(1)]
  }, 90_000)
  afterAll(async () => {
    await two?.close()
    await schema?.drop()
  })

  /** A sign-in at the OpenID Provider, each request to the other process; redeem on either. */
  async function opCode() {
    const verifier = client.randomPKCECodeVerifier()
    const url = client.buildAuthorizationUrl(op[0], {
      redirect_uri: CRM_CALLBACK,
      scope: 'openid email offline_access',
      prompt: 'consent',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'pg',
    })
    const back = await walk(two.roundRobin(), ISSUER, url.href)
    expect(back.url.searchParams.get('code')).toBeTruthy()
    return (side: Side) =>
      client.authorizationCodeGrant(op[side], back.url, {
        pkceCodeVerifier: verifier,
        expectedState: 'pg',
      })
  }

  it('SAML request ids and assertion ids: one process sees what the other recorded', async () => {
    const onA = two.browser(0)
    const { id } = await startSamlSignIn(onA, { app: 'extranet' })
    const first = samlResponse(id)
    // The request A sent, answered at B's ACS; the sign-in finishes on A.
    const { acs, finish } = await deliverToAcs(two.fetchable(1), onA, 'partner', {
      SAMLResponse: base64(first.xml),
    })
    expect(acs.status).toBe(303)
    expect(finish?.status).toBe(200)
    const { token } = readForm(await finish!.text()).fields
    expect(decodeJwt(token!).email).toBe('dana@partner.example')

    // Another Response to the request B consumed: A finds no such request.
    const again = await two.refusedBy(0, () =>
      postToAcs(two.fetchable(0), 'partner', { SAMLResponse: base64(samlResponse(id).xml) }),
    )
    expect(again.result.status).toBe(400)
    expect(await again.result.text()).toContain('<code>login_expired</code>')
    expect(again.refusal).toMatchObject({
      code: 'login_expired',
      reason: 'upstream_response_refused',
      msg: 'saml response refused for connection partner: unknown_request',
    })
    // The very Response B accepted, replayed to A: its assertion id is on record.
    const replay = await two.refusedBy(0, () =>
      postToAcs(two.fetchable(0), 'partner', { SAMLResponse: base64(first.xml) }),
    )
    expect(replay.result.status).toBe(400)
    expect(replay.refusal).toMatchObject({
      code: 'login_expired',
      msg: 'saml response refused for connection partner: replayed',
    })

    // One Response posted to both at the same moment: one process takes it.
    const raced = samlResponse((await startSamlSignIn(two.browser(1), { app: 'extranet' })).id)
    const answers = await Promise.all(
      ([0, 1] as const).map((side) =>
        postToAcs(two.fetchable(side), 'partner', { SAMLResponse: base64(raced.xml) }),
      ),
    )
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 400])
  })

  it('refresh-token rotation: rotated on one, the old token is refused on the other, and its reuse ends the grant', async () => {
    const tokens = await (await opCode())(0)
    expect(tokens.claims()?.email).toBe(ALICE.email)
    const rotated = await client.refreshTokenGrant(op[1], tokens.refresh_token!)
    expect(rotated.refresh_token).toBeTruthy()
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token)

    await expect(client.refreshTokenGrant(op[0], tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
    // Reuse detection: the token B rotated to dies with the grant A revoked.
    await expect(client.refreshTokenGrant(op[1], rotated.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('replay records: a code used on one is refused on the other, which also ends its access token there', async () => {
    const redeem = await opCode()
    const tokens = await redeem(1)
    const sub = tokens.claims()!.sub
    // A honours the access token B minted (its jti is noted in storage, for revocation).
    const info = await client.fetchUserInfo(op[0], tokens.access_token, sub)
    expect(info.email).toBe(ALICE.email)

    await expect(redeem(0)).rejects.toMatchObject({ error: 'invalid_grant' })
    await expect(client.fetchUserInfo(op[1], tokens.access_token, sub)).rejects.toMatchObject({
      status: 401,
      cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }],
    })

    // One code redeemed on both at the same moment: never twice.
    const raced = await opCode()
    const outcomes = await Promise.allSettled([raced(0), raced(1)])
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeLessThanOrEqual(1)
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ error: 'invalid_grant' })
    }
  })

  it('replay records: a SAML result handle written on one process is taken once, on the other', async () => {
    const onA = two.browser(0)
    const { id } = await startSamlSignIn(onA, { app: 'extranet' })
    const acs = await postToAcs(two.fetchable(0), 'partner', {
      SAMLResponse: base64(samlResponse(id).xml),
    })
    expect(acs.status).toBe(303)
    const finish = acs.headers.get('Location')!
    expect((await two.switchTo(1, onA).get(finish)).status).toBe(200)
    const { result, refusal } = await two.refusedBy(0, () => onA.get(finish))
    expect(result.status).toBe(400)
    expect(refusal).toMatchObject({ code: 'login_expired', reason: 'upstream_state_unknown' })
  })
})
