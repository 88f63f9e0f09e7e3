/**
 * A real OpenID Provider for the demo and the tests: oidc-provider (panva) on loopback, with
 * its own login page checking demo users' passwords, and consent granted for its known clients.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair } from 'jose'
import Provider, { type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider'
import { loginPage } from './login-page.js'
import { claimsOf, findUser, passwordMatches, type DemoIdpUser } from './users.js'

export type { DemoIdpUser } from './users.js'

export interface OidcIdpOptions {
  port: number
  hostname?: string
  title?: string
  clients: ClientMetadata[]
  users: DemoIdpUser[]
}

export interface RunningOidcIdp {
  issuer: string
  close(): Promise<void>
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = ''
  for await (const chunk of req) {
    body += chunk
    if (body.length > 16_384) throw new Error('form too large')
  }
  return new URLSearchParams(body)
}

export async function startOidcIdp(options: OidcIdpOptions): Promise<RunningOidcIdp> {
  const hostname = options.hostname ?? '127.0.0.1'
  const title = options.title ?? 'Example Corp sign-in'
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_, res) => res.end()
  const server = createServer((req, res) => handle(req, res))
  await new Promise<void>((done) => server.listen(options.port, hostname, done))
  const issuer = `http://${hostname}:${(server.address() as AddressInfo).port}`

  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: 'demo-rs256',
    alg: 'RS256',
    use: 'sig',
  }
  const provider = new Provider(issuer, {
    clients: options.clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'groups'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const user = options.users.find((u) => u.id === id)
      return user ? { accountId: user.id, claims: () => claimsOf(user) } : undefined
    },
    // The demo's clients are first-party: grant what they ask for instead of a consent page.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId)
      if (grantId) return ctx.oidc.provider.Grant.find(grantId)
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    },
  })
  const oidc = provider.callback()

  handle = async (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '')
    if (!match) return oidc(req, res)
    try {
      const details = await provider.interactionDetails(req, res)
      const action = `/interaction/${details.uid}`
      const send = (html: string, status = 200) => {
        res.writeHead(status, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
        })
        res.end(html)
      }
      if (req.method !== 'POST') {
        return send(loginPage({ title, action, email: String(details.params.login_hint ?? '') }))
      }
      const form = await readForm(req)
      const email = form.get('email') ?? ''
      const user = findUser(options.users, email)
      if (!user || !passwordMatches(user, form.get('password') ?? '')) {
        return send(loginPage({ title, action, email, error: 'Wrong email or password.' }), 401)
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.id, amr: ['pwd'] } },
        { mergeWithLastSubmission: false },
      )
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' })
      res.end('This sign-in has expired. Go back and start again.')
    }
  }

  return {
    issuer,
    close: () =>
      new Promise((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
