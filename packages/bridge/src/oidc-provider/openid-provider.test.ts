import { createHash, randomBytes } from 'node:crypto'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { subjectFor } from '../domain/mint-token.js'
import { createPairwiseSubjects } from '../domain/pairwise-subject.js'
import { findUserByEmail } from '../domain/users.js'
import { ALICE } from '../testing/bridge-fixture.js'
import { CRM_CALLBACK, CRM_SECRET, startOpBridge, walk } from '../testing/op-fixture.js'

const WIKI = 'http://127.0.0.1:4013/'
let op: Awaited<ReturnType<typeof startOpBridge>>
beforeAll(async () => {
  op = await startOpBridge({
    apps: [
      {
        id: 'wiki',
        callbackUrls: [WIKI],
        connections: ['staff', 'partners'],
        signing: { alg: 'EdDSA' },
        subject: 'pairwise',
        oidc: true,
      },
    ],
  })
})
afterAll(() => op.close())

function pkce() {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

async function tokensFor(client: 'crm' | 'wiki', extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkce()
  const redirect = client === 'crm' ? CRM_CALLBACK : WIKI
  const query = new URLSearchParams({
    client_id: client,
    response_type: 'code',
    redirect_uri: redirect,
    scope: 'openid email',
    state: 's',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  })
  const back = await walk(op.browser(), op.issuer, `/oidc/authorize?${query}`)
  const response = await fetch(`${op.issuer}/oidc/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(client === 'crm'
        ? { Authorization: `Basic ${Buffer.from(`crm:${CRM_SECRET}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: back.url.searchParams.get('code')!,
      redirect_uri: redirect,
      code_verifier: verifier,
      ...(client === 'wiki' ? { client_id: 'wiki' } : {}),
    }),
  })
  return (await response.json()) as { id_token: string; access_token: string }
}

describe('what the OpenID Provider issues', () => {
  it('ID tokens live as long as the app says (tokenTtl)', async () => {
    const id = decodeJwt((await tokensFor('crm')).id_token)
    expect(id.exp! - id.iat!).toBe(120)
  })

  it('a pairwise app gets the same sub as its JWTs would carry, in every token', async () => {
    const tokens = await tokensFor('wiki')
    const alice = await findUserByEmail(op.bridge.storage, 'staff', ALICE.email)
    const pairwise = createPairwiseSubjects(op.bridge.storage, op.bridge.services.box)
    const expected = await subjectFor({ id: 'wiki', subject: 'pairwise' }, alice!.id, pairwise)
    expect(decodeJwt(tokens.id_token).sub).toBe(expected)
    expect(decodeJwt(tokens.access_token).sub).toBe(expected)
    expect(expected).not.toBe(alice!.id)
    const info = await fetch(`${op.issuer}/oidc/userinfo`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    })
    expect(await info.json()).toMatchObject({ sub: expected, email: ALICE.email })
  })

  it('the connection parameter must name one of the app’s connections', async () => {
    const query = new URLSearchParams({
      client_id: 'crm',
      response_type: 'code',
      redirect_uri: CRM_CALLBACK,
      scope: 'openid',
      state: 's',
      connection: 'partners',
    })
    const response = await fetch(`${op.issuer}/oidc/authorize?${query}`, { redirect: 'manual' })
    const location = new URL(response.headers.get('Location')!)
    expect(location.searchParams.get('error')).toBe('invalid_request')
  })
})

describe('paths', () => {
  it('anything under /oidc that is no endpoint is the bridge’s 404 page', async () => {
    const response = await fetch(`${op.issuer}/oidc/nothing-here`)
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('not_found')
  })
})
