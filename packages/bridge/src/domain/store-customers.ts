/**
 * BigCommerce signs in a customer by its own `customer_id`, so the bridge asks the store's
 * Customers v3 API for the customer with the user's email (and creates one when the admin allows
 * it). The API token is sealed at rest; every request goes through the outbound client (address
 * checked and pinned) with a short deadline, and any answer but the documented shape is a clear
 * error page, never a token with a guessed id.
 */
import { z } from 'zod'
import { BridgeError } from '../errors.js'
import { outboundErrorIn, type Outbound } from '../net/outbound.js'
import type { SecretBox } from '../keys/secret-box.js'
import { appApiTokenContext, type App } from './apps.js'
import { personNames } from './person-names.js'
import type { User } from './users.js'

export const STORE_API_TIMEOUT_MS = 5000
export const DEFAULT_STORE_API_URL = 'https://api.bigcommerce.com'

export type StoreCustomers = (app: App, user: User) => Promise<number>

const customerList = z.object({
  data: z.array(z.object({ id: z.number().int().positive(), email: z.string() }).loose()),
})

const failed = (message: string) =>
  new BridgeError('upstream_error', {
    reason: 'platform_api_failed',
    message,
  })

export function createStoreCustomers(options: {
  box: SecretBox
  outbound: Outbound
  timeoutMs?: number
}): StoreCustomers {
  return async function customerId(app, user) {
    const settings = app.platform ?? {}
    if (!settings.storeHash || !settings.apiTokenSealed) {
      throw new BridgeError('invalid_config', {
        message: `app ${app.id} has no store hash or API token`,
      })
    }
    const token = options.box.open(settings.apiTokenSealed, appApiTokenContext(app.id))
    const base = (settings.apiUrl ?? DEFAULT_STORE_API_URL).replace(/\/+$/, '')
    const url = `${base}/stores/${encodeURIComponent(settings.storeHash)}/v3/customers`
    const fetch = options.outbound.fetch({
      allowPrivateNetwork: app.dangerouslyAllowPrivateNetwork,
      timeoutMs: options.timeoutMs ?? STORE_API_TIMEOUT_MS,
    })
    const headers = { 'X-Auth-Token': token, Accept: 'application/json' }

    async function call(init: RequestInit & { url: string }): Promise<number | undefined> {
      let response: Response
      try {
        // A redirect would carry the API token to wherever it points: not followed, a failure.
        response = await fetch(init.url, {
          ...init,
          redirect: 'manual',
          headers: { ...headers, ...init.headers },
        })
      } catch (error) {
        const outboundError = outboundErrorIn(error)
        if (outboundError) {
          // A refused address fails like a silent host (net/outbound.ts); the log says which.
          throw new BridgeError('upstream_unavailable', {
            reason: 'platform_api_timeout',
            message: `store API of ${app.id} did not answer (${outboundError.reason})`,
            cause: error,
          })
        }
        throw error
      }
      const text = await response.text().catch(() => '')
      if (init.method === 'POST' && response.status === 422) return undefined
      if (!response.ok) throw failed(`store API of ${app.id} answered ${response.status}`)
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        throw failed(`store API of ${app.id} answered something that is not JSON`)
      }
      const parsed = customerList.safeParse(body)
      if (!parsed.success) throw failed(`store API of ${app.id} answered an unknown shape`)
      const wanted = user.email.toLowerCase()
      return parsed.data.data.find((c) => c.email.toLowerCase() === wanted)?.id
    }

    const found = await call({ url: `${url}?email:in=${encodeURIComponent(user.email)}` })
    if (found !== undefined) return found
    if (!settings.createCustomers) {
      throw new BridgeError('platform_refused', {
        reason: 'platform_customer_missing',
        message: `no customer of ${app.id} has the user's email`,
      })
    }
    // BigCommerce requires both names: the names rule (person-names.ts) with the email's start.
    const names = personNames(user)
    const fallback = user.email.split('@')[0] ?? user.email
    const created = await call({
      url,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        {
          email: user.email,
          first_name: names.givenName ?? fallback,
          last_name: names.familyName ?? names.givenName ?? fallback,
        },
      ]),
    })
    if (created !== undefined) return created
    // 422: the store refused the new customer, most often because a sign-in running at the same
    // time created it first; that customer is the one to sign in as.
    const meanwhile = await call({ url: `${url}?email:in=${encodeURIComponent(user.email)}` })
    if (meanwhile === undefined) throw failed(`store API of ${app.id} created no customer`)
    return meanwhile
  }
}
