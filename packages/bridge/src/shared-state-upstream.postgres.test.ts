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
const expected = {
  acsUrl: acsUrl('partner'),
  spEntityId: spEntityId('partner'),
  idpEntityId: SAML_IDP,
}
const samlResponse = (inResponseTo: string) =>
  buildResponse(expected, inResponseTo, { signAssertion: idpKey })

describe.runIf(postgres.available)(
  'shared state of SAML and the OpenID Provider on Postgres',
  () => {
    let schema: TestSchema
    let two: TwoBridges
    let op: client.Configuration
    let side: Side = 0
    /** Runs an openid-client call against one process. */
    const via = <T>(at: Side, call: () => Promise<T>) => {
      side = at
      return call()
    }

    beforeAll(async () => {
      schema = await postgres.createSchema()
      two = await startTwoBridges({
        config: sharedStateConfig(idpKey),
        databaseUrl: schema.connectionString,
        env: sharedStateEnv,
      })
      op = await client.discovery(
        new URL(ISSUER),
        'crm',
        CRM_SECRET,
        client.ClientSecretBasic(CRM_SECRET),
        {
          execute: [client.allowInsecureRequests],
          [client.customFetch]: (url, options) =>
            fetch(url.replace(ISSUER, two.processes[side].url), options as RequestInit),
        },
      )
    }, 90_000)
    afterAll(async () => {
      await two?.close()
      await schema?.drop()
    })

    /** A sign-in at the OpenID Provider, every request to the other process; returns the callback. */
    async function opCode() {
      const verifier = client.randomPKCECodeVerifier()
      const url = client.buildAuthorizationUrl(op, {
        redirect_uri: CRM_CALLBACK,
        scope: 'openid email offline_access',
        prompt: 'consent',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'pg',
      })
      const back = await walk(two.roundRobin(), ISSUER, url.href)
      expect(back.url.searchParams.get('code')).toBeTruthy()
      const redeem = () =>
        client.authorizationCodeGrant(op, back.url, {
          pkceCodeVerifier: verifier,
          expectedState: 'pg',
        })
      return { redeem }
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
      expect(decodeJwt(readForm(await finish!.text()).fields.token!).email).toBe(
        'dana@partner.example',
      )

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
    })

    it('refresh-token rotation: rotated on one, the old token is refused on the other, and its reuse ends the grant', async () => {
      const tokens = await via(0, (await opCode()).redeem)
      expect(tokens.claims()?.email).toBe(ALICE.email)
      const rotated = await via(1, () => client.refreshTokenGrant(op, tokens.refresh_token!))
      expect(rotated.refresh_token).toBeTruthy()
      expect(rotated.refresh_token).not.toBe(tokens.refresh_token)

      await expect(
        via(0, () => client.refreshTokenGrant(op, tokens.refresh_token!)),
      ).rejects.toMatchObject({ error: 'invalid_grant' })
      // Reuse detection: the token B rotated to dies with the grant A revoked.
      await expect(
        via(1, () => client.refreshTokenGrant(op, rotated.refresh_token!)),
      ).rejects.toMatchObject({ error: 'invalid_grant' })
    })

    it('replay records: a code used on one is refused on the other, which also ends its access token there', async () => {
      const { redeem } = await opCode()
      const tokens = await via(1, redeem)
      const sub = tokens.claims()!.sub
      // A honours the access token B minted (its jti is noted in storage for revocation).
      const info = await via(0, () => client.fetchUserInfo(op, tokens.access_token, sub))
      expect(info.email).toBe(ALICE.email)

      await expect(via(0, redeem)).rejects.toMatchObject({ error: 'invalid_grant' })
      await expect(
        via(1, () => client.fetchUserInfo(op, tokens.access_token, sub)),
      ).rejects.toMatchObject({
        status: 401,
        cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }],
      })
    })

    it('replay records: a SAML result handle written on one process is taken once, on the other', async () => {
      const onA = two.browser(0)
      const { id } = await startSamlSignIn(onA, { app: 'extranet' })
      const acs = await postToAcs(two.fetchable(0), 'partner', {
        SAMLResponse: base64(samlResponse(id).xml),
      })
      expect(acs.status).toBe(303)
      const finish = acs.headers.get('Location')!
      const onB = two.switchTo(1, onA)
      expect((await onB.get(finish)).status).toBe(200)
      const { result, refusal } = await two.refusedBy(0, () => onA.get(finish))
      expect(result.status).toBe(400)
      expect(refusal).toMatchObject({ code: 'login_expired', reason: 'upstream_state_unknown' })
    })
  },
)
