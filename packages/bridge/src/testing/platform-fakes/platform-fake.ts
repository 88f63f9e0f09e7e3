/**
 * A fake of one platform's sign-in endpoint on 127.0.0.1 (node:http, free port). It starts round
 * trips as the platform does, runs the platform's checks on every delivery, and accepts (records
 * the claims it saw, signs the visitor in, sends them on) or refuses as the platform would.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  accepts,
  platformChecks,
  type PlatformDelivery,
  type PlatformName,
  type RuleResult,
} from '../../platforms/checks/index.js'
import { acceptedLanding, page, platformLabel, refusal } from './answers.js'
import { CustomersApi } from './bigcommerce-customers.js'
import { claimsOf } from './claims-of.js'
import { carried, endpointPath, isDelivery } from './endpoints.js'
import { keyOf, roundTripKey, startRoundTrip, type RoundTrip } from './round-trips.js'

export interface FakeOptions {
  platform: PlatformName
  /**
   * The secret (or RS256/EdDSA public key) the platform verifies with; a function when the key
   * exists only later (the bridge's RS256 key, pasted into Freshworks once the bridge runs).
   */
  key: string | (() => string)
  /**
   * The platform's own settings: BigCommerce client_id, store_hash, api_token; Canny companyID;
   * Zendesk remote_login_url (where its errors go).
   */
  account?: Record<string, string>
  /** The bridge URL the platform sends visitors to when a sign-in starts there. */
  signInUrl?: string
  /** The platform's clock (ms); tests move it to make a delivery late. */
  now?: () => number
  port?: number
}

export interface Delivered {
  delivery: PlatformDelivery
  rules: RuleResult[]
  at: number
}
export interface Acceptance extends Delivered {
  claims: Record<string, unknown>
}
export type Refusal = Delivered & { failed: string[] }

export interface PlatformFake {
  platform: PlatformName
  origin: string
  /** The URL to register as the app's callback (BigCommerce and Shopify append the token). */
  endpoint: string
  signInUrl: string
  accepted: Acceptance[]
  refused: Refusal[]
  /** Start a sign-in the way the platform does; returns the bridge URL the visitor is sent to. */
  start(target?: string): string
  /** BigCommerce only: the Customers v3 API the preset looks customers up in. */
  customers?: CustomersApi
  close(): Promise<void>
}

const readBody = async (req: IncomingMessage) => {
  let body = ''
  for await (const chunk of req) body += String(chunk)
  return body
}

/** The callback page Mintlify serves: its script reads the fragment the server never sees. */
const mintlifyCallbackPage = `<!doctype html><html><head><meta charset="utf-8"><title>Mintlify</title></head><body><p>Signing in…</p><script>location.replace('/__fake/fragment?href=' + encodeURIComponent(location.href))</script></body></html>`

export async function startPlatformFake(options: FakeOptions): Promise<PlatformFake> {
  const { platform } = options
  const currentKey = () => (typeof options.key === 'function' ? options.key() : options.key)
  const account = options.account ?? {}
  const now = options.now ?? Date.now
  const used = new Set<string>()
  const pending: RoundTrip[] = []
  const sessions = new Map<string, string>()

  const customers =
    platform === 'bigcommerce'
      ? new CustomersApi(account.store_hash ?? 'fakestore', account.api_token ?? 'fake-api-token')
      : undefined

  const fake: PlatformFake = {
    platform,
    origin: '',
    endpoint: '',
    signInUrl: options.signInUrl ?? '',
    accepted: [],
    refused: [],
    customers,
    start(target = '/') {
      const trip = startRoundTrip(
        platform,
        { origin: fake.origin, key: currentKey(), account },
        target,
        now(),
      )
      pending.push(trip)
      const url = new URL(fake.signInUrl)
      for (const [k, v] of Object.entries(trip.params)) url.searchParams.set(k, v)
      return url.href
    },
    close: async () => undefined,
  }

  /** The round trip a delivery answers: by its key where the platform has one, else the latest. */
  function tripFor(params: URLSearchParams): RoundTrip | undefined {
    const k = roundTripKey(platform, params)
    return pending.find((t) => k !== undefined && keyOf(platform, t) === k) ?? pending.at(-1)
  }

  async function deliver(delivery: PlatformDelivery, res: ServerResponse) {
    const url = new URL(delivery.url)
    const params = new URLSearchParams(url.search)
    for (const [k, v] of Object.entries(delivery.form ?? {})) params.set(k, v)
    const trip = tripFor(params)
    // Discourse and Freshworks only take answers to sign-ins they started.
    const unsolicited: Record<string, string> =
      !trip && (platform === 'discourse' || platform === 'freshworks')
        ? { nonce: '(none issued)', state: '(none issued)' }
        : {}
    const asked: string[] = []
    const at = now()
    const rules = await platformChecks[platform](delivery, {
      key: currentKey(),
      now: at,
      seen: (id) => (asked.push(id), used.has(id)),
      expected: { ...account, ...unsolicited, ...trip?.expected },
    })
    const failedRules = rules.filter((r) => !r.pass)
    const token = carried(platform, delivery)
    if (accepts(rules) && token !== undefined) {
      for (const id of asked) used.add(id)
      if (trip) pending.splice(pending.indexOf(trip), 1)
      const claims = claimsOf(platform, token, currentKey())
      fake.accepted.push({ delivery, rules, at, claims })
      const session = randomBytes(16).toString('hex')
      const who = [claims.email, claims.sub, claims.external_id, claims.customer_id].find(
        (v) => v !== undefined && v !== '',
      )
      sessions.set(session, String(who ?? 'visitor'))
      const location = acceptedLanding(platform, fake.origin, claims, params, trip?.landing)
      res
        .writeHead(302, {
          location,
          'set-cookie': `fake_${platform}_session=${session}; Path=/; HttpOnly; SameSite=Lax`,
        })
        .end()
      return
    }
    fake.refused.push({ delivery, rules, at, failed: failedRules.map((r) => r.rule) })
    const answer = refusal(platform, failedRules, params, account)
    res.writeHead(answer.status, {
      ...(answer.location ? { location: answer.location } : {}),
      ...(answer.body ? { 'content-type': 'text/html; charset=utf-8' } : {}),
    })
    res.end(answer.body ?? '')
  }

  function signedInAs(req: IncomingMessage): string | undefined {
    const cookie = req.headers.cookie ?? ''
    const match = new RegExp(`(?:^|;\\s*)fake_${platform}_session=([a-f0-9]+)`).exec(cookie)
    return match ? sessions.get(match[1] ?? '') : undefined
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', fake.origin)
    const body = req.method === 'POST' ? await readBody(req) : ''
    if (customers?.handle(req, res, url, body)) return
    const method = req.method === 'POST' ? 'POST' : 'GET'
    if (url.pathname === '/__fake/start') {
      res.writeHead(302, { location: fake.start(url.searchParams.get('to') ?? '/') }).end()
      return
    }
    if (platform === 'mintlify' && url.pathname === endpointPath.mintlify) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(mintlifyCallbackPage)
      return
    }
    if (platform === 'mintlify' && url.pathname === '/__fake/fragment') {
      await deliver({ method: 'GET', url: url.searchParams.get('href') ?? '' }, res)
      return
    }
    if (isDelivery(platform, url)) {
      const form = method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : undefined
      await deliver({ method, url: url.href, ...(form ? { form } : {}) }, res)
      return
    }
    const who = signedInAs(req)
    const label = platformLabel[platform]
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      who
        ? page(`${label}: signed in as ${who}`, url.pathname)
        : page(`${label}: not signed in`, url.pathname + url.search),
    )
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error))
    })
  })
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done))
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  fake.endpoint = fake.origin + endpointPath[platform]
  fake.close = () =>
    new Promise<void>((done) => {
      for (const res of customers?.held ?? []) res.destroy()
      server.closeAllConnections()
      server.close(() => done())
    })
  return fake
}
